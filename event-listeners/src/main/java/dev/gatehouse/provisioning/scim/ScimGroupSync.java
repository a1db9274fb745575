package dev.gatehouse.provisioning.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * A user's memberships of the groups Gatehouse pushes: only what differs from what Gatehouse put there before is
 * added or removed; other members are left alone. Groups are looked up by {@code displayName} before they are
 * created. Membership changes by PATCH where the provider supports it, else by reading the group and replacing it.
 */
final class ScimGroupSync {

    private final ProvisioningTarget target;
    private final ScimCalls calls;
    private final ScimDiscovery discovery;
    private final ScimLookup lookup;

    ScimGroupSync(ProvisioningTarget target, ScimCalls calls, ScimDiscovery discovery, ScimLookup lookup) {
        this.target = target;
        this.calls = calls;
        this.discovery = discovery;
        this.lookup = lookup;
    }

    /**
     * The names of the groups the user is now in at the target by Gatehouse's doing. {@code repeated}: an earlier
     * attempt may have added the user already (its outcome was never recorded), and some providers list a member
     * twice when it is added twice.
     */
    List<String> sync(UserSnapshot user, String userId, List<String> before, boolean repeated) throws ScimStop {
        if (!target.pushGroups()) {
            return List.of();
        }
        Map<String, UserSnapshot.Group> wanted = new LinkedHashMap<>();
        for (UserSnapshot.Group g : user.groups()) {
            if (target.pushes(g.name(), g.path())) {
                wanted.putIfAbsent(g.name(), g);
            }
        }
        Set<String> previous = new LinkedHashSet<>(before);
        for (UserSnapshot.Group g : wanted.values()) {
            if (!previous.contains(g.name())) {
                String groupId = lookup.group(g.name());
                if (groupId == null) {
                    groupId = create(g);
                } else if (repeated && isMember(groupId, userId)) {
                    continue;
                }
                changeMembership(groupId, userId, true);
            }
        }
        for (String name : previous) {
            if (!wanted.containsKey(name)) {
                String groupId = lookup.group(name);
                if (groupId != null) {
                    changeMembership(groupId, userId, false);
                }
            }
        }
        return new ArrayList<>(wanted.keySet());
    }

    private void changeMembership(String groupId, String userId, boolean add) throws ScimStop {
        TargetHttp.Response r;
        if (discovery.capabilities().patch()) {
            ObjectNode patch = add
                    ? ScimResources.patch("add", "members", arrayOf(userId))
                    : ScimResources.patch("remove", "members[value eq " + ScimCalls.quote(userId) + "]", null);
            r = calls.call(new HttpPatch(calls.url("/Groups/" + groupId)), patch);
        } else {
            JsonNode group = calls.expect(new HttpGet(calls.url("/Groups/" + groupId)), null, "GET /Groups");
            ObjectNode replaced = ((ObjectNode) group).deepCopy();
            ArrayNode members = replaced.putArray("members");
            for (JsonNode m : group.path("members")) {
                if (!userId.equals(m.path("value").asText())) {
                    members.addObject().put("value", m.path("value").asText());
                }
            }
            if (add) {
                members.addObject().put("value", userId);
            }
            replaced.remove("meta");
            r = calls.call(new HttpPut(calls.url("/Groups/" + groupId)), replaced);
        }
        if (!add && r.status() == 404) {
            return;
        }
        ScimCalls.expect(r, add ? "add member /Groups" : "remove member /Groups");
    }

    private static ArrayNode arrayOf(String memberId) {
        ArrayNode value = JsonNodeFactory.instance.arrayNode();
        value.addObject().put("value", memberId);
        return value;
    }

    private boolean isMember(String groupId, String userId) throws ScimStop {
        JsonNode group = calls.expect(new HttpGet(calls.url("/Groups/" + groupId)), null, "GET /Groups");
        for (JsonNode m : group.path("members")) {
            if (userId.equals(m.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    private String create(UserSnapshot.Group group) throws ScimStop {
        TargetHttp.Response r = calls.call(new HttpPost(calls.url("/Groups")), ScimResources.group(group));
        if (r.status() == 409) {
            String existing = lookup.group(group.name());
            if (existing != null) {
                return existing;
            }
        }
        return ScimCalls.json(ScimCalls.expect(r, "POST /Groups").body()).path("id").asText(null);
    }
}
