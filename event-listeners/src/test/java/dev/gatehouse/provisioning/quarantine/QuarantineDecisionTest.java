package dev.gatehouse.provisioning.quarantine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.quarantine.QuarantineDecision.Result;
import dev.gatehouse.provisioning.quarantine.QuarantineDecision.Transition;
import dev.gatehouse.provisioning.target.QuarantineSettings;

class QuarantineDecisionTest {

    private static final QuarantineSettings SETTINGS = QuarantineSettings.DEFAULTS; // 20 calls, 80 %, 5 min, probe 1 min
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_000_000_000L;

    @Test
    void mostCallsFailingAfterEnoughCallsQuarantinesWithAReasonAndTheNextProbe() {
        Result r = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(20, 17, "POST /Users: HTTP 503"), SETTINGS, T0 + 1000);
        assertEquals(Transition.ENTERED, r.transition());
        assertEquals(T0 + 1000, r.health().quarantinedSince());
        assertEquals(T0 + 1000 + MINUTE, r.health().nextProbeAt());
        assertTrue(r.health().reason().startsWith("17 of 20 calls failed within 5 min"), r.health().reason());
        assertTrue(r.health().reason().endsWith("last: POST /Users: HTTP 503"), r.health().reason());
    }

    @Test
    void tooFewCallsOrTooFewFailuresDoNotQuarantine() {
        assertEquals(Transition.NONE, QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(19, 19, "x"), SETTINGS, T0).transition());
        Result r = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(20, 15, "x"), SETTINGS, T0);
        assertEquals(Transition.NONE, r.transition(), "75 % failed is below 80 %");
        assertFalse(r.health().quarantined());
        assertEquals(20, r.health().calls());
        assertEquals(15, r.health().failures());
    }

    @Test
    void callsAddUpOverRoundsWithinTheWindow() {
        Result first = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(10, 10, "x"), SETTINGS, T0);
        assertEquals(Transition.NONE, first.transition());
        Result second = QuarantineDecision.after(first.health(), new BatchCalls(10, 9, "y"), SETTINGS, T0 + 2 * MINUTE);
        assertEquals(Transition.ENTERED, second.transition());
    }

    @Test
    void oldFailuresFadeOutOfTheSlidingWindow() {
        Result first = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(18, 18, "x"), SETTINGS, T0);
        // 9 minutes later: the first window ended 4 minutes ago, so a fifth of its calls still count (3.6 of 18).
        Result later = QuarantineDecision.after(first.health(), new BatchCalls(2, 2, "x"), SETTINGS, T0 + 9 * MINUTE);
        assertEquals(Transition.NONE, later.transition());
        assertEquals(T0 + 5 * MINUTE, later.health().windowStart());
        assertEquals(18, later.health().previousCalls());
        // After two quiet windows nothing is remembered.
        Result quiet = QuarantineDecision.after(first.health(), new BatchCalls(1, 1, "x"), SETTINGS, T0 + 11 * MINUTE);
        assertEquals(0, quiet.health().previousCalls());
        assertEquals(1, quiet.health().calls());
    }

    @Test
    void theRecentShareOfThePreviousWindowStillCounts() {
        Result first = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(16, 16, "x"), SETTINGS, T0 + 4 * MINUTE);
        // Just after the window turned: nearly all of the previous window overlaps the last 5 minutes.
        Result next = QuarantineDecision.after(first.health(), new BatchCalls(5, 5, "x"), SETTINGS, T0 + 5 * MINUTE + 1000);
        assertEquals(Transition.ENTERED, next.transition());
    }

    @Test
    void aFailedProbeKeepsTheQuarantineAndSchedulesTheNextProbe() {
        TargetHealth quarantined = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(20, 20, "x"), SETTINGS, T0).health();
        Result probe = QuarantineDecision.after(quarantined, new BatchCalls(1, 1, "still 503"), SETTINGS, T0 + 3 * MINUTE);
        assertEquals(Transition.NONE, probe.transition());
        assertEquals(T0, probe.health().quarantinedSince());
        assertEquals(T0 + 4 * MINUTE, probe.health().nextProbeAt());
        Result nothingSent = QuarantineDecision.after(quarantined, new BatchCalls(0, 0, null), SETTINGS, T0 + 3 * MINUTE);
        assertEquals(quarantined, nothingSent.health());
    }

    @Test
    void aSuccessfulProbeEndsTheQuarantineWithACleanWindow() {
        TargetHealth quarantined = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(20, 20, "x"), SETTINGS, T0).health();
        Result probe = QuarantineDecision.after(quarantined, new BatchCalls(1, 0, null), SETTINGS, T0 + 2 * MINUTE);
        assertEquals(Transition.LEFT, probe.transition());
        assertFalse(probe.health().quarantined());
        assertNull(probe.health().reason());
        assertEquals(0, probe.health().calls());
        assertEquals(0, probe.health().previousFailures());
    }

    @Test
    void minCallsZeroNeverQuarantinesAndEndsAQuarantine() {
        QuarantineSettings off = new QuarantineSettings(0, 80, Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertEquals(Transition.NONE, QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(500, 500, "x"), off, T0).transition());
        TargetHealth quarantined = QuarantineDecision.after(TargetHealth.fresh(T0), new BatchCalls(20, 20, "x"), SETTINGS, T0).health();
        assertEquals(Transition.LEFT, QuarantineDecision.after(quarantined, new BatchCalls(1, 1, "x"), off, T0 + MINUTE).transition());
    }

    @Test
    void aRoundTalliesItsCallsAndKeepsTheLastFailure() {
        BatchCalls round = BatchCalls.NONE.plus(null).plus("HTTP 503").plus(null).plus("HTTP 502");
        assertEquals(new BatchCalls(4, 2, "HTTP 502"), round);
        assertTrue(round.anySucceeded());
        assertFalse(BatchCalls.NONE.plus("HTTP 503").anySucceeded());
    }
}
