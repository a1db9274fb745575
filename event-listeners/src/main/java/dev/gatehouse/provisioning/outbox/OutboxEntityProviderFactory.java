package dev.gatehouse.provisioning.outbox;

import java.util.List;

import dev.gatehouse.provisioning.quarantine.TargetHealthEntity;
import dev.gatehouse.storage.GatehouseTables;

/** Adds the outbox, enrolment and target health tables to Keycloak's own database; Liquibase creates them on H2 and PostgreSQL. */
public final class OutboxEntityProviderFactory extends GatehouseTables {

    public static final String ID = "gatehouse-provisioning";

    public OutboxEntityProviderFactory() {
        super(ID, "META-INF/gatehouse-provisioning-changelog.xml", List.of(OutboxEntryEntity.class, ProvisionedUserEntity.class,
                TargetHealthEntity.class));
    }
}
