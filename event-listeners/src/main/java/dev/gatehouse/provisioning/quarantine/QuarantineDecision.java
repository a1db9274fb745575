package dev.gatehouse.provisioning.quarantine;

import dev.gatehouse.provisioning.target.QuarantineSettings;

/**
 * The quarantine rule, free of any database or clock: given what is known about a target's recent calls and the
 * calls of one round, the new state and whether the target entered or left quarantine.
 *
 * <ul>
 *   <li>Not quarantined: the round's calls are added to a sliding window (current window plus the overlapping
 *       share of the previous one); when it holds at least {@code minCalls} calls of which at least
 *       {@code failurePercent} % failed, the target enters quarantine and the next probe is due a probe interval
 *       later.</li>
 *   <li>Quarantined: a round with any successful call (the probe got through) ends the quarantine with a clean
 *       window; a failed probe schedules the next one.</li>
 * </ul>
 */
public final class QuarantineDecision {

    public enum Transition { NONE, ENTERED, LEFT }

    /** Separates a reason's counts from the last failure it names. */
    static final String LAST_FAILURE = "; last: ";

    public record Result(TargetHealth health, Transition transition) {
    }

    private QuarantineDecision() {
    }

    public static Result after(TargetHealth before, BatchCalls round, QuarantineSettings settings, long now) {
        if (before.quarantined()) {
            if (!settings.enabled() || round.anySucceeded()) {
                return new Result(TargetHealth.fresh(now), Transition.LEFT);
            }
            if (round.calls() == 0) {
                return new Result(before, Transition.NONE);
            }
            return new Result(new TargetHealth(before.windowStart(), before.calls(), before.failures(),
                    before.previousCalls(), before.previousFailures(), before.quarantinedSince(), before.reason(),
                    now + settings.probeInterval().toMillis()), Transition.NONE);
        }
        TargetHealth rolled = roll(before, settings.window().toMillis(), now);
        TargetHealth counted = new TargetHealth(rolled.windowStart(), rolled.calls() + round.calls(),
                rolled.failures() + round.failures(), rolled.previousCalls(), rolled.previousFailures(), null, null, null);
        if (!settings.enabled() || round.failures() == 0) {
            return new Result(counted, Transition.NONE);
        }
        double weight = previousWeight(counted, settings.window().toMillis(), now);
        double calls = counted.calls() + counted.previousCalls() * weight;
        double failures = counted.failures() + counted.previousFailures() * weight;
        if (calls >= settings.minCalls() && failures * 100 >= settings.failurePercent() * calls) {
            String reason = Math.round(failures) + " of " + Math.round(calls) + " calls failed within "
                    + describe(settings.window().toSeconds()) + (round.lastFailure() == null ? "" : LAST_FAILURE + round.lastFailure());
            return new Result(new TargetHealth(counted.windowStart(), counted.calls(), counted.failures(),
                    counted.previousCalls(), counted.previousFailures(), now, reason,
                    now + settings.probeInterval().toMillis()), Transition.ENTERED);
        }
        return new Result(counted, Transition.NONE);
    }

    /** Moves the window on: the current one becomes the previous one, or both are forgotten after a quiet spell. */
    static TargetHealth roll(TargetHealth health, long windowMillis, long now) {
        long elapsed = now - health.windowStart();
        if (elapsed < windowMillis) {
            return health;
        }
        if (elapsed < 2 * windowMillis) {
            return new TargetHealth(health.windowStart() + windowMillis, 0, 0, health.calls(), health.failures(),
                    health.quarantinedSince(), health.reason(), health.nextProbeAt());
        }
        return new TargetHealth(now, 0, 0, 0, 0, health.quarantinedSince(), health.reason(), health.nextProbeAt());
    }

    /** The share of the previous window that still lies within the last {@code windowMillis}. */
    static double previousWeight(TargetHealth health, long windowMillis, long now) {
        double intoCurrent = Math.min(Math.max(now - health.windowStart(), 0), windowMillis);
        return 1.0 - intoCurrent / windowMillis;
    }

    private static String describe(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
