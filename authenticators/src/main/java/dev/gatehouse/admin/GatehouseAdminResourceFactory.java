package dev.gatehouse.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.rest.AdminRoot;

/** Mounts Gatehouse's admin endpoints under {@code /admin/realms/{realm}/gatehouse}. */
public final class GatehouseAdminResourceFactory extends AdminRoot {

    public static final String ID = "gatehouse";

    public GatehouseAdminResourceFactory() {
        super(ID);
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new GatehouseAdminResource(session, realm, auth, adminEvent);
    }
}
