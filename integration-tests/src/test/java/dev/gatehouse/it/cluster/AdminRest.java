package dev.gatehouse.it.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;

import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.util.JsonSerialization;

/** Keycloak's admin REST API on one node, as the bootstrap admin of the master realm. */
public final class AdminRest {

    /** Where Gatehouse policies live: realm components of the admin-console page type. */
    public static final String POLICY_COMPONENT_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    private final KeycloakNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminRest(KeycloakNode node) {
        this.node = node;
    }

    /** Creates a realm from its JSON representation. */
    public void createRealm(String json) throws Exception {
        expect(201, send("POST", "/admin/realms", json));
    }

    public List<ComponentRepresentation> policies(String realm) throws Exception {
        HttpResponse<String> response = send("GET", "/admin/realms/" + realm + "/components?type=" + POLICY_COMPONENT_TYPE, null);
        expect(200, response);
        return JsonSerialization.readValue(response.body(), new TypeReference<List<ComponentRepresentation>>() {
        });
    }

    public void updateComponent(String realm, ComponentRepresentation component) throws Exception {
        expect(204, send("PUT", "/admin/realms/" + realm + "/components/" + component.getId(), JsonSerialization.writeValueAsString(component)));
    }

    /** Creates a resource (answer 201) and answers its id, the last segment of the Location header. */
    public String create(String path, String json) throws Exception {
        HttpResponse<String> response = send("POST", path, json);
        expect(201, response);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Any request with a JSON body (or none); the test checks the answer. */
    public HttpResponse<String> request(String method, String path, String json) throws Exception {
        return send(method, path, json);
    }

    /** A GET that answers the status and body, for tests that read a resource. */
    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token());
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token;
    private long tokenUntil;

    /** An admin token, renewed every 20 s (admin-cli's tokens live 60 s): tests that create hundreds of users reuse it. */
    private String token() throws IOException, InterruptedException {
        if (token == null || System.nanoTime() > tokenUntil) {
            token = freshToken();
            tokenUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        }
        return token;
    }

    private String freshToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(200, response);
        return JsonSerialization.readValue(response.body(), TokenAnswer.class).access_token;
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered " + response.statusCode()
                    + " (expected " + status + "): " + response.body());
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    static final class TokenAnswer {
        public String access_token;
    }
}
