package dev.gatehouse.provisioning.quarantine;

/**
 * What the database keeps about a target's recent calls: counts of the current and the previous window (the
 * sliding-window estimate weighs the previous one by how much of it still overlaps), and the quarantine, if any:
 * since when, why, and when the next probe may go.
 */
public record TargetHealth(long windowStart, int calls, int failures, int previousCalls, int previousFailures,
                           Long quarantinedSince, String reason, Long nextProbeAt) {

    public static TargetHealth fresh(long now) {
        return new TargetHealth(now, 0, 0, 0, 0, null, null, null);
    }

    public boolean quarantined() {
        return quarantinedSince != null;
    }
}
