package dev.gatehouse.provisioning;

import java.util.List;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.outbox.OutboxEntryEntity;
import dev.gatehouse.provisioning.outbox.ProvisionedUserEntity;
import dev.gatehouse.provisioning.quarantine.TargetHealthEntity;
import dev.gatehouse.storage.GatehouseTables;

/**
 * Adds the outbox, enrolment and target health tables to Keycloak's own database; Liquibase creates them on H2 and
 * PostgreSQL. A realm's rows go with the realm.
 */
public final class ProvisioningTables extends GatehouseTables {

    public static final String ID = "gatehouse-provisioning";

    public ProvisioningTables() {
        super(ID, "META-INF/gatehouse-provisioning-changelog.xml", List.of(OutboxEntryEntity.class, ProvisionedUserEntity.class,
                TargetHealthEntity.class));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new Outbox(removed.getKeycloakSession()).dropRealm(removed.getRealm().getId());
            }
        });
    }
}
