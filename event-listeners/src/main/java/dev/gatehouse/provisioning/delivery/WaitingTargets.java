package dev.gatehouse.provisioning.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.outbox.Outbox;

/**
 * The targets of one batch that cannot send now (disabled, or their secret missing from the vault): the worker
 * defers each one's whole due queue in one statement rather than its rows one by one — a disabled target's until it
 * is enabled, one without its secret for a pause — so such a target costs one claim however long its queue.
 */
final class WaitingTargets {

    /**
     * Until when a target's rows wait ({@link Outbox#UNTIL_ENABLED} for a disabled target), and why;
     * {@code leaseToken}: the claim whose rows of the target go back.
     */
    record Wait(String realmId, String targetId, String leaseToken, long until, String reason) {

        boolean untilEnabled() {
            return until == Outbox.UNTIL_ENABLED;
        }
    }

    private WaitingTargets() {
    }

    /** One wait per target and claim whose rows the batch's clients did not send because the target is not configured. */
    static Map<String, Wait> of(Map<ClaimedEntry, DeliveryOutcome> outcomes, long now) {
        Map<String, Wait> waits = new LinkedHashMap<>();
        outcomes.forEach((entry, outcome) -> {
            if (waits(outcome)) {
                DeliveryOutcome.Retry retry = (DeliveryOutcome.Retry) outcome;
                long until = retry.cause() == RetryCause.DISABLED ? Outbox.UNTIL_ENABLED : now + retry.retryAfter().toMillis();
                waits.merge(entry.targetId() + " " + entry.leaseToken(),
                        new Wait(entry.realmId(), entry.targetId(), entry.leaseToken(), until, "waiting: " + retry.reason()),
                        (a, b) -> a.until() <= b.until() ? a : b);
            }
        });
        return waits;
    }

    /** The outcome of a row whose target is not configured: it waits with its target's queue, not on its own. */
    static boolean waits(DeliveryOutcome outcome) {
        return outcome instanceof DeliveryOutcome.Retry retry && retry.cause().queueWaits();
    }
}
