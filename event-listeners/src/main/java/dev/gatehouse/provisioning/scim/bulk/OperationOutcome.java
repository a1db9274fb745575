package dev.gatehouse.provisioning.scim.bulk;

import java.time.Duration;

/** How one operation of a bulk request ended, read from the target's answer: what becomes of its outbox row. */
public sealed interface OperationOutcome {

    /** The target applied it; {@code remoteId} is the user's id there (null after a delete). */
    record Applied(String remoteId) implements OperationOutcome {
    }

    /** The user is not at the target (404 on a deactivation or delete): nothing to take away. */
    record Gone() implements OperationOutcome {
    }

    /**
     * The row is sent again as a request of its own, which knows what to do: a create that met an existing user
     * (409) adopts them, a replacement of a user the target lost (404) creates them, a create answered without the
     * new id finds it. Also every row of a bulk request the target refused as a whole (a 4xx such as 413).
     */
    record Alone(String reason) implements OperationOutcome {
    }

    /**
     * Try again later: a transient status (408, 425, 429, 5xx), no result for the operation in the answer, or the
     * whole request failed. {@code credentials}: the target refused Gatehouse's credentials (401, 403).
     */
    record Retry(String reason, Duration retryAfter, boolean credentials) implements OperationOutcome {
    }

    /** Cannot succeed as it is (another 4xx, e.g. 400): a dead letter with the target's reason. */
    record Rejected(String reason) implements OperationOutcome {
    }
}
