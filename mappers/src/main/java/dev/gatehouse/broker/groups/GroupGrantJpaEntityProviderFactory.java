package dev.gatehouse.broker.groups;

import java.util.List;

import dev.gatehouse.storage.GatehouseTables;

/** Adds the provenance tables ({@link GroupGrantEntity}, {@link GroupOriginEntity}) to Keycloak's database, with their Liquibase changelog. */
public final class GroupGrantJpaEntityProviderFactory extends GatehouseTables {

    public static final String ID = "gatehouse-idp-group-grants";

    public GroupGrantJpaEntityProviderFactory() {
        super(ID, "META-INF/gatehouse-idp-group-grants-changelog.xml", List.of(GroupGrantEntity.class, GroupOriginEntity.class));
    }
}
