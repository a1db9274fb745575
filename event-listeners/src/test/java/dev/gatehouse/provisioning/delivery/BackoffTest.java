package dev.gatehouse.provisioning.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @RepeatedTest(20)
    void doublesFromTwoSecondsWithinTwentyPercentJitter() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            long base = 2000L << (attempt - 1);
            long delay = Backoff.delayMillis(attempt, null);
            assertTrue(delay >= base * 0.8 && delay <= base * 1.2, attempt + ": " + delay);
        }
    }

    @RepeatedTest(20)
    void neverMoreThanAnHourPlusJitter() {
        assertTrue(Backoff.delayMillis(40, null) <= 3_600_000 * 1.2);
    }

    @Test
    void retryAfterIsHonouredWhenLonger() {
        assertTrue(Backoff.delayMillis(1, Duration.ofSeconds(30)) >= 30_000);
        assertEquals(86_400_000, Backoff.delayMillis(1, Duration.ofDays(7)), "a week is not taken literally");
    }
}
