package dev.gatehouse.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/**
 * One root of Gatehouse's admin REST API under {@code /admin/realms/{realm}/{id}}: the factory is its own
 * stateless provider, and a subclass only says which resource answers. Each module mounts its own root, so no
 * module depends on another's endpoints.
 */
public abstract class AdminRoot implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    private final String id;

    protected AdminRoot(String id) {
        this.id = id;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
