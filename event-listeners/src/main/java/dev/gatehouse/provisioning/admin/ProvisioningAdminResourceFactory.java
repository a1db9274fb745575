package dev.gatehouse.provisioning.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.rest.AdminRoot;

/** Mounts the provisioning admin endpoints under {@code /admin/realms/{realm}/gatehouse-provisioning}. */
public final class ProvisioningAdminResourceFactory extends AdminRoot {

    public static final String ID = "gatehouse-provisioning";

    public ProvisioningAdminResourceFactory() {
        super(ID);
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new ProvisioningAdminResource(session, realm, auth, adminEvent);
    }
}
