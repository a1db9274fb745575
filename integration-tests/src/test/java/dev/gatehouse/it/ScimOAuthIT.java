package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * A SCIM target that takes only OAuth 2.0 access tokens issued to Gatehouse's client by an authorization server —
 * a second realm of the same Keycloak, with a confidential client that has service accounts. The SCIM server
 * checks every bearer token with that realm's introspection endpoint, so a delivery proves the token was
 * really obtained with the client credentials and used.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ScimOAuthIT {

    private static final String REALM = "gatehouse-resilience";
    private static final String CLIENT_ID = "gatehouse-provisioner";
    private static final String CLIENT_SECRET = "provisioner-secret-2f9c1d7e6b";
    private static final String WRONG_SECRET = "not-the-provisioner-secret-81";
    private static final String AS = "http://localhost:8080/realms/gatehouse-oauth-as";

    private static ScimTestServer scim;
    /** Tokens the authorization server confirmed as active and issued to Gatehouse's client. */
    private static final Set<String> introspected = ConcurrentHashMap.newKeySet();

    @InjectRealm(fromJson = "provisioning-resilience-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "as", fromJson = "oauth-as-realm.json")
    ManagedRealm authorizationServer;

    @InjectAdminClient
    Keycloak adminClient;

    private ProvisioningTargets targets;
    private String targetId;

    @BeforeAll
    static void server() throws IOException {
        scim = new ScimTestServer(ScimOAuthIT::issuedToGatehouse);
        scim.start();
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(REALM + "_provisioner-secret"), CLIENT_SECRET);
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(REALM + "_wrong-provisioner-secret"), WRONG_SECRET);
    }

    @AfterAll
    static void stopServer() {
        scim.stop();
    }

    @BeforeEach
    void oauthTarget() {
        assertEquals(AS, authorizationServer.getBaseUrl());
        scim.reset();
        targets = new ProvisioningTargets(realm, adminClient);
        targetId = targets.create("oauth-app", oauthConfig("${vault.provisioner-secret}"));
    }

    @AfterEach
    void removeTarget() {
        realm.admin().components().component(targetId).remove();
    }

    @Test
    void deliveriesUseATokenObtainedWithClientCredentialsAndReuseIt() throws IOException {
        String ada = targets.createUser("oauth-ada", "Otto", "Token");
        awaitTrue(() -> scim.userByExternalId(ada) != null, "ada delivered with an access token");
        String bob = targets.createUser("oauth-bob", "Otto", "Token");
        String cid = targets.createUser("oauth-cid", "Otto", "Token");
        awaitTrue(() -> scim.userByExternalId(bob) != null && scim.userByExternalId(cid) != null, "bob and cid delivered");
        awaitTrue(() -> targets.pending(targetId) == 0, "queue drained");

        Set<String> tokens = scim.acceptedTokens();
        assertEquals(1, tokens.size(), "one token, fetched once and reused over batches");
        assertTrue(introspected.containsAll(tokens), "the authorization server vouched for it");
        assertEquals(0, targets.deadLetters(targetId).size());

        String log = Files.readString(GatehouseServerConfig.logFile());
        assertFalse(log.contains(CLIENT_SECRET), "the client secret is not in the server log");
        assertFalse(log.contains(tokens.iterator().next()), "the access token is not in the server log");

        HttpResponse<String> test = targets.admin("POST", "/targets/" + targetId + "/test");
        assertEquals(200, test.statusCode(), test.body());
        assertTrue(test.body().contains("\"reachable\":true"), test.body());
    }

    @Test
    void aTokenTheTargetRefusesIsReplacedOnceAndTheDeliverySucceeds() {
        String dan = targets.createUser("oauth-dan", "Otto", "Before");
        awaitTrue(() -> scim.userByExternalId(dan) != null, "dan delivered");
        String first = scim.acceptedTokens().iterator().next();
        scim.refuse(first);

        String eve = targets.createUser("oauth-eve", "Otto", "After");
        awaitTrue(() -> scim.userByExternalId(eve) != null, "eve delivered after the refused token was replaced");
        assertEquals(2, scim.acceptedTokens().size(), "a second token was fetched");
        assertEquals(0, targets.deadLetters(targetId).size(), "the 401 did not dead-letter the row");
    }

    @Test
    void aWrongClientSecretKeepsRowsWaitingWithTheTokenEndpointsReason() {
        realm.admin().components().component(targetId).remove();
        targetId = targets.create("oauth-wrong", oauthConfig("${vault.wrong-provisioner-secret}"));
        String fay = targets.createUser("oauth-fay", "Otto", "Refused");

        awaitTrue(() -> targets.lastError(targetId) != null, "the attempt failed");
        String reason = targets.lastError(targetId);
        assertTrue(reason.startsWith("token endpoint " + AS + "/protocol/openid-connect/token: HTTP 401"), reason);
        assertTrue(reason.contains("unauthorized_client") || reason.contains("invalid_client"), reason);
        assertFalse(reason.contains(WRONG_SECRET), "no secret in the reason");
        assertEquals(1, targets.pending(targetId), "the row waits");
        assertEquals(0, targets.deadLetters(targetId).size(), "and is not dead-lettered");
        assertTrue(scim.requests().isEmpty(), "nothing reached the target: " + scim.requests());
        assertTrue(scim.userByExternalId(fay) == null);
    }

    @Test
    void oauthSettingsAreValidatedOnSave() {
        Map<String, String> httpTokenUrl = new java.util.HashMap<>(oauthConfig("${vault.provisioner-secret}"));
        httpTokenUrl.put("tokenUrl", "http://idp.example/token");
        Map.Entry<Integer, String> http = targets.refused("bad", httpTokenUrl);
        assertEquals(400, http.getKey());
        assertTrue(http.getValue().contains("Token URL must use https"), http.getValue());

        Map<String, String> noClient = new java.util.HashMap<>(oauthConfig("${vault.provisioner-secret}"));
        noClient.remove("clientId");
        assertEquals(400, targets.refused("bad", noClient).getKey());

        Map.Entry<Integer, String> missing = targets.refused("bad", oauthConfig("${vault.no-such-entry}"));
        assertEquals(400, missing.getKey());
        assertTrue(missing.getValue().contains("The vault has no entry"), missing.getValue());

        Map.Entry<Integer, String> plain = targets.refused("bad", oauthConfig(CLIENT_SECRET));
        assertEquals(400, plain.getKey());
        assertFalse(plain.getValue().contains(CLIENT_SECRET), "the refused secret is not echoed");
    }

    private Map<String, String> oauthConfig(String secret) {
        // No connection test on save: it fetches a token of its own, and these tests count the tokens deliveries
        // use (and save one target with a wrong secret on purpose).
        return Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "oauth2", "tokenUrl", AS + "/protocol/openid-connect/token",
                "clientId", CLIENT_ID, "secret", secret, "testOnSave", "false");
    }

    /** The SCIM server's check: the authorization server's introspection says the token is active and Gatehouse's. */
    private static boolean issuedToGatehouse(String token) {
        String basic = Base64.getEncoder().encodeToString("scim-app:scim-app-introspection-secret".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(AS + "/protocol/openid-connect/token/introspect"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode claims = ProvisioningTargets.JSON.readTree(answer.body());
            boolean valid = answer.statusCode() == 200 && claims.path("active").asBoolean(false)
                    && CLIENT_ID.equals(claims.path("azp").asText(claims.path("client_id").asText()));
            if (valid) {
                introspected.add(token);
            }
            return valid;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
