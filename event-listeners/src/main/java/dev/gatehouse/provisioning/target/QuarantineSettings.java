package dev.gatehouse.provisioning.target;

import java.time.Duration;

/**
 * When a target is quarantined and how slowly it is probed then, parsed from the target's settings. A target is
 * quarantined when, within {@code window}, at least {@code minCalls} deliveries were attempted and at least
 * {@code failurePercent} % of them failed; while quarantined it gets one row per {@code probeInterval}.
 * {@code minCalls} 0 turns quarantine off for the target.
 */
public record QuarantineSettings(int minCalls, int failurePercent, Duration window, Duration probeInterval) {

    public static final QuarantineSettings DEFAULTS = new QuarantineSettings(20, 80, Duration.ofMinutes(5), Duration.ofMinutes(1));

    public boolean enabled() {
        return minCalls > 0;
    }
}
