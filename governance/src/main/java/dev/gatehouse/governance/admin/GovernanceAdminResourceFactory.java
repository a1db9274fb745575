package dev.gatehouse.governance.admin;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.governance.GovernanceOptions;
import dev.gatehouse.rest.AdminRoot;

/**
 * Mounts {@code /admin/realms/{realm}/gatehouse-governance} and holds governance's server options, parsed once at
 * start from this provider's scope ({@code --spi-admin-realm-restapi-extension--gatehouse-governance--…}).
 */
public final class GovernanceAdminResourceFactory extends AdminRoot implements GovernanceOptions.Holder {

    private volatile GovernanceOptions options = GovernanceOptions.DEFAULTS;

    public GovernanceAdminResourceFactory() {
        super(GovernanceOptions.ADMIN_ROOT);
    }

    @Override
    public void init(Config.Scope config) {
        options = GovernanceOptions.parse(config);
    }

    @Override
    public GovernanceOptions options() {
        return options;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new GovernanceAdminResource(session, realm, auth, adminEvent);
    }
}
