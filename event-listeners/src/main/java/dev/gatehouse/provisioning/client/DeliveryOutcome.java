package dev.gatehouse.provisioning.client;

import java.time.Duration;

/** How one delivery ended. */
public sealed interface DeliveryOutcome {

    /** For an admin or a dead letter: what happened, in words. */
    String describe();

    /** The target has the change; {@code state} (may be null) is what it now knows about the user. */
    record Delivered(TargetState state) implements DeliveryOutcome {
        @Override
        public String describe() {
            return "ok";
        }
    }

    /**
     * Worth trying again, for {@code cause}; {@code reason} says it for people (status, host, never a secret).
     * {@code retryAfter} is the target's own {@code Retry-After}, or null.
     */
    record Retry(RetryCause cause, String reason, Duration retryAfter) implements DeliveryOutcome {

        public Retry(RetryCause cause, String reason) {
            this(cause, reason, null);
        }

        /** The target could not be reached at all: the other rows for it in this batch wait too instead of each failing. */
        public boolean targetDown() {
            return cause.targetDown();
        }

        @Override
        public String describe() {
            return reason;
        }
    }

    /** Cannot succeed as it is (e.g. 400, 404 on create): kept as a dead letter with the reason. */
    record Dead(String reason) implements DeliveryOutcome {
        @Override
        public String describe() {
            return reason;
        }
    }
}
