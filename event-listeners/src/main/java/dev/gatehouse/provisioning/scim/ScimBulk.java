package dev.gatehouse.provisioning.scim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.scim.bulk.BulkLimits;
import dev.gatehouse.provisioning.scim.bulk.BulkOperation;
import dev.gatehouse.provisioning.scim.bulk.BulkRequests;
import dev.gatehouse.provisioning.scim.bulk.BulkResults;
import dev.gatehouse.provisioning.scim.bulk.OperationOutcome;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * Sends rows of distinct users to a SCIM target in bulk requests (RFC 7644 §3.7), each row one operation, and
 * gives each row the outcome of its own operation. A row whose change needs more than one request of its own —
 * group memberships to change, a user to look up first — is left out and goes alone, as are rows the target
 * answered in a way only a request of their own resolves (a create meeting an existing user is adopted there).
 */
public final class ScimBulk {

    /** One {@code POST /Bulk} with the target's credentials. */
    public interface Poster {
        TargetHttp.Response post(String body) throws Unsent;
    }

    /** The request got no answer (unreachable, no access token): {@code outcome} for every row it carried. */
    public static final class Unsent extends Exception {
        private final transient DeliveryOutcome outcome;

        public Unsent(DeliveryOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** What becomes of one row: an operation (with the state the target then holds), done already, or alone. */
    sealed interface Plan {
        record Operation(BulkOperation operation, TargetState applied, TargetState gone) implements Plan {
        }

        record Done(DeliveryOutcome outcome) implements Plan {
        }

        record Alone() implements Plan {
        }
    }

    private final ProvisioningTarget target;
    private final boolean patch;
    private final BulkLimits limits;
    private final Poster poster;

    /** {@code patch}: the target supports PATCH (a deactivation is then a PATCH of {@code active}). */
    public ScimBulk(ProvisioningTarget target, boolean patch, BulkLimits limits, Poster poster) {
        this.target = target;
        this.patch = patch;
        this.limits = limits;
        this.poster = poster;
    }

    /** An outcome for each row sent or settled here; the rows left out are to be delivered alone. */
    public Map<ClaimedEntry, DeliveryOutcome> send(List<ClaimedEntry> rows) {
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        Map<String, ClaimedEntry> rowOf = new HashMap<>();
        Map<String, Plan.Operation> planned = new HashMap<>();
        List<BulkOperation> operations = new ArrayList<>();
        for (ClaimedEntry row : rows) {
            Plan plan = plan(row, target, patch);
            if (plan instanceof Plan.Done done) {
                outcomes.put(row, done.outcome());
            } else if (plan instanceof Plan.Operation op) {
                rowOf.put(op.operation().bulkId(), row);
                planned.put(op.operation().bulkId(), op);
                operations.add(op.operation());
            }
        }
        if (operations.isEmpty()) {
            return outcomes;
        }
        for (BulkRequests.Chunk chunk : BulkRequests.pack(operations, limits)) {
            Map<String, OperationOutcome> answered;
            try {
                TargetHttp.Response r = poster.post(chunk.body());
                answered = BulkResults.read(r.status(), r.body(), r.retryAfter(), chunk.operations());
            } catch (Unsent unsent) {
                chunk.operations().forEach(op -> outcomes.put(rowOf.get(op.bulkId()), unsent.outcome));
                continue;
            }
            answered.forEach((bulkId, outcome) -> {
                DeliveryOutcome delivery = delivery(planned.get(bulkId), outcome);
                if (delivery != null) {
                    outcomes.put(rowOf.get(bulkId), delivery);
                }
            });
        }
        return outcomes;
    }

    /** The row's outcome from its operation's; null: the row goes alone. */
    private static DeliveryOutcome delivery(Plan.Operation planned, OperationOutcome outcome) {
        if (outcome instanceof OperationOutcome.Applied applied) {
            TargetState state = planned.applied();
            return new DeliveryOutcome.Delivered(state.removed() ? state : TargetState.of(applied.remoteId(), state.groups()));
        }
        if (outcome instanceof OperationOutcome.Gone) {
            return new DeliveryOutcome.Delivered(planned.gone());
        }
        if (outcome instanceof OperationOutcome.Retry retry) {
            return new DeliveryOutcome.Retry(retry.credentials() ? RetryCause.CREDENTIALS_REFUSED : RetryCause.TARGET_ERROR,
                    retry.reason(), retry.retryAfter());
        }
        if (outcome instanceof OperationOutcome.Rejected rejected) {
            return new DeliveryOutcome.Dead(rejected.reason());
        }
        return null;
    }

    /**
     * The row as one bulk operation, with the state the target holds once it is applied (as a request of its own
     * would leave it), or why it is not one.
     */
    static Plan plan(ClaimedEntry row, ProvisioningTarget target, boolean patch) {
        UserSnapshot user;
        try {
            user = JsonSerialization.readValue(row.payload(), UserSnapshot.class);
        } catch (IOException unreadable) {
            return new Plan.Done(new DeliveryOutcome.Dead("unreadable outbox payload: " + unreadable.getClass().getSimpleName()));
        }
        ChangeType type = ChangeType.of(row.type());
        if (type == null) {
            return new Plan.Done(new DeliveryOutcome.Delivered(null));
        }
        String bulkId = "row-" + row.id();
        boolean upsert = (type == ChangeType.PROVISIONED || type == ChangeType.UPDATED) && user.enabled();
        if (upsert) {
            List<String> groups = pushedGroups(user, target);
            if (!Set.copyOf(groups).equals(Set.copyOf(row.groups()))) {
                // Memberships to add or remove: groups are looked up and changed one request at a time.
                return new Plan.Alone();
            }
            ObjectNode resource = ScimResources.user(user, true, target.attributeMap());
            BulkOperation op = row.remoteId() == null
                    ? new BulkOperation(bulkId, BulkOperation.Kind.CREATE, "/Users", resource)
                    : new BulkOperation(bulkId, BulkOperation.Kind.REPLACE, "/Users/" + row.remoteId(), resource);
            return new Plan.Operation(op, TargetState.of(row.remoteId(), groups), null);
        }
        if (row.remoteId() == null) {
            // Never recorded at the target: it may still be there (made elsewhere, or an answer lost) — a lookup first.
            return new Plan.Alone();
        }
        boolean deleted = type == ChangeType.DELETED;
        String path = "/Users/" + row.remoteId();
        if (target.deprovision() == ProvisioningTarget.Deprovision.DELETE) {
            return new Plan.Operation(new BulkOperation(bulkId, BulkOperation.Kind.DELETE, path, null),
                    TargetState.REMOVED, TargetState.REMOVED);
        }
        BulkOperation op = patch
                ? new BulkOperation(bulkId, BulkOperation.Kind.DEACTIVATE, path, deactivation())
                : new BulkOperation(bulkId, BulkOperation.Kind.DEACTIVATE_BY_REPLACE, path,
                ScimResources.user(user, false, target.attributeMap()));
        return new Plan.Operation(op, deleted ? TargetState.REMOVED : TargetState.of(row.remoteId(), row.groups()),
                deleted ? TargetState.REMOVED : TargetState.of(null, row.groups()));
    }

    /** The groups of the user the target is given, by name, as the single-request path computes them. */
    private static List<String> pushedGroups(UserSnapshot user, ProvisioningTarget target) {
        if (!target.pushGroups()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (UserSnapshot.Group g : user.groups()) {
            if (target.pushes(g.name(), g.path())) {
                names.add(g.name());
            }
        }
        return List.copyOf(names);
    }

    private static ObjectNode deactivation() {
        return ScimResources.patch("replace", "active", JsonNodeFactory.instance.booleanNode(false));
    }
}
