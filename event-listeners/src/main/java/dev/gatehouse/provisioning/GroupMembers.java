package dev.gatehouse.provisioning;

import java.util.stream.Stream;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The ids of a group's direct members, and optionally of its subgroups' members, read page by page from the store. */
final class GroupMembers {

    private GroupMembers() {
    }

    static Stream<String> of(KeycloakSession session, RealmModel realm, GroupModel group, boolean withSubgroups) {
        Stream<String> direct = session.users().getGroupMembersStream(realm, group).map(u -> u.getId());
        if (!withSubgroups) {
            return direct;
        }
        return Stream.concat(direct, group.getSubGroupsStream().flatMap(g -> of(session, realm, g, true))).distinct();
    }
}
