package dev.gatehouse.provisioning.scim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * A SCIM 2.0 client (RFC 7643/7644) for one target. Every operation is idempotent, so a row delivered twice
 * (a node died after sending, before recording) changes nothing the second time: a user is addressed by the id
 * recorded at the target; without one it is created, and a 409 for its unique {@code userName} makes Gatehouse
 * look it up (by {@code externalId}, the Keycloak user id, then {@code userName}) and adopt it. The calls, what the
 * provider supports, lookups and group memberships each have a class of their own in this package.
 */
public final class ScimClient implements TargetClient {

    private final ProvisioningTarget target;
    private final ScimCalls calls;
    private final ScimDiscovery discovery;
    private final ScimLookup lookup;
    private final ScimGroupSync groups;

    /**
     * {@code tokens}: this node's access tokens, for OAuth targets; {@code known}: what its targets support. Both
     * are kept between batches.
     */
    public ScimClient(ProvisioningTarget target, TargetHttp http, String secret, AccessTokens tokens, KnownCapabilities known) {
        this.target = target;
        this.calls = new ScimCalls(target, http, secret, tokens);
        this.discovery = new ScimDiscovery(target, calls, known);
        this.lookup = new ScimLookup(calls, discovery);
        this.groups = new ScimGroupSync(target, calls, discovery, lookup);
    }

    @Override
    public ProvisioningTarget target() {
        return target;
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
        } catch (ScimStop stop) {
            return stop.outcome();
        } catch (java.io.IOException unreadable) {
            return new DeliveryOutcome.Dead("unreadable outbox payload: " + unreadable.getClass().getSimpleName());
        }
    }

    /** Rows per bulk request when the target offers SCIM Bulk (its {@code maxOperations}, capped); 1 otherwise. */
    @Override
    public int rowsPerRequest() {
        try {
            ScimCapabilities found = discovery.capabilities();
            return found.bulk() ? found.bulkLimits().maxOperations() : 1;
        } catch (ScimStop unreadable) {
            return 1;
        }
    }

    /** Rows of different users in bulk requests ({@link ScimBulk}); rows it leaves out go alone. */
    @Override
    public Map<ClaimedEntry, DeliveryOutcome> deliverTogether(List<ClaimedEntry> rows) {
        ScimCapabilities found;
        try {
            found = discovery.capabilities();
        } catch (ScimStop stop) {
            Map<ClaimedEntry, DeliveryOutcome> all = new HashMap<>();
            rows.forEach(row -> all.put(row, stop.outcome()));
            return all;
        }
        if (!found.bulk()) {
            return Map.of();
        }
        return new ScimBulk(target, found.patch(), found.bulkLimits(), body -> {
            try {
                return calls.send(new HttpPost(calls.url("/Bulk")), body);
            } catch (ScimStop stop) {
                throw new ScimBulk.Unsent(stop.outcome());
            }
        }).send(rows);
    }

    /** The connection test: reads {@code /ServiceProviderConfig} with the target's credentials. */
    @Override
    public Reachability reachability() {
        return discovery.reachability();
    }

    /**
     * Reads the target's users (and groups, when it pushes them) for a dry run of a full sync; the Keycloak users are
     * then fed to it one by one ({@link ScimPreview#user}). Changes nothing.
     */
    public ScimPreview preview() {
        try {
            ScimPreview preview = ScimPreview.of(target);
            calls.page("/Users", preview::remoteUser);
            if (target.pushGroups()) {
                calls.page("/Groups", preview::remoteGroup);
            }
            return preview;
        } catch (ScimStop stop) {
            return ScimPreview.unreachable(target, stop.outcome().describe());
        }
    }

    private DeliveryOutcome upsert(UserSnapshot user, ClaimedEntry entry) throws ScimStop {
        ObjectNode body = ScimResources.user(user, true, target.attributeMap());
        String id = entry.remoteId();
        if (id != null) {
            TargetHttp.Response r = calls.call(new HttpPut(calls.url("/Users/" + id)), body);
            if (r.status() == 404) {
                id = null;
            } else if (!r.ok()) {
                throw new ScimStop(r.failure("PUT /Users"));
            }
        }
        if (id == null) {
            // Create without looking first: userName is unique at a SCIM provider (RFC 7643 §4.1.1), which answers
            // a duplicate with 409 (RFC 7644 §3.3). A user who is there already — made by someone else, or by a
            // delivery whose outcome a crash lost — is then found and adopted. One request for a new user, not two.
            TargetHttp.Response created = calls.call(new HttpPost(calls.url("/Users")), body);
            if (created.status() == 409) {
                id = lookup.user(user);
                if (id == null) {
                    throw new ScimStop(created.failure("POST /Users"));
                }
                calls.expect(new HttpPut(calls.url("/Users/" + id)), body, "PUT /Users");
            } else {
                id = ScimCalls.json(ScimCalls.expect(created, "POST /Users").body()).path("id").asText(null);
            }
        }
        List<String> now = groups.sync(user, id, entry.groups(), entry.attempts() > 0);
        return new DeliveryOutcome.Delivered(TargetState.of(id, now));
    }

    /** Deactivates or deletes the user at the target, as the target's settings say. */
    private DeliveryOutcome deprovision(UserSnapshot user, ClaimedEntry entry, boolean deleted) throws ScimStop {
        String id = entry.remoteId() != null ? entry.remoteId() : lookup.user(user);
        if (id == null) {
            // Never reached the target: nothing to take away.
            return new DeliveryOutcome.Delivered(TargetState.afterDeprovision(deleted, null, List.of()));
        }
        if (target.deprovision() == ProvisioningTarget.Deprovision.DELETE) {
            TargetHttp.Response r = calls.call(new HttpDelete(calls.url("/Users/" + id)), null);
            if (!r.ok() && r.status() != 404) {
                throw new ScimStop(r.failure("DELETE /Users"));
            }
            return new DeliveryOutcome.Delivered(TargetState.REMOVED);
        }
        TargetHttp.Response r;
        if (discovery.capabilities().patch()) {
            JsonNode inactive = JsonSerialization.mapper.getNodeFactory().booleanNode(false);
            r = calls.call(new HttpPatch(calls.url("/Users/" + id)), ScimResources.patch("replace", "active", inactive));
        } else {
            r = calls.call(new HttpPut(calls.url("/Users/" + id)), ScimResources.user(user, false, target.attributeMap()));
        }
        if (r.status() == 404) {
            return new DeliveryOutcome.Delivered(TargetState.afterDeprovision(deleted, null, entry.groups()));
        }
        ScimCalls.expect(r, "deactivate /Users");
        return new DeliveryOutcome.Delivered(TargetState.afterDeprovision(deleted, id, entry.groups()));
    }
}
