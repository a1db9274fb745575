package dev.gatehouse.provisioning.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpVersion;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;
import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.target.TargetAddressPolicy;

class TargetHttpTest {

    @Test
    void aRequestThatDiedOnAStaleConnectionIsSentOnceMore() throws Exception {
        FakeClient client = new FakeClient(1);
        TargetHttp.Response response = http(client).send(new HttpGet("http://127.0.0.1:1/scim/v2/Users"), Map.of(), null, null);
        assertEquals(200, response.status());
        assertEquals(2, client.calls.get());
    }

    @Test
    void severalStaleConnectionsInARowAreEachTriedPast() throws Exception {
        FakeClient client = new FakeClient(3);
        TargetHttp.Response response = http(client).send(new HttpGet("http://127.0.0.1:1/scim/v2/Users"), Map.of(), null, null);
        assertEquals(200, response.status());
        assertEquals(4, client.calls.get());
    }

    @Test
    void aTargetThatNeverAnswersIsUnreachableAfterFourTries() {
        FakeClient client = new FakeClient(Integer.MAX_VALUE);
        TargetHttp.Unreachable e = assertThrows(TargetHttp.Unreachable.class,
                () -> http(client).send(new HttpGet("http://127.0.0.1:1/scim/v2/Users"), Map.of(), null, null));
        assertEquals(4, client.calls.get());
        assertTrue(e.getMessage().contains("NoHttpResponseException"), e.getMessage());
    }

    private static TargetHttp http(CloseableHttpClient client) {
        return new TargetHttp(client, 1000, TargetAddressPolicy.ALLOW_PRIVATE,
                host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
    }

    /** Fails the first {@code failures} calls as a closed pooled connection does, then answers 200. */
    private static final class FakeClient extends CloseableHttpClient {
        private final int failures;
        final AtomicInteger calls = new AtomicInteger();

        FakeClient(int failures) {
            this.failures = failures;
        }

        @Override
        protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context)
                throws java.io.IOException {
            if (calls.incrementAndGet() <= failures) {
                throw new NoHttpResponseException(target + " failed to respond");
            }
            return new Answer();
        }

        @Override
        public void close() {
        }

        @Override
        @Deprecated
        public HttpParams getParams() {
            return null;
        }

        @Override
        @Deprecated
        public ClientConnectionManager getConnectionManager() {
            return null;
        }
    }

    private static final class Answer extends BasicHttpResponse implements CloseableHttpResponse {
        Answer() {
            super(HttpVersion.HTTP_1_1, 200, "OK");
        }

        @Override
        public void close() {
        }
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
            assertEquals(RetryCause.CREDENTIALS_REFUSED, retry.cause());
            assertTrue(retry.targetDown(), "the target waits like an unreachable one: not dead-lettered");
            assertEquals("POST /Users: target refused our credentials (" + status + ")", retry.reason());
        }
    }
}
