package dev.gatehouse.broker.groups;

import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/** Drops the grant records of a removed user, group or realm, in the transaction that removes it. */
final class GroupGrantCleanup implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent removed) {
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteGrantsOfUser", "userId", removed.getUser().getId());
        } else if (event instanceof GroupModel.GroupRemovedEvent removed) {
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteGrantsOfGroup", "groupId", removed.getGroup().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteGrantsOfRealm", "realmId", removed.getRealm().getId());
        }
    }
}
