package dev.gatehouse.provisioning.scim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

/**
 * A dry run of a full sync at one SCIM target: the target's users and groups are read once ({@link ScimClient#preview}),
 * then each Keycloak user is compared as a sync would treat them, one at a time, so the realm's users are never all
 * in memory. Only users Gatehouse enrolled are ever deactivated or deleted; users at the target a sync leaves alone
 * (unknown to Keycloak, or outside the audience and never enrolled) are only counted. Changes nothing.
 */
public final class ScimPreview {

    /** Names shown per list, so a big realm gives a readable answer; the counts are complete. */
    private static final int SHOWN = 100;

    /** What the comparison needs of a user at the target; {@code mapped}: its values at the target's mapped paths. */
    private record Remote(String id, String userName, String givenName, String familyName, String email, boolean active,
                          Map<String, String> mapped) {

        static Remote of(JsonNode user, ScimAttributeMap attributes) {
            return new Remote(user.path("id").asText(), user.path("userName").asText(),
                    user.path("name").path("givenName").asText(), user.path("name").path("familyName").asText(),
                    user.path("emails").path(0).path("value").asText(), user.path("active").asBoolean(true),
                    attributes.isEmpty() ? Map.of() : attributes.read(user));
        }

        /**
         * Whether the target's user differs in what Gatehouse sends (userName, name, email, active, and the mapped
         * attributes as a sync would send them) for a kept user.
         */
        boolean differsFrom(UserSnapshot user, ScimAttributeMap attributes) {
            return !user.username().equals(userName) || !text(user.firstName()).equals(givenName)
                    || !text(user.lastName()).equals(familyName) || !text(user.email()).equals(email) || !active
                    || !attributes.isEmpty() && !attributes.read(ScimResources.user(user, true, attributes)).equals(mapped);
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }

    private final ProvisioningTarget target;
    private final String unreachable;
    private final Map<String, Remote> remoteById = new HashMap<>();
    private final Map<String, String> idByExternalId = new HashMap<>();
    private final Map<String, String> idByUserName = new HashMap<>();
    private final Set<String> remoteGroups = new HashSet<>();
    /** Remote user id to the names of the target's groups they are a member of. */
    private final Map<String, Set<String>> membership = new HashMap<>();
    private final Set<String> matched = new HashSet<>();
    private final Names create = new Names();
    private final Names update = new Names();
    private final Names changeGroups = new Names();
    private final Names deactivate = new Names();
    private final Names delete = new Names();
    private final Set<String> createGroups = new TreeSet<>();
    private long unchanged;

    private ScimPreview(ProvisioningTarget target, String unreachable) {
        this.target = target;
        this.unreachable = unreachable;
    }

    static ScimPreview of(ProvisioningTarget target) {
        return new ScimPreview(target, null);
    }

    static ScimPreview unreachable(ProvisioningTarget target, String reason) {
        return new ScimPreview(target, reason);
    }

    public boolean reachable() {
        return unreachable == null;
    }

    void remoteUser(JsonNode user) {
        Remote remote = Remote.of(user, target.attributeMap());
        remoteById.put(remote.id(), remote);
        if (user.hasNonNull("externalId")) {
            idByExternalId.put(user.get("externalId").asText(), remote.id());
        }
        idByUserName.put(remote.userName().toLowerCase(Locale.ROOT), remote.id());
    }

    void remoteGroup(JsonNode group) {
        String name = group.path("displayName").asText();
        remoteGroups.add(name);
        for (JsonNode member : group.path("members")) {
            membership.computeIfAbsent(member.path("value").asText(), id -> new HashSet<>()).add(name);
        }
    }

    /**
     * One Keycloak user. {@code keep}: enabled and in the target's audience. {@code enrolled}: what the target was last
     * told about the user, or null when Gatehouse never enrolled them there (a sync then leaves them alone at the target).
     */
    public void user(UserSnapshot user, boolean keep, TargetState enrolled) {
        Remote remote = find(user, enrolled);
        if (remote != null && (keep || enrolled != null)) {
            matched.add(remote.id());
        }
        if (!keep) {
            if (enrolled != null && remote != null) {
                if (target.deprovision() == ProvisioningTarget.Deprovision.DELETE) {
                    delete.add(user.username());
                } else if (remote.active()) {
                    deactivate.add(user.username());
                }
            }
            return;
        }
        Set<String> wantedGroups = new LinkedHashSet<>();
        if (target.pushGroups()) {
            for (UserSnapshot.Group g : user.groups()) {
                if (target.pushes(g.name(), g.path())) {
                    wantedGroups.add(g.name());
                    if (!remoteGroups.contains(g.name())) {
                        createGroups.add(g.name());
                    }
                }
            }
        }
        if (remote == null) {
            create.add(user.username());
            return;
        }
        boolean changed = remote.differsFrom(user, target.attributeMap());
        boolean regrouped = groupsDiffer(wantedGroups, enrolled == null ? List.of() : enrolled.groups(),
                membership.getOrDefault(remote.id(), Set.of()));
        if (changed) {
            update.add(user.username());
        }
        if (regrouped) {
            changeGroups.add(user.username());
        }
        if (!changed && !regrouped) {
            unchanged++;
        }
    }

    /** As a delivery finds the user: the id recorded at enrolment, else our id as externalId, else the userName. */
    private Remote find(UserSnapshot user, TargetState enrolled) {
        String id = enrolled != null && enrolled.remoteId() != null && remoteById.containsKey(enrolled.remoteId())
                ? enrolled.remoteId() : idByExternalId.get(user.id());
        if (id == null) {
            id = idByUserName.get(user.username().toLowerCase(Locale.ROOT));
        }
        return id == null ? null : remoteById.get(id);
    }

    /**
     * As a sync changes membership: it adds the groups it has not added before (a group missing at the target), and
     * removes the ones it added that the user has left (still there at the target).
     */
    private static boolean groupsDiffer(Set<String> wanted, List<String> addedBefore, Set<String> atTarget) {
        for (String name : wanted) {
            if (!addedBefore.contains(name) && !atTarget.contains(name)) {
                return true;
            }
        }
        for (String name : addedBefore) {
            if (!wanted.contains(name) && atTarget.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** Why the target's users could not be read; null when they were. */
    public String failure() {
        return unreachable;
    }

    /** What a full sync would do, by kind of change (only when {@link #reachable}). */
    public Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("create", create.part());
        result.put("update", update.part());
        result.put("membership", changeGroups.part());
        result.put("deactivate", deactivate.part());
        result.put("delete", delete.part());
        Names groups = new Names();
        createGroups.forEach(groups::add);
        result.put("createGroups", groups.part());
        result.put("unchanged", unchanged);
        result.put("unmanagedAtTarget", remoteById.keySet().stream().filter(id -> !matched.contains(id)).count());
        return result;
    }

    /** A count and the first names. */
    private static final class Names {
        private final List<String> shown = new ArrayList<>();
        private long count;

        void add(String name) {
            count++;
            if (shown.size() < SHOWN) {
                shown.add(name);
            }
        }

        Map<String, Object> part() {
            return Map.of("count", count, "users", shown);
        }
    }
}
