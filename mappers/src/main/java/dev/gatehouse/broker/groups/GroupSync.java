package dev.gatehouse.broker.groups;

import java.util.HashMap;
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

/** Applies one login's local group names to the user's memberships (see {@link SyncPlan} for the rules). */
final class GroupSync {

    private static final Logger LOG = Logger.getLogger(GroupSync.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GroupSyncSettings settings;
    private final GrantedGroups grants;

    GroupSync(KeycloakSession session, RealmModel realm, GroupSyncSettings settings, GrantedGroups grants) {
        this.session = session;
        this.realm = realm;
        this.settings = settings;
        this.grants = grants;
    }

    /** @return the plan it carried out */
    SyncPlan apply(UserModel user, String identityProvider, List<String> localNames) {
        Set<String> asserted = resolve(localNames);
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
        return plan;
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

    /** Finds each name among the parent's children ignoring case, creating the missing ones when allowed. */
    private Set<String> resolve(List<String> localNames) {
        GroupModel parent = parent();
        Map<String, GroupModel> byKey = new HashMap<>();
        try (Stream<GroupModel> children = parent == null ? session.groups().getTopLevelGroupsStream(realm) : parent.getSubGroupsStream()) {
            children.forEach(g -> byKey.putIfAbsent(GroupSyncSettings.key(g.getName()), g));
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String name : localNames) {
            GroupModel group = byKey.get(GroupSyncSettings.key(name));
            if (group == null && settings.createMissing()) {
                group = session.groups().createGroup(realm, name, parent);
                byKey.put(GroupSyncSettings.key(name), group);
            }
            if (group != null) {
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
