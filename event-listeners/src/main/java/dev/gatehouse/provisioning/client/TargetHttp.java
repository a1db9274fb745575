package dev.gatehouse.provisioning.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.http.Header;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

import dev.gatehouse.provisioning.target.TargetAddressPolicy;

/**
 * One HTTP exchange with a target through Keycloak's HTTP client (its proxy, trust store and pool settings
 * apply), with a bounded timeout, turned into a {@link Response} or a {@link DeliveryOutcome} on failure.
 */
public final class TargetHttp {

    /** How a reason says the target refused Gatehouse's credentials (401 or 403); the worker acts on {@link RetryCause}. */
    public static final String REFUSED_CREDENTIALS = "target refused our credentials";

    private final CloseableHttpClient client;
    private final RequestConfig timeouts;
    private final TargetAddressPolicy addresses;
    private final TargetAddressPolicy.Resolver resolver;

    public TargetHttp(CloseableHttpClient client, int timeoutMillis) {
        this(client, timeoutMillis, TargetAddressPolicy.fromServerConfig(), InetAddress::getAllByName);
    }

    public TargetHttp(CloseableHttpClient client, int timeoutMillis, TargetAddressPolicy addresses,
                      TargetAddressPolicy.Resolver resolver) {
        this.client = client;
        this.addresses = addresses;
        this.resolver = resolver;
        this.timeouts = RequestConfig.custom().setConnectTimeout(timeoutMillis).setSocketTimeout(timeoutMillis)
                .setConnectionRequestTimeout(timeoutMillis).build();
    }

    public record Response(int status, String body, Duration retryAfter) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /**
         * Retry what may pass later (408, 425, 429, 5xx); any other 4xx cannot succeed as it is. 401 and 403 are
         * about Gatehouse's credentials, not the row: a revoked token or rotated secret would otherwise turn the
         * whole queue into dead letters. The target counts as down instead (rows wait and back off, never
         * dead-lettered; the failures count towards quarantine) until the credentials are fixed. Their body is
         * left out of the reason: some targets echo what they were sent.
         */
        public DeliveryOutcome failure(String what) {
            if (status == 401 || status == 403) {
                return new DeliveryOutcome.Retry(RetryCause.CREDENTIALS_REFUSED, what + ": " + REFUSED_CREDENTIALS + " (" + status + ")",
                        retryAfter);
            }
            String reason = what + ": HTTP " + status + detail();
            boolean transient_ = status == 408 || status == 425 || status == 429 || status >= 500;
            return transient_ ? new DeliveryOutcome.Retry(RetryCause.TARGET_ERROR, reason, retryAfter) : new DeliveryOutcome.Dead(reason);
        }

        private String detail() {
            if (body == null || body.isBlank()) {
                return "";
            }
            String oneLine = body.replaceAll("\\s+", " ").strip();
            return " " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine);
        }
    }

    /** The target could not be reached: the request never got an answer. */
    public static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }

        public DeliveryOutcome outcome() {
            return new DeliveryOutcome.Retry(RetryCause.UNREACHABLE, getMessage());
        }
    }

    public Response send(HttpRequestBase request, Map<String, String> headers, String jsonBody, String contentType)
            throws Unreachable {
        // The host was checked when the target was saved; DNS may point it elsewhere since.
        String refused = addresses.refusalOfResolved(request.getURI(), "target", resolver);
        if (refused != null) {
            throw new Unreachable(request.getMethod() + " " + safe(request.getURI()) + " not sent: " + refused);
        }
        request.setConfig(timeouts);
        headers.forEach(request::setHeader);
        if (jsonBody != null && request instanceof HttpEntityEnclosingRequestBase withBody) {
            withBody.setEntity(new StringEntity(jsonBody, ContentType.create(contentType, StandardCharsets.UTF_8)));
        }
        try {
            for (int stale = 0; ; stale++) {
                try {
                    return exchange(request);
                } catch (NoHttpResponseException e) {
                    // A pooled connection the target closed meanwhile (it restarted, or dropped idle connections):
                    // the request died unanswered on it. Again on another connection; the pool may hold several
                    // such connections to a restarted target. A create sent twice is adopted (409), a webhook
                    // de-duplicated by its webhook-id.
                    if (stale == STALE_CONNECTION_RETRIES) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            // The exception's class and message name the failure (refused, timeout, unknown host), never a secret.
            throw new Unreachable(request.getMethod() + " " + safe(request.getURI()) + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Pooled connections found closed by the target, one after another, before a request counts as failed. */
    private static final int STALE_CONNECTION_RETRIES = 3;

    private Response exchange(HttpRequestBase request) throws IOException {
        try (CloseableHttpResponse response = client.execute(request)) {
            String body = response.getEntity() == null ? null : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return new Response(response.getStatusLine().getStatusCode(), body, retryAfter(response.getFirstHeader("Retry-After")));
        }
    }

    /** Seconds or an HTTP date (RFC 9110); anything else is ignored. */
    static Duration retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
    }
}
