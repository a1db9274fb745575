package dev.gatehouse.governance.sponsor;

import java.util.List;

import dev.gatehouse.storage.GatehouseTables;

/** Adds {@code GATEHOUSE_SPONSOR} and {@code GATEHOUSE_SPONSOR_FLAG} to Keycloak's database, with their changelog. */
public final class SponsorTables extends GatehouseTables {

    public static final String ID = "gatehouse-governance-sponsors";

    public SponsorTables() {
        super(ID, "META-INF/gatehouse-governance-sponsors-changelog.xml", List.of(SponsorEntity.class, SponsorFlagEntity.class));
    }
}
