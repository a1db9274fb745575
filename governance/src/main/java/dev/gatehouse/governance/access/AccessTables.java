package dev.gatehouse.governance.access;

import java.util.List;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.storage.GatehouseTables;

/** The end-date table and its changelog; rows of removed users, groups and realms go with them. */
public final class AccessTables extends GatehouseTables {

    public static final String ID = "gatehouse-governance-access";

    public AccessTables() {
        super(ID, "META-INF/gatehouse-governance-access-changelog.xml", List.of(AccessTermEntity.class));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserPreRemovedEvent removed) {
                AccessTerms.of(removed.getKeycloakSession()).forgetUser(removed.getUser().getId());
            } else if (event instanceof GroupModel.GroupRemovedEvent removed) {
                AccessTerms.of(removed.getKeycloakSession()).forgetGroup(removed.getGroup().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                AccessTerms.of(removed.getKeycloakSession()).forgetRealm(removed.getRealm().getId());
            }
        });
    }
}
