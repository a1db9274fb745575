package dev.gatehouse.provisioning.scim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

/**
 * A SCIM 2.0 client (RFC 7643/7644) for one target. Every operation is idempotent, so a row delivered twice
 * (a node died after sending, before recording) changes nothing the second time: a user is addressed by the id
 * recorded at the target; without one it is created, and a 409 for its unique {@code userName} makes Gatehouse
 * look it up (by {@code externalId}, the Keycloak user id, then {@code userName}) and adopt it; groups are looked up
 * by {@code displayName} before they are created.
 */
public final class ScimClient implements TargetClient {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String SCIM_JSON = "application/scim+json";
    /** Resources asked for per page when listing (preview, lookups without filter support). */
    private static final int PAGE = 200;

    private final ProvisioningTarget target;
    private final TargetHttp http;
    private final Map<String, String> headers;
    /** With {@code auth=oauth2}: where the access token comes from; null otherwise. */
    private final ClientCredentials oauth;
    private final KnownCapabilities known;
    private volatile ScimCapabilities capabilities;

    /**
     * {@code tokens}: this node's access tokens, for OAuth targets; {@code known}: what its targets support. Both
     * are kept between batches.
     */
    public ScimClient(ProvisioningTarget target, TargetHttp http, String secret, AccessTokens tokens, KnownCapabilities known) {
        this.target = target;
        this.http = http;
        this.known = known;
        this.headers = switch (target.auth()) {
            case BEARER -> Map.of("Authorization", "Bearer " + secret, "Accept", SCIM_JSON);
            case BASIC -> Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (target.username() + ":" + secret).getBytes(StandardCharsets.UTF_8)), "Accept", SCIM_JSON);
            case NONE, OAUTH2 -> Map.of("Accept", SCIM_JSON);
        };
        this.oauth = target.auth() == ProvisioningTarget.Auth.OAUTH2 ? new ClientCredentials(target, secret, http, tokens) : null;
    }

    @Override
    public ProvisioningTarget target() {
        return target;
    }

    /** A call failed in a way that ends this delivery with {@link #outcome}. */
    private static final class Stop extends Exception {
        private final transient DeliveryOutcome outcome;

        Stop(DeliveryOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    @Override
    public DeliveryOutcome deliver(ClaimedEntry entry) {
        try {
            UserSnapshot user = JsonSerialization.readValue(entry.payload(), UserSnapshot.class);
            ChangeType type = ChangeType.of(entry.type());
            if (type == null) {
                return new DeliveryOutcome.Delivered(null);
            }
            return switch (type) {
                case PROVISIONED, UPDATED -> user.enabled() ? upsert(user, entry) : deprovision(user, entry, false);
                case DEPROVISIONED -> deprovision(user, entry, false);
                case DELETED -> deprovision(user, entry, true);
            };
        } catch (Stop stop) {
            return stop.outcome;
        } catch (java.io.IOException unreadable) {
            return new DeliveryOutcome.Dead("unreadable outbox payload: " + unreadable.getClass().getSimpleName());
        }
    }

    /** Reads {@code /ServiceProviderConfig}: the reachability test, and how to talk to this provider. */
    private ScimCapabilities capabilities() throws Stop {
        ScimCapabilities found = capabilities;
        if (found == null) {
            found = known.get(target);
        }
        if (found == null) {
            TargetHttp.Response r = call(new HttpGet(url("/ServiceProviderConfig")), null);
            found = r.ok() ? ScimCapabilities.from(json(r.body())) : ScimCapabilities.UNKNOWN;
            if (r.ok()) {
                known.keep(target, found);
            }
        }
        capabilities = found;
        return found;
    }

    /** Rows per bulk request when the target offers SCIM Bulk (its {@code maxOperations}, capped); 1 otherwise. */
    @Override
    public int rowsPerRequest() {
        try {
            ScimCapabilities found = capabilities();
            return found.bulk() ? found.bulkLimits().maxOperations() : 1;
        } catch (Stop unreadable) {
            return 1;
        }
    }

    @Override
    public Map<ClaimedEntry, DeliveryOutcome> deliverTogether(List<ClaimedEntry> rows) {
        ScimCapabilities found;
        try {
            found = capabilities();
        } catch (Stop stop) {
            Map<ClaimedEntry, DeliveryOutcome> all = new java.util.HashMap<>();
            rows.forEach(row -> all.put(row, stop.outcome));
            return all;
        }
        if (!found.bulk()) {
            return Map.of();
        }
        return new ScimBulk(target, found.patch(), found.bulkLimits(), body -> {
            try {
                return send(new HttpPost(url("/Bulk")), body);
            } catch (Stop stop) {
                throw new ScimBulk.Unsent(stop.outcome);
            }
        }).send(rows);
    }

    /** The reachability test of the admin endpoint: what the provider supports, or why it cannot be reached. */
    @Override
    public Reachability reachability() {
        try {
            TargetHttp.Response r = call(new HttpGet(url("/ServiceProviderConfig")), null);
            if (!r.ok()) {
                return new Reachability.Unreachable(r.failure("GET /ServiceProviderConfig").describe());
            }
            ScimCapabilities found = ScimCapabilities.from(json(r.body()));
            known.keep(target, found);
            return new Reachability.Reachable(new Reachability.Features(found.patch(), found.filter(), found.bulk()));
        } catch (Stop stop) {
            return new Reachability.Unreachable(stop.outcome.describe());
        }
    }

    /**
     * Reads the target's users (and groups, when it pushes them) for a dry run of a full sync; the Keycloak users are
     * then fed to it one by one ({@link ScimPreview#user}). Changes nothing.
     */
    public ScimPreview preview() {
        try {
            ScimPreview preview = ScimPreview.of(target);
            page("/Users", preview::remoteUser);
            if (target.pushGroups()) {
                page("/Groups", preview::remoteGroup);
            }
            return preview;
        } catch (Stop stop) {
            return ScimPreview.unreachable(target, stop.outcome.describe());
        }
    }

    /** Visits every resource at {@code path}, page by page. */
    private void page(String path, java.util.function.Consumer<JsonNode> visitor) throws Stop {
        long seen = 0;
        while (true) {
            JsonNode page = json(expect(call(new HttpGet(url(path + "?startIndex=" + (seen + 1) + "&count=" + PAGE)), null),
                    "GET " + path).body());
            JsonNode resources = page.path("Resources");
            for (JsonNode resource : resources) {
                seen++;
                visitor.accept(resource);
            }
            if (resources.isEmpty() || seen >= page.path("totalResults").asLong(seen)) {
                return;
            }
        }
    }

    private DeliveryOutcome upsert(UserSnapshot user, ClaimedEntry entry) throws Stop {
        ObjectNode body = userResource(user, true);
        String id = entry.remoteId();
        if (id != null) {
            TargetHttp.Response r = call(new HttpPut(url("/Users/" + id)), body);
            if (r.status() == 404) {
                id = null;
            } else if (!r.ok()) {
                throw new Stop(r.failure("PUT /Users"));
            }
        }
        if (id == null) {
            // Create without looking first: userName is unique at a SCIM provider (RFC 7643 §4.1.1), which answers
            // a duplicate with 409 (RFC 7644 §3.3). A user who is there already — made by someone else, or by a
            // delivery whose outcome a crash lost — is then found and adopted. One request for a new user, not two.
            TargetHttp.Response created = call(new HttpPost(url("/Users")), body);
            if (created.status() == 409) {
                id = findUser(user);
                if (id == null) {
                    throw new Stop(created.failure("POST /Users"));
                }
                expect(call(new HttpPut(url("/Users/" + id)), body), "PUT /Users");
            } else {
                id = json(expect(created, "POST /Users").body()).path("id").asText(null);
            }
        }
        List<String> groups = syncGroups(user, id, entry.groups(), entry.attempts() > 0);
        return new DeliveryOutcome.Delivered(TargetState.of(id, groups));
    }

    private DeliveryOutcome deprovision(UserSnapshot user, ClaimedEntry entry, boolean deleted) throws Stop {
        String id = entry.remoteId() != null ? entry.remoteId() : findUser(user);
        if (id == null) {
            // Never reached the target: nothing to take away.
            return new DeliveryOutcome.Delivered(deleted ? TargetState.REMOVED : TargetState.of(null, List.of()));
        }
        if (target.deprovision() == ProvisioningTarget.Deprovision.DELETE) {
            TargetHttp.Response r = call(new HttpDelete(url("/Users/" + id)), null);
            if (!r.ok() && r.status() != 404) {
                throw new Stop(r.failure("DELETE /Users"));
            }
            return new DeliveryOutcome.Delivered(TargetState.REMOVED);
        }
        TargetHttp.Response r;
        if (capabilities().patch()) {
            ObjectNode patch = patch("replace", "active", JsonSerialization.mapper.getNodeFactory().booleanNode(false));
            r = call(new HttpPatch(url("/Users/" + id)), patch);
        } else {
            r = call(new HttpPut(url("/Users/" + id)), userResource(user, false));
        }
        if (r.status() == 404) {
            return new DeliveryOutcome.Delivered(deleted ? TargetState.REMOVED : TargetState.of(null, entry.groups()));
        }
        expect(r, "deactivate /Users");
        return new DeliveryOutcome.Delivered(deleted ? TargetState.REMOVED : TargetState.of(id, entry.groups()));
    }

    /**
     * Adds and removes only what differs from what Gatehouse put there before; other members are left alone.
     * {@code repeated}: an earlier attempt may have added the user already (its outcome was never recorded), and
     * some providers list a member twice when it is added twice.
     */
    private List<String> syncGroups(UserSnapshot user, String userId, List<String> before, boolean repeated) throws Stop {
        if (!target.pushGroups()) {
            return List.of();
        }
        Map<String, UserSnapshot.Group> wanted = new java.util.LinkedHashMap<>();
        for (UserSnapshot.Group g : user.groups()) {
            if (target.pushes(g.name(), g.path())) {
                wanted.putIfAbsent(g.name(), g);
            }
        }
        Set<String> previous = new LinkedHashSet<>(before);
        for (UserSnapshot.Group g : wanted.values()) {
            if (!previous.contains(g.name())) {
                String groupId = findGroup(g.name());
                if (groupId == null) {
                    groupId = createGroup(g);
                } else if (repeated && isMember(groupId, userId)) {
                    continue;
                }
                changeMembership(groupId, userId, true);
            }
        }
        for (String name : previous) {
            if (!wanted.containsKey(name)) {
                String groupId = findGroup(name);
                if (groupId != null) {
                    changeMembership(groupId, userId, false);
                }
            }
        }
        return new ArrayList<>(wanted.keySet());
    }

    private void changeMembership(String groupId, String userId, boolean add) throws Stop {
        TargetHttp.Response r;
        if (capabilities().patch()) {
            ObjectNode patch = JsonSerialization.mapper.createObjectNode();
            patch.putArray("schemas").add(PATCH_SCHEMA);
            ObjectNode op = patch.putArray("Operations").addObject();
            if (add) {
                op.put("op", "add").put("path", "members");
                op.putArray("value").addObject().put("value", userId);
            } else {
                op.put("op", "remove").put("path", "members[value eq " + quote(userId) + "]");
            }
            r = call(new HttpPatch(url("/Groups/" + groupId)), patch);
        } else {
            JsonNode group = json(expect(call(new HttpGet(url("/Groups/" + groupId)), null), "GET /Groups").body());
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
            r = call(new HttpPut(url("/Groups/" + groupId)), replaced);
        }
        if (!add && r.status() == 404) {
            return;
        }
        expect(r, add ? "add member /Groups" : "remove member /Groups");
    }

    private boolean isMember(String groupId, String userId) throws Stop {
        JsonNode group = json(expect(call(new HttpGet(url("/Groups/" + groupId)), null), "GET /Groups").body());
        for (JsonNode m : group.path("members")) {
            if (userId.equals(m.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    private String findUser(UserSnapshot user) throws Stop {
        // One request for both: a user Gatehouse created carries our id as externalId; one created otherwise is
        // adopted by userName. The externalId match wins when both exist.
        JsonNode resources = lookup("/Users", "externalId eq " + quote(user.id()) + " or userName eq " + quote(user.username()),
                r -> user.id().equals(r.path("externalId").asText(null))
                        || user.username().equalsIgnoreCase(r.path("userName").asText()));
        for (JsonNode r : resources) {
            if (user.id().equals(r.path("externalId").asText(null))) {
                return r.path("id").asText(null);
            }
        }
        return resources.isEmpty() ? null : resources.get(0).path("id").asText(null);
    }

    private String findGroup(String displayName) throws Stop {
        JsonNode resources = lookup("/Groups", "displayName eq " + quote(displayName),
                g -> displayName.equalsIgnoreCase(g.path("displayName").asText()));
        return resources.isEmpty() ? null : resources.get(0).path("id").asText(null);
    }

    /**
     * The resources a filter selects. A provider without filter support (ServiceProviderConfig) is listed page by
     * page instead and compared here ({@code matches}, the filter's meaning): slower, but an existing user is still
     * adopted and an existing group reused rather than a row dead-lettered or a group duplicated.
     */
    private JsonNode lookup(String path, String filter, java.util.function.Predicate<JsonNode> matches) throws Stop {
        if (capabilities().filter()) {
            return query(path, filter);
        }
        ArrayNode found = JsonSerialization.mapper.createArrayNode();
        page(path, r -> {
            if (matches.test(r)) {
                found.add(r);
            }
        });
        return found;
    }

    private String createGroup(UserSnapshot.Group group) throws Stop {
        ObjectNode body = JsonSerialization.mapper.createObjectNode();
        body.putArray("schemas").add(GROUP_SCHEMA);
        body.put("displayName", group.name());
        body.put("externalId", group.id());
        TargetHttp.Response r = call(new HttpPost(url("/Groups")), body);
        if (r.status() == 409) {
            String existing = findGroup(group.name());
            if (existing != null) {
                return existing;
            }
        }
        return json(expect(r, "POST /Groups").body()).path("id").asText(null);
    }

    private JsonNode query(String path, String filter) throws Stop {
        String query = "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        TargetHttp.Response r = expect(call(new HttpGet(url(path + query)), null), "GET " + path);
        JsonNode resources = json(r.body()).path("Resources");
        return resources.isArray() ? resources : JsonSerialization.mapper.createArrayNode();
    }

    ObjectNode userResource(UserSnapshot user, boolean active) {
        return userResource(user, active, target.attributeMap());
    }

    /** The User resource a PUT or POST sends: the core fields, then the target's mapped attributes. */
    static ObjectNode userResource(UserSnapshot user, boolean active, ScimAttributeMap attributes) {
        ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(USER_SCHEMA);
        body.put("externalId", user.id());
        body.put("userName", user.username());
        ObjectNode name = body.putObject("name");
        if (user.firstName() != null) {
            name.put("givenName", user.firstName());
        }
        if (user.lastName() != null) {
            name.put("familyName", user.lastName());
        }
        String display = String.join(" ", java.util.stream.Stream.of(user.firstName(), user.lastName())
                .filter(s -> s != null && !s.isBlank()).toList());
        if (!display.isEmpty()) {
            body.put("displayName", display);
        }
        if (user.email() != null) {
            body.putArray("emails").addObject().put("value", user.email()).put("type", "work").put("primary", true);
        }
        body.put("active", active);
        attributes.addTo(body, user);
        return body;
    }

    private static ObjectNode patch(String op, String path, JsonNode value) {
        ObjectNode patch = JsonSerialization.mapper.createObjectNode();
        patch.putArray("schemas").add(PATCH_SCHEMA);
        ObjectNode operation = patch.putArray("Operations").addObject();
        operation.put("op", op).put("path", path).set("value", value);
        return patch;
    }

    /** One call with the target's credentials; an OAuth token the target refuses (401) is replaced once. */
    private TargetHttp.Response call(HttpRequestBase request, JsonNode body) throws Stop {
        return send(request, body == null ? null : body.toString());
    }

    private TargetHttp.Response send(HttpRequestBase request, String json) throws Stop {
        try {
            if (oauth == null) {
                return http.send(request, headers, json, SCIM_JSON);
            }
            String token = oauth.token();
            TargetHttp.Response r = http.send(request, withToken(token), json, SCIM_JSON);
            if (r.status() == 401) {
                oauth.rejected(token);
                request.reset();
                r = http.send(request, withToken(oauth.token()), json, SCIM_JSON);
            }
            return r;
        } catch (TargetHttp.Unreachable unreachable) {
            throw new Stop(unreachable.outcome());
        } catch (ClientCredentials.TokenError noToken) {
            throw new Stop(noToken.outcome());
        }
    }

    private Map<String, String> withToken(String token) {
        return Map.of("Authorization", "Bearer " + token, "Accept", SCIM_JSON);
    }

    private static TargetHttp.Response expect(TargetHttp.Response r, String what) throws Stop {
        if (!r.ok()) {
            throw new Stop(r.failure(what));
        }
        return r;
    }

    private String url(String path) {
        return target.url() + path;
    }

    private static JsonNode json(String body) throws Stop {
        try {
            return body == null || body.isBlank() ? JsonSerialization.mapper.createObjectNode() : JsonSerialization.mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw new Stop(new DeliveryOutcome.Retry(RetryCause.TARGET_ERROR, "target answered with invalid JSON"));
        }
    }

    /** A SCIM filter string literal (RFC 7644 §3.4.2.2): JSON string escaping. */
    static String quote(String value) {
        return JsonSerialization.mapper.getNodeFactory().textNode(value).toString();
    }
}
