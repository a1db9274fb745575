package dev.gatehouse.provisioning.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.outbox.Outbox;

class WaitingTargetsTest {

    private static final long NOW = 1_000_000L;

    private static ClaimedEntry row(long id, String target, String lease) {
        return new ClaimedEntry(id, "realm", target, "user-" + id, "user.provisioned", "{}", 0, NOW, lease, "m-" + id, null, List.of());
    }

    private static DeliveryOutcome disabled() {
        return new DeliveryOutcome.Retry(RetryCause.DISABLED, "the target is disabled", null);
    }

    private static DeliveryOutcome secretMissing() {
        return new DeliveryOutcome.Retry(RetryCause.NOT_CONFIGURED, "the secret is missing", Duration.ofSeconds(30));
    }

    @Test
    void aTargetThatCannotSendWaitsOnceForTheWholeBatchNotRowByRowADisabledOneUntilItIsEnabled() {
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        for (long id = 1; id <= 200; id++) {
            outcomes.put(row(id, "disabled", "lease-1"), disabled());
        }
        outcomes.put(row(201, "working", "lease-1"), new DeliveryOutcome.Delivered(new TargetState("remote-201", List.of(), false)));
        outcomes.put(row(202, "failing", "lease-1"), new DeliveryOutcome.Retry(RetryCause.TARGET_ERROR, "503"));
        outcomes.put(row(203, "no-secret", "lease-1"), secretMissing());

        Map<String, WaitingTargets.Wait> waits = WaitingTargets.of(outcomes, NOW);

        assertEquals(List.of(new WaitingTargets.Wait("realm", "disabled", "lease-1", Outbox.UNTIL_ENABLED, "waiting: the target is disabled"),
                new WaitingTargets.Wait("realm", "no-secret", "lease-1", NOW + 30_000, "waiting: the secret is missing")), List.copyOf(waits.values()),
                "one deferral per target: its whole due queue in one statement");
        assertTrue(waits.values().iterator().next().untilEnabled(), "a disabled target's rows wait for enabling, not for a time");
        assertTrue(outcomes.entrySet().stream().filter(e -> e.getKey().targetId().equals("disabled"))
                .allMatch(e -> WaitingTargets.waits(e.getValue())), "none of its 200 rows is retried on its own");
        assertFalse(WaitingTargets.waits(outcomes.get(row(202, "failing", "lease-1"))), "a failing target retries row by row with backoff");
    }

    @Test
    void eachClaimReleasesItsOwnRows() {
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put(row(1, "disabled", "lease-1"), disabled());
        outcomes.put(row(2, "disabled", "lease-2"), disabled());
        assertEquals(2, WaitingTargets.of(outcomes, NOW).size());
    }
}
