package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.models.GroupModel;
import org.keycloak.models.GroupProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The ownership rule at the top level, with Keycloak's models faked: the provider uses only its own groups. */
class GroupSyncTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final GroupProvider groups = mock(GroupProvider.class);
    private final Map<String, GroupModel> byId = new HashMap<>();
    private final List<GroupModel> topLevel = new ArrayList<>();
    private final Set<String> members = new LinkedHashSet<>();
    private final UserModel user = mock(UserModel.class);
    private final Set<String> origins = new HashSet<>();
    private final Set<String> grants = new HashSet<>();

    GroupSyncTest() {
        when(session.groups()).thenReturn(groups);
        when(realm.getId()).thenReturn("realm");
        when(realm.getGroupById(anyString())).thenAnswer(i -> byId.get(i.<String>getArgument(0)));
        when(groups.getTopLevelGroupsStream(realm)).thenAnswer(i -> topLevel.stream());
        when(groups.createGroup(eq(realm), anyString(), isNull(GroupModel.class))).thenAnswer(i -> group(i.getArgument(1)));
        when(user.getId()).thenReturn("u1");
        when(user.getGroupsStream()).thenAnswer(i -> members.stream().map(byId::get));
        org.mockito.Mockito.doAnswer(i -> members.add(i.<GroupModel>getArgument(0).getId())).when(user).joinGroup(any());
        org.mockito.Mockito.doAnswer(i -> members.remove(i.<GroupModel>getArgument(0).getId())).when(user).leaveGroup(any());
    }

    private GroupModel group(String name) {
        GroupModel g = mock(GroupModel.class);
        String id = "g-" + name;
        when(g.getId()).thenReturn(id);
        when(g.getName()).thenReturn(name);
        byId.put(id, g);
        topLevel.add(g);
        return g;
    }

    private GroupSync sync(String allowed) {
        Map<String, String> config = new HashMap<>(Map.of(GroupSyncSettings.TOP_LEVEL, "true"));
        GroupSyncSettings settings = GroupSyncSettings.parse(config);
        GroupOrigins originStore = new GroupOrigins() {
            @Override
            public Set<String> createdBy(String idp, Collection<String> ids) {
                Set<String> created = new HashSet<>();
                ids.forEach(id -> {
                    if (origins.contains(idp + ":" + id)) {
                        created.add(id);
                    }
                });
                return created;
            }

            @Override
            public void recordCreated(String realmId, String idp, String groupId) {
                origins.add(idp + ":" + groupId);
            }
        };
        GrantedGroups grantStore = new GrantedGroups() {
            @Override
            public Set<String> of(String userId, String idp) {
                Set<String> ids = new HashSet<>();
                grants.forEach(g -> {
                    if (g.startsWith(idp + ":")) {
                        ids.add(g.substring(idp.length() + 1));
                    }
                });
                return ids;
            }

            @Override
            public void record(String realmId, String userId, String idp, String groupId) {
                grants.add(idp + ":" + groupId);
            }

            @Override
            public void forget(String userId, String idp, Collection<String> groupIds) {
                groupIds.forEach(id -> grants.remove(idp + ":" + id));
            }
        };
        return new GroupSync(session, realm, settings, grantStore, originStore);
    }

    @Test
    void anExistingTopLevelGroupIsRefusedAndOneTheProviderCreatedIsJoined() {
        GroupModel vendors = group("vendors");
        GroupSync.Outcome outcome = sync(null).apply(user, "upstream", List.of("Vendors", "red"));

        assertEquals(List.of("/vendors"), outcome.refused());
        assertEquals(Set.of("g-red"), members, "joined only the group it created");
        assertTrue(origins.contains("upstream:g-red"), "its creation is recorded");
        verify(user, never()).joinGroup(vendors);

        GroupSync.Outcome again = sync(null).apply(user, "upstream", List.of("red"));
        assertTrue(again.refused().isEmpty(), "its own group stays usable on the next sign-in");
        assertEquals(Set.of("g-red"), members);
    }

    @Test
    void anotherProvidersGroupIsNotThisOnesToUse() {
        group("partner-team");
        origins.add("other:g-partner-team");
        assertEquals(List.of("/partner-team"), sync(null).apply(user, "upstream", List.of("partner-team")).refused());
        assertTrue(members.isEmpty());
    }

    @Test
    void aGrantFromBeforeInAGroupTheProviderMayNotUseIsRemoved() {
        group("vendors");
        members.add("g-vendors");
        grants.add("upstream:g-vendors"); // a take-over that happened before the rule
        GroupSync.Outcome outcome = sync(null).apply(user, "upstream", List.of("vendors"));
        assertEquals(List.of("/vendors"), outcome.refused());
        assertTrue(members.isEmpty(), "the membership the provider took is removed");
        assertTrue(grants.isEmpty());
    }
}
