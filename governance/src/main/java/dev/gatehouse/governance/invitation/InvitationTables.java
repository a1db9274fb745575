package dev.gatehouse.governance.invitation;

import java.util.List;

import dev.gatehouse.storage.GatehouseTables;

/** Adds {@code GATEHOUSE_INVITATION} to Keycloak's database, with its changelog. */
public final class InvitationTables extends GatehouseTables {

    public static final String ID = "gatehouse-governance-invitations";

    public InvitationTables() {
        super(ID, "META-INF/gatehouse-governance-invitations-changelog.xml", List.of(InvitationEntity.class));
    }
}
