package dev.gatehouse.broker.groups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Applies one login's local group names to the user's memberships (see {@link SyncPlan} for the rules). The
 * provider places users only in groups it created itself ({@link GroupOrigins}) or that the mapper's allow list
 * names: an upstream name equal to one of the realm's own groups (say /vendors, which a policy targets, or a group
 * granting roles) is refused, never joined.
 */
final class GroupSync {

    private static final Logger LOG = Logger.getLogger(GroupSync.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GroupSyncSettings settings;
    private final GrantedGroups grants;
    private final GroupOrigins origins;

    /**
     * @param plan    what the login changed
     * @param refused paths of existing groups the provider named but may not place users in
     */
    record Outcome(SyncPlan plan, List<String> refused) {
        Outcome {
            refused = List.copyOf(refused);
        }
    }

    private record Resolved(Set<String> usable, List<String> refused) {
    }

    GroupSync(KeycloakSession session, RealmModel realm, GroupSyncSettings settings, GrantedGroups grants, GroupOrigins origins) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
        this.grants = grants;
        this.origins = origins;
    }

    Outcome apply(UserModel user, String identityProvider, List<String> localNames) {
        Resolved resolved = resolve(identityProvider, localNames);
        Set<String> asserted = resolved.usable();
        Set<String> direct = user.getGroupsStream().map(GroupModel::getId).collect(Collectors.toSet());
        Set<String> granted = grants.of(user.getId(), identityProvider);
        SyncPlan plan = SyncPlan.of(asserted, direct, granted, this::isIgnored);
        for (String id : plan.leave()) {
            GroupModel group = realm.getGroupById(id);
            if (group != null) {
                user.leaveGroup(group);
            }
        }
        Set<String> forget = new LinkedHashSet<>(plan.forget());
        forget.addAll(plan.leave());
        if (!forget.isEmpty()) {
            grants.forget(user.getId(), identityProvider, forget);
        }
        for (String id : plan.join()) {
            user.joinGroup(realm.getGroupById(id));
            if (!granted.contains(id)) {
                grants.record(realm.getId(), user.getId(), identityProvider, id);
            }
        }
        if (!plan.isEmpty()) {
            LOG.debugf("Group sync from %s for user %s: joined %d, left %d", identityProvider, user.getId(), plan.join().size(), plan.leave().size());
        }
        return new Outcome(plan, resolved.refused());
    }

    /** The settings' default groups, joined without a grant record so re-sync never removes them. */
    void joinDefaults(UserModel user) {
        for (String path : settings.defaultGroups()) {
            GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null) {
                LOG.warnf("Default group %s of an identity-provider group sync does not exist in realm %s", path, realm.getName());
            } else if (user.getGroupsStream().noneMatch(g -> g.getId().equals(group.getId()))) {
                user.joinGroup(group);
            }
        }
    }

    /**
     * Finds each name among the parent's children by what it looks like, creating the missing ones when allowed
     * (recording that this provider created them); an existing group is usable only when this provider created it
     * or the allow list names it.
     */
    private Resolved resolve(String identityProvider, List<String> localNames) {
        GroupModel parent = parent();
        Map<String, GroupModel> byKey = new HashMap<>();
        try (Stream<GroupModel> children = parent == null ? session.groups().getTopLevelGroupsStream(realm) : parent.getSubGroupsStream()) {
            children.forEach(g -> byKey.putIfAbsent(GroupSyncSettings.key(g.getName()), g));
        }
        Set<String> usable = new LinkedHashSet<>();
        Map<String, GroupModel> existing = new LinkedHashMap<>();
        for (String name : localNames) {
            GroupModel group = byKey.get(GroupSyncSettings.key(name));
            if (group != null) {
                existing.putIfAbsent(group.getId(), group);
            } else if (settings.createMissing()) {
                group = session.groups().createGroup(realm, name, parent);
                origins.recordCreated(realm.getId(), identityProvider, group.getId());
                byKey.put(GroupSyncSettings.key(name), group);
                usable.add(group.getId());
            }
        }
        Set<String> mayUse = new HashSet<>(origins.createdBy(identityProvider, existing.keySet()));
        mayUse.addAll(allowedIds());
        List<String> refused = new ArrayList<>();
        for (GroupModel group : existing.values()) {
            if (mayUse.contains(group.getId())) {
                usable.add(group.getId());
            } else {
                refused.add((settings.parentPath() == null ? "" : settings.parentPath()) + "/" + group.getName());
            }
        }
        return new Resolved(usable, refused);
    }

    private Set<String> allowedIds() {
        Set<String> ids = new HashSet<>();
        for (String path : settings.allowedGroups()) {
            GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null) {
                LOG.warnf("Allowed group %s of an identity-provider group sync does not exist in realm %s", path, realm.getName());
            } else {
                ids.add(group.getId());
            }
        }
        return ids;
    }

    private GroupModel parent() {
        if (settings.parentPath() == null) {
            return null;
        }
        GroupModel parent = KeycloakModelUtils.findGroupByPath(session, realm, settings.parentPath());
        if (parent == null) {
            throw new IllegalStateException("The parent group " + settings.parentPath() + " does not exist.");
        }
        return parent;
    }

    private boolean isIgnored(String groupId) {
        GroupModel group = realm.getGroupById(groupId);
        return group != null && settings.ignores(group.getName());
    }
}
