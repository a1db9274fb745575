package dev.gatehouse.provisioning.quarantine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.target.QuarantineSettings;

class TargetStatusTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long SINCE = Instant.parse("2026-11-23T16:40:12Z").toEpochMilli();

    @Test
    void quarantinedShowsSinceWhenInUtcTheCountsAndTheProbeIntervalWithoutTheLastFailure() {
        TargetHealth health = new TargetHealth(SINCE, 24, 23, 0, 0, SINCE,
                "23 of 24 calls failed within 5 min; last: POST /Users: HTTP 503 {\"detail\":\"unavailable\"}", SINCE + 60_000);
        assertEquals("Quarantined since 2026-11-23 16:40:12 UTC: 23 of 24 calls failed within 5 min; one probe every 60 s",
                TargetStatus.describe(true, health, MINUTE));
    }

    @Test
    void quarantineDecidedByTheRuleReadsTheSameWay() {
        TargetHealth entered = QuarantineDecision.after(TargetHealth.fresh(SINCE), new BatchCalls(20, 20, "GET /Users: HTTP 502"),
                QuarantineSettings.DEFAULTS, SINCE).health();
        assertEquals("Quarantined since 2026-11-23 16:40:12 UTC: 20 of 20 calls failed within 5 min; one probe every 120 s",
                TargetStatus.describe(true, entered, Duration.ofMinutes(2)));
    }

    @Test
    void healthyOrNeverCalledIsActiveAndDisabledWinsOverQuarantine() {
        assertEquals("Active", TargetStatus.describe(true, null, MINUTE));
        assertEquals("Active", TargetStatus.describe(true, TargetHealth.fresh(SINCE), MINUTE));
        TargetHealth quarantined = new TargetHealth(SINCE, 5, 5, 0, 0, SINCE, "5 of 5 calls failed within 5 min", SINCE);
        assertEquals("Disabled", TargetStatus.describe(false, quarantined, MINUTE));
    }
}
