package dev.gatehouse.provisioning;

import java.util.List;

import dev.gatehouse.provisioning.quarantine.TargetHealthEntity;
import dev.gatehouse.storage.GatehouseTables;
import dev.gatehouse.provisioning.outbox.OutboxEntryEntity;
import dev.gatehouse.provisioning.outbox.ProvisionedUserEntity;

/** Adds the outbox, enrolment and target health tables to Keycloak's own database; Liquibase creates them on H2 and PostgreSQL. */
public final class ProvisioningTables extends GatehouseTables {

    public static final String ID = "gatehouse-provisioning";

    public ProvisioningTables() {
        super(ID, "META-INF/gatehouse-provisioning-changelog.xml", List.of(OutboxEntryEntity.class, ProvisionedUserEntity.class,
                TargetHealthEntity.class));
    }
}
