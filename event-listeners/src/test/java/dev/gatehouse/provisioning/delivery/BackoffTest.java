package dev.gatehouse.provisioning.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertEquals(Duration.ofSeconds(120), TargetHttp.retryAfter(new org.apache.http.message.BasicHeader("Retry-After", "120")));
        Duration d = TargetHttp.retryAfter(new org.apache.http.message.BasicHeader("Retry-After",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90))));
        assertTrue(d.getSeconds() > 80 && d.getSeconds() <= 90, d.toString());
        assertEquals(null, TargetHttp.retryAfter(new org.apache.http.message.BasicHeader("Retry-After", "soon")));
    }

    @Test
    void onlyTransientStatusesAreRetried() {
        assertTrue(new TargetHttp.Response(503, "", null).failure("x") instanceof DeliveryOutcome.Retry);
        assertTrue(new TargetHttp.Response(429, "", null).failure("x") instanceof DeliveryOutcome.Retry);
        assertTrue(new TargetHttp.Response(408, "", null).failure("x") instanceof DeliveryOutcome.Retry);
        assertTrue(new TargetHttp.Response(400, "bad", null).failure("x") instanceof DeliveryOutcome.Dead);
    }

    @Test
    void refusedCredentialsMakeTheTargetWaitWithoutEchoingTheAnswer() {
        for (int status : new int[] {401, 403}) {
            DeliveryOutcome outcome = new TargetHttp.Response(status, "token abc123 revoked", null).failure("POST /Users");
            DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, outcome);
            assertTrue(retry.targetDown(), "the target waits like an unreachable one: not dead-lettered");
            assertEquals("POST /Users: target refused our credentials (" + status + ")", retry.reason());
        }
    }
}
