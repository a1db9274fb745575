package dev.gatehouse.provisioning.scim;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.http.client.methods.HttpPost;

import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for one target during one batch: the access token from this node's
 * cache, or a new one from the token endpoint (client authenticated with HTTP Basic, §2.3.1). A failed token request
 * ends every delivery of the batch with the same reason and is not repeated within the batch. Reasons name the
 * endpoint, status and the server's OAuth error, never the secret or a token.
 */
final class ClientCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProvisioningTarget.OAuthClient client;
    private final String secret;
    private final TargetHttp http;
    private final AccessTokens cache;
    private final String key;
    private DeliveryOutcome failed;

    ClientCredentials(ProvisioningTarget target, String secret, TargetHttp http, AccessTokens cache) {
        this.client = target.oauth();
        this.secret = secret;
        this.http = http;
        this.cache = cache;
        this.key = AccessTokens.key(target.id(), client.tokenUrl().toString(), client.clientId(), client.scope(), secret);
    }

    /** One thread fetches while the others of the batch wait for its token (or its failure). */
    synchronized String token() throws ScimStop {
        if (failed != null) {
            throw new ScimStop(failed);
        }
        String token = cache.valid(key);
        if (token != null) {
            return token;
        }
        try {
            return fetch();
        } catch (ScimStop e) {
            failed = e.outcome();
            throw e;
        }
    }

    /** The target answered 401 to this token: it is not used again. */
    void rejected(String token) {
        cache.drop(key, token);
    }

    private String fetch() throws ScimStop {
        String form = "grant_type=client_credentials"
                + (client.scope() == null ? "" : "&scope=" + URLEncoder.encode(client.scope(), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        TargetHttp.Response r;
        try {
            r = http.send(new HttpPost(client.tokenUrl()), Map.of("Authorization", "Basic " + basic, "Accept", "application/json"),
                    form, "application/x-www-form-urlencoded");
        } catch (TargetHttp.Unreachable unreachable) {
            throw error("token endpoint unreachable: " + unreachable.getMessage(), null);
        }
        JsonNode body = parse(r.body());
        if (!r.ok()) {
            String error = body.path("error").asText("");
            String description = body.path("error_description").asText("");
            throw error("token endpoint " + where(client.tokenUrl()) + ": HTTP " + r.status()
                    + (error.isEmpty() ? "" : " " + oneLine(error)) + (description.isEmpty() ? "" : " (" + oneLine(description) + ")"),
                    r.retryAfter());
        }
        String token = body.path("access_token").asText("");
        if (token.isEmpty() || !"bearer".equalsIgnoreCase(body.path("token_type").asText("bearer"))) {
            throw error("token endpoint " + where(client.tokenUrl()) + " answered without a bearer access_token", null);
        }
        long lifetime = body.path("expires_in").asLong(60);
        cache.keep(key, token, Math.max(1, lifetime));
        return token;
    }

    /**
     * A token endpoint that refuses or fails is the target being unusable, not the row being wrong: the rows wait
     * (backing off, never dead-lettered) and the failures count towards quarantine.
     */
    private static ScimStop error(String reason, java.time.Duration retryAfter) {
        return new ScimStop(new DeliveryOutcome.Retry(RetryCause.NO_ACCESS_TOKEN, reason, retryAfter));
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (java.io.IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String where(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + url.getRawPath();
    }
}
