package dev.gatehouse.broker.groups;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Keeps group-sync state true to the realm, in the transaction of the change: grant records of a removed user,
 * group or realm, and of a membership anybody ended, are deleted (as are the origins of a removed group or
 * realm); a renamed or moved group's path is rewritten in the mappers' parent, default and allowed groups (as
 * Keycloak does for its own group mappers), so renaming /partners does not break logins.
 */
final class GroupSyncHousekeeping implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(GroupSyncHousekeeping.class);

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent removed) {
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteGrantsOfUser", "userId", removed.getUser().getId());
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent left) {
            JpaGrantedGroups.membershipEnded(left.getKeycloakSession(), left.getUser().getId(), left.getGroup().getId());
        } else if (event instanceof GroupModel.GroupRemovedEvent removed) {
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteGrantsOfGroup", "groupId", removed.getGroup().getId());
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteOriginsOfGroup", "groupId", removed.getGroup().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteGrantsOfRealm", "realmId", removed.getRealm().getId());
            JpaGrantedGroups.deleteFor(removed.getKeycloakSession(), "gatehouseDeleteOriginsOfRealm", "realmId", removed.getRealm().getId());
        } else if (event instanceof GroupModel.GroupPathChangeEvent moved) {
            rewritePaths(moved.getKeycloakSession(), moved.getRealm(), moved.getPreviousPath(), moved.getNewPath());
        }
    }

    private static void rewritePaths(KeycloakSession session, RealmModel realm, String previous, String next) {
        List<IdentityProviderMapperModel> mappers = session.identityProviders()
                .getMappersStream(Map.of(), null, null)
                .filter(m -> IdpGroupSyncMapper.ID.equals(m.getIdentityProviderMapper()))
                .collect(Collectors.toCollection(ArrayList::new));
        for (IdentityProviderMapperModel mapper : mappers) {
            Map<String, String> config = mapper.getConfig();
            boolean changed = false;
            String parent = config.get(GroupSyncSettings.PARENT);
            String moved = moved(parent, previous, next);
            if (moved != null) {
                config.put(GroupSyncSettings.PARENT, moved);
                changed = true;
            }
            for (String key : List.of(GroupSyncSettings.DEFAULT_GROUPS, GroupSyncSettings.ALLOWED_GROUPS)) {
                String joined = config.get(key);
                if (joined != null && !joined.isBlank()) {
                    List<String> paths = new ArrayList<>();
                    for (String path : joined.split("##")) {
                        String m = moved(path, previous, next);
                        paths.add(m == null ? path : m);
                        changed |= m != null;
                    }
                    config.put(key, String.join("##", paths));
                }
            }
            if (changed) {
                LOG.infof("Group %s is now %s in realm %s: updated group-sync mapper %s of identity provider %s",
                        previous, next, realm.getName(), mapper.getName(), mapper.getIdentityProviderAlias());
                session.identityProviders().updateMapper(mapper);
            }
        }
    }

    /** The path after the move, or null when it is neither the moved group nor below it. */
    static String moved(String path, String previous, String next) {
        if (path == null) {
            return null;
        }
        String p = path.strip();
        String normalised = p.startsWith("/") ? p : "/" + p;
        if (normalised.endsWith("/") && normalised.length() > 1) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        if (normalised.equals(previous)) {
            return next;
        }
        if (normalised.startsWith(previous + "/")) {
            return next + normalised.substring(previous.length());
        }
        return null;
    }
}
