package dev.gatehouse.provisioning.delivery;

import java.time.Duration;

import dev.gatehouse.provisioning.outbox.TargetState;

/** How one delivery ended. */
public sealed interface DeliveryOutcome {

    /** The target has the change; {@code state} (may be null) is what it now knows about the user. */
    record Delivered(TargetState state) implements DeliveryOutcome {
    }

    /**
     * Worth trying again: a 5xx, 429, 408, a timeout, a refused connection, or the target refusing Gatehouse's
     * credentials (401, 403). {@code retryAfter} is the target's
     * own {@code Retry-After}, or null. {@code targetDown}: the target could not be reached at all, so the other
     * rows for it in this batch wait too instead of each failing.
     */
    record Retry(String reason, Duration retryAfter, boolean targetDown) implements DeliveryOutcome {
    }

    /** Cannot succeed as it is (e.g. 400, 404 on create): kept as a dead letter with the reason. */
    record Dead(String reason) implements DeliveryOutcome {
    }
}
