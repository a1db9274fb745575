package dev.gatehouse.storage;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Tables Gatehouse adds to Keycloak's database: their JPA entities and the Liquibase changelog that creates them.
 * Each capability that keeps rows names its own in a subclass; Keycloak runs the changelog at start.
 */
public abstract class GatehouseTables implements JpaEntityProviderFactory, JpaEntityProvider {

    private final String id;
    private final String changelog;
    private final List<Class<?>> entities;

    protected GatehouseTables(String id, String changelog, List<Class<?>> entities) {
        this.id = id;
        this.changelog = changelog;
        this.entities = List.copyOf(entities);
    }

    @Override
    public final JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public final List<Class<?>> getEntities() {
        return entities;
    }

    @Override
    public final String getChangelogLocation() {
        return changelog;
    }

    @Override
    public final String getFactoryId() {
        return id;
    }

    @Override
    public final String getId() {
        return id;
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
