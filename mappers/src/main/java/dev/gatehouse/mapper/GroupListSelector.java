package dev.gatehouse.mapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/**
 * Picks and shapes a user's groups for one client, in one pass over the user's memberships (read once per
 * token: groups and their parents come from Keycloak's cache, no query per group).
 */
public final class GroupListSelector {

    /** Alphabetical ignoring case; names differing only by case keep a fixed order between them. */
    static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private GroupListSelector() {
    }

    /** Everything the settings select, unlimited, sorted alphabetically ignoring case. */
    public static List<String> all(GroupListSettings settings, UserModel user, ClientModel client) {
        List<RoleModel> clientRoles = settings.clientRolesOnly() && client != null ? client.getRolesStream().toList() : List.of();
        boolean needsPath = needsPath(settings);
        List<String> values = new ArrayList<>();
        for (GroupModel group : memberships(user, settings.inherited())) {
            // Building a path walks the parents: only when a setting looks at paths.
            String path = needsPath ? ModelToRepresentation.buildGroupPath(group) : null;
            String name = group.getName();
            if (!selected(settings, group, name, path, clientRoles)) {
                continue;
            }
            String value = settings.fullPath() ? path : name;
            if (!passesFilters(settings, value)) {
                continue;
            }
            if (settings.stripPrefix() != null && value.startsWith(settings.stripPrefix())
                    && value.length() > settings.stripPrefix().length()) {
                value = value.substring(settings.stripPrefix().length());
            }
            values.add(value);
        }
        values.sort(ORDER);
        List<String> unique = new ArrayList<>(values.size());
        for (String value : values) {
            if (unique.isEmpty() || !unique.get(unique.size() - 1).equals(value)) {
                unique.add(value);
            }
        }
        return unique;
    }

    private static boolean needsPath(GroupListSettings s) {
        return s.fullPath() || s.underPath() != null || !s.ignoredNames().isEmpty() || !s.ignoredPatterns().isEmpty()
                || !s.allowList().isEmpty();
    }

    /** The selection cut to the limit: the first {@code maxGroups} in sorted order. */
    public static GroupList limited(GroupListSettings settings, UserModel user, ClientModel client) {
        return limit(all(settings, user, client), settings.maxGroups());
    }

    public static GroupList limit(List<String> all, int max) {
        if (max <= 0 || all.size() <= max) {
            return new GroupList(all, all.size());
        }
        return new GroupList(all.subList(0, max), all.size());
    }

    private static Iterable<GroupModel> memberships(UserModel user, boolean inherited) {
        Map<String, GroupModel> byId = new LinkedHashMap<>();
        Stream<GroupModel> direct = user.getGroupsStream();
        direct.forEach(g -> {
            byId.putIfAbsent(g.getId(), g);
            if (inherited) {
                for (GroupModel parent = g.getParent(); parent != null; parent = parent.getParent()) {
                    byId.putIfAbsent(parent.getId(), parent);
                }
            }
        });
        return byId.values();
    }

    private static boolean selected(GroupListSettings s, GroupModel group, String name, String path, List<RoleModel> clientRoles) {
        if (s.ignoredNames().contains(name) || (path != null && s.ignoredNames().contains(path))) {
            return false;
        }
        for (var ignored : s.ignoredPatterns()) {
            if (ignored.matcher(name).matches() || (path != null && ignored.matcher(path).matches())) {
                return false;
            }
        }
        if (s.underPath() != null && !path.startsWith(s.underPath() + "/")) {
            return false;
        }
        if (!s.allowList().isEmpty() && !s.allowList().contains(name) && (path == null || !s.allowList().contains(path))) {
            return false;
        }
        if (s.clientRolesOnly()) {
            return clientRoles.stream().anyMatch(group::hasRole);
        }
        return true;
    }

    private static boolean passesFilters(GroupListSettings s, String value) {
        return (s.startsWith() == null || value.startsWith(s.startsWith()))
                && (s.contains() == null || value.contains(s.contains()))
                && (s.pattern() == null || s.pattern().matcher(value).matches());
    }
}
