package dev.gatehouse.provisioning.scim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpRequestBase;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * The HTTP exchanges with one SCIM service provider: its credentials on every call (an OAuth token the target
 * refuses with 401 is replaced once), its base URL, and the SCIM answers read as JSON. A failure that ends the
 * delivery is thrown as {@link ScimStop}.
 */
final class ScimCalls {

    static final String SCIM_JSON = "application/scim+json";
    /** Resources asked for per page when listing (preview, lookups without filter support). */
    private static final int PAGE = 200;

    private final ProvisioningTarget target;
    private final TargetHttp http;
    private final Map<String, String> headers;
    /** With {@code auth=oauth2}: where the access token comes from; null otherwise. */
    private final ClientCredentials oauth;

    ScimCalls(ProvisioningTarget target, TargetHttp http, String secret, AccessTokens tokens) {
        this.target = target;
        this.http = http;
        this.headers = switch (target.auth()) {
            case BEARER -> Map.of("Authorization", "Bearer " + secret, "Accept", SCIM_JSON);
            case BASIC -> Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (target.username() + ":" + secret).getBytes(StandardCharsets.UTF_8)), "Accept", SCIM_JSON);
            case NONE, OAUTH2 -> Map.of("Accept", SCIM_JSON);
        };
        this.oauth = target.auth() == ProvisioningTarget.Auth.OAUTH2 ? new ClientCredentials(target, secret, http, tokens) : null;
    }

    /** One call with the target's credentials; {@code path} is relative to the target's URL. */
    TargetHttp.Response call(HttpRequestBase request, JsonNode body) throws ScimStop {
        return send(request, body == null ? null : body.toString());
    }

    /** As above, with a body already written (a bulk request, packed to its size limit). */
    TargetHttp.Response send(HttpRequestBase request, String json) throws ScimStop {
        try {
            if (oauth == null) {
                return http.send(request, headers, json, SCIM_JSON);
            }
            String token = oauth.token();
            TargetHttp.Response r = http.send(request, withToken(token), json, SCIM_JSON);
            if (r.status() == 401) {
                oauth.rejected(token);
                request.reset();
                r = http.send(request, withToken(oauth.token()), json, SCIM_JSON);
            }
            return r;
        } catch (TargetHttp.Unreachable unreachable) {
            throw new ScimStop(unreachable.outcome());
        }
    }

    /** The answer's JSON; a failed answer ends the delivery with its outcome ({@code what} names the call). */
    JsonNode expect(HttpRequestBase request, JsonNode body, String what) throws ScimStop {
        return json(expect(call(request, body), what).body());
    }

    static TargetHttp.Response expect(TargetHttp.Response r, String what) throws ScimStop {
        if (!r.ok()) {
            throw new ScimStop(r.failure(what));
        }
        return r;
    }

    /** Visits every resource at {@code path}, page by page. */
    void page(String path, Consumer<JsonNode> visitor) throws ScimStop {
        long seen = 0;
        while (true) {
            JsonNode page = expect(new HttpGet(url(path + "?startIndex=" + (seen + 1) + "&count=" + PAGE)), null, "GET " + path);
            JsonNode resources = page.path("Resources");
            for (JsonNode resource : resources) {
                seen++;
                visitor.accept(resource);
            }
            if (resources.isEmpty() || seen >= page.path("totalResults").asLong(seen)) {
                return;
            }
        }
    }

    /** The resources a SCIM filter selects. */
    JsonNode query(String path, String filter) throws ScimStop {
        String query = "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode resources = expect(new HttpGet(url(path + query)), null, "GET " + path).path("Resources");
        return resources.isArray() ? resources : JsonSerialization.mapper.createArrayNode();
    }

    String url(String path) {
        return target.url() + path;
    }

    static JsonNode json(String body) throws ScimStop {
        try {
            return body == null || body.isBlank() ? JsonSerialization.mapper.createObjectNode() : JsonSerialization.mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw new ScimStop(new DeliveryOutcome.Retry(RetryCause.TARGET_ERROR, "target answered with invalid JSON"));
        }
    }

    /** A SCIM filter string literal (RFC 7644 §3.4.2.2): JSON string escaping. */
    static String quote(String value) {
        return JsonSerialization.mapper.getNodeFactory().textNode(value).toString();
    }

    private Map<String, String> withToken(String token) {
        return Map.of("Authorization", "Bearer " + token, "Accept", SCIM_JSON);
    }
}
