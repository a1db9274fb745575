package dev.gatehouse.provisioning.scim;

import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.change.UserSnapshot;

/**
 * Finds a user or group that is at the target already: by filter, or, at a provider without filter support
 * (ServiceProviderConfig), by listing page by page and comparing here — slower, but an existing user is still
 * adopted and an existing group reused rather than a row dead-lettered or a group duplicated.
 */
final class ScimLookup {

    private final ScimCalls calls;
    private final ScimDiscovery discovery;

    ScimLookup(ScimCalls calls, ScimDiscovery discovery) {
        this.calls = calls;
        this.discovery = discovery;
    }

    /**
     * The user's id at the target, or null. One request for both: a user Gatehouse created carries our id as
     * externalId; one created otherwise is adopted by userName. The externalId match wins when both exist.
     */
    String user(UserSnapshot user) throws ScimStop {
        JsonNode resources = lookup("/Users", "externalId eq " + ScimCalls.quote(user.id()) + " or userName eq "
                        + ScimCalls.quote(user.username()),
                r -> user.id().equals(r.path("externalId").asText(null))
                        || user.username().equalsIgnoreCase(r.path("userName").asText()));
        for (JsonNode r : resources) {
            if (user.id().equals(r.path("externalId").asText(null))) {
                return r.path("id").asText(null);
            }
        }
        return resources.isEmpty() ? null : resources.get(0).path("id").asText(null);
    }

    /** The id at the target of the group with this display name, or null. */
    String group(String displayName) throws ScimStop {
        JsonNode resources = lookup("/Groups", "displayName eq " + ScimCalls.quote(displayName),
                g -> displayName.equalsIgnoreCase(g.path("displayName").asText()));
        return resources.isEmpty() ? null : resources.get(0).path("id").asText(null);
    }

    /** The resources a filter selects; {@code matches} is the filter's meaning, for providers without filtering. */
    private JsonNode lookup(String path, String filter, Predicate<JsonNode> matches) throws ScimStop {
        if (discovery.capabilities().filter()) {
            return calls.query(path, filter);
        }
        ArrayNode found = JsonSerialization.mapper.createArrayNode();
        calls.page(path, r -> {
            if (matches.test(r)) {
                found.add(r);
            }
        });
        return found;
    }
}
