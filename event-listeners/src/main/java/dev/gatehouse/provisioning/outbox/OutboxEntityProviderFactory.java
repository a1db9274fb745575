package dev.gatehouse.provisioning.outbox;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Adds the outbox and enrolment tables to Keycloak's own database; Liquibase creates them on H2 and PostgreSQL. */
public final class OutboxEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "gatehouse-provisioning";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(OutboxEntryEntity.class, ProvisionedUserEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/gatehouse-provisioning-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public String getId() {
        return ID;
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
