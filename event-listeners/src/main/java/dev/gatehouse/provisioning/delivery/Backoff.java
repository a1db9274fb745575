package dev.gatehouse.provisioning.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after the n-th failed attempt: 2 s doubling to at most 1 h, spread by ±20 % jitter so rows
 * that failed together do not return together; never sooner than the target's own {@code Retry-After}.
 */
public final class Backoff {

    static final long BASE_MILLIS = 2_000;
    static final long MAX_MILLIS = 3_600_000;
    /** A target asking for more than a day is not taken literally. */
    static final long MAX_RETRY_AFTER_MILLIS = 86_400_000;

    private Backoff() {
    }

    public static long delayMillis(int failedAttempts, Duration retryAfter) {
        int exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
        long base = Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(exponent, 21));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        long delay = (long) (base * jitter);
        if (retryAfter != null) {
            delay = Math.max(delay, Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER_MILLIS));
        }
        return delay;
    }
}
