package dev.gatehouse.lifecycle;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.rest.AdminRoot;

/** Mounts the lifecycle dry-run under {@code /admin/realms/{realm}/gatehouse-lifecycle}. */
public final class LifecycleAdminResourceFactory extends AdminRoot {

    public static final String ID = "gatehouse-lifecycle";

    public LifecycleAdminResourceFactory() {
        super(ID);
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new LifecycleAdminResource(session, realm, auth);
    }
}
