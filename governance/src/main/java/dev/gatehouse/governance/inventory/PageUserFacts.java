package dev.gatehouse.governance.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import dev.gatehouse.external.UserFacts;

/**
 * What the policy rules ask about the users of one page, read for the whole page at once: the first time a rule
 * asks for a kind of fact (an attribute, group memberships, identity-provider links, organizations), one query
 * reads it for every user of the page. The same answers as {@code KeycloakUserFacts} (which asks per user), with a
 * fixed number of queries per page instead of one per user.
 */
final class PageUserFacts {

    private static final Set<String> USER_COLUMNS = Set.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final List<String> ids;
    private final Map<String, Map<String, List<String>>> attributes = new HashMap<>();
    private final Map<String, Optional<Set<String>>> subtrees = new HashMap<>();
    private Map<String, Set<String>> groups;
    private Map<String, Set<String>> identityProviders;
    private Map<String, Set<String>> organizations;

    PageUserFacts(KeycloakSession session, RealmModel realm, List<UserModel> users) {
        this.session = session;
        this.realm = realm;
        this.ids = users.stream().map(UserModel::getId).toList();
    }

    /** The facts of one user of the page. */
    UserFacts of(UserModel user) {
        return new UserFacts() {
            @Override
            public String email() {
                return user.getEmail();
            }

            @Override
            public boolean emailVerified() {
                return user.isEmailVerified();
            }

            @Override
            public List<String> attributeValues(String name) {
                return USER_COLUMNS.contains(name) ? user.getAttributeStream(name).toList()
                        : attribute(name).getOrDefault(user.getId(), List.of());
            }

            @Override
            public boolean inGroupOrSubgroup(String groupPath) {
                Optional<Set<String>> subtree = subtree(groupPath);
                Set<String> memberOf = groups().getOrDefault(user.getId(), Set.of());
                return subtree.isPresent() && memberOf.stream().anyMatch(subtree.get()::contains);
            }

            @Override
            public boolean inOrganization(Set<String> aliases) {
                Set<String> memberOf = organizations().getOrDefault(user.getId(), Set.of());
                return aliases.isEmpty() ? !memberOf.isEmpty() : memberOf.stream().anyMatch(aliases::contains);
            }

            @Override
            public boolean linkedToIdentityProvider(String alias) {
                return identityProviders().getOrDefault(user.getId(), Set.of()).contains(alias);
            }
        };
    }

    /** Values of a user-profile attribute kept in Keycloak's attribute table (long values included), by user. */
    private Map<String, List<String>> attribute(String name) {
        return attributes.computeIfAbsent(name, n -> {
            Map<String, List<String>> byUser = new HashMap<>();
            em().createQuery("select a.user.id, a.value, a.longValue from UserAttributeEntity a where a.name = :name"
                            + " and a.user.id in :ids", Object[].class)
                    .setParameter("name", n).setParameter("ids", ids).getResultList()
                    .forEach(r -> byUser.computeIfAbsent((String) r[0], u -> new ArrayList<>()).add(r[1] != null ? (String) r[1] : (String) r[2]));
            return byUser;
        });
    }

    /** The ids of the group at the path and of every group below it (cached group models); empty if it is gone. */
    private Optional<Set<String>> subtree(String path) {
        return subtrees.computeIfAbsent(path, p -> {
            GroupModel target = KeycloakModelUtils.findGroupByPath(session, realm, p);
            if (target == null) {
                return Optional.empty(); // deleted since the policy was saved: the rule cannot match anyone
            }
            Set<String> ids = new HashSet<>();
            collect(target, ids);
            return Optional.of(ids);
        });
    }

    private static void collect(GroupModel group, Set<String> ids) {
        if (ids.add(group.getId())) {
            group.getSubGroupsStream().forEach(child -> collect(child, ids));
        }
    }

    private Map<String, Set<String>> groups() {
        if (groups == null) {
            groups = pairs("select m.user.id, m.groupId from UserGroupMembershipEntity m where m.user.id in :ids");
        }
        return groups;
    }

    private Map<String, Set<String>> identityProviders() {
        if (identityProviders == null) {
            identityProviders = pairs("select f.user.id, f.identityProvider from FederatedIdentityEntity f where f.user.id in :ids");
        }
        return identityProviders;
    }

    /** Enabled organizations the user is a member of (membership of the organization's group), by alias. */
    private Map<String, Set<String>> organizations() {
        if (organizations == null) {
            organizations = !realm.isOrganizationsEnabled() || session.getProvider(OrganizationProvider.class) == null ? Map.of()
                    : pairs("select m.user.id, o.alias from OrganizationEntity o, UserGroupMembershipEntity m where m.groupId = o.groupId"
                            + " and o.realmId = :realm and o.enabled = true and m.user.id in :ids");
        }
        return organizations;
    }

    private Map<String, Set<String>> pairs(String jpql) {
        Map<String, Set<String>> byUser = new HashMap<>();
        var query = em().createQuery(jpql, Object[].class).setParameter("ids", ids);
        if (jpql.contains(":realm")) {
            query.setParameter("realm", realm.getId());
        }
        query.getResultList().forEach(r -> byUser.computeIfAbsent((String) r[0], u -> new HashSet<>()).add((String) r[1]));
        return byUser;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
