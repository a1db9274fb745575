package dev.gatehouse.provisioning.sync;

import java.util.List;

import dev.gatehouse.storage.GatehouseTables;

/** Adds the full-sync job table to Keycloak's database (its own changelog); Liquibase creates it on H2 and PostgreSQL. */
public final class SyncJobTables extends GatehouseTables {

    public SyncJobTables() {
        super("gatehouse-provisioning-sync", "META-INF/gatehouse-provisioning-sync-changelog.xml", List.of(SyncJobEntity.class));
    }
}
