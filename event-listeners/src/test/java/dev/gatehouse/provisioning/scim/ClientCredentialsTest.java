package dev.gatehouse.provisioning.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.target.QuarantineSettings;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

class ClientCredentialsTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile int status = 200;
    private final TargetHttp http = new TargetHttp(HttpClients.createDefault(), 5_000,
            dev.gatehouse.provisioning.target.TargetAddressPolicy.ALLOW_PRIVATE, java.net.InetAddress::getAllByName);

    @BeforeEach
    void tokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] answer = (status == 200
                    ? "{\"access_token\":\"token-" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"
                    : "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProvisioningTarget target() {
        return new ProvisioningTarget("target-1", "app", true, ProvisioningTarget.Kind.SCIM, URI.create("http://localhost/scim"),
                ProvisioningTarget.Auth.OAUTH2, null, "${vault.s}", ProvisioningTarget.Audience.ALL, null,
                ProvisioningTarget.Deprovision.DEACTIVATE, false, true, Set.of(), 12, false,
                new ProvisioningTarget.OAuthClient(URI.create("http://localhost:" + server.getAddress().getPort() + "/token"),
                        "gatehouse", "scim:write"), QuarantineSettings.DEFAULTS, ScimAttributeMap.NONE, null);
    }

    @Test
    void aTokenIsFetchedWithBasicClientAuthenticationAndReusedByLaterBatches() throws Exception {
        AccessTokens cache = new AccessTokens();
        assertEquals("token-1", new ClientCredentials(target(), "s3cret", http, cache).token());
        assertEquals("token-1", new ClientCredentials(target(), "s3cret", http, cache).token(), "the next batch reuses it");
        assertEquals(1, requests.size());
        String basic = java.util.Base64.getEncoder().encodeToString("gatehouse:s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals("Basic " + basic + " grant_type=client_credentials&scope=scim%3Awrite", requests.get(0));
        assertEquals("token-2", new ClientCredentials(target(), "new-secret", http, cache).token(),
                "a changed secret does not reuse the old secret's token");
    }

    @Test
    void aRefusedTokenIsReplaced() throws Exception {
        AccessTokens cache = new AccessTokens();
        ClientCredentials credentials = new ClientCredentials(target(), "s3cret", http, cache);
        String first = credentials.token();
        credentials.rejected(first);
        assertEquals("token-2", credentials.token());
    }

    @Test
    void aTokenEndpointErrorIsAClearReasonWithoutTheSecretAndIsNotRepeatedWithinTheBatch() {
        status = 401;
        ClientCredentials credentials = new ClientCredentials(target(), "s3cret", http, new AccessTokens());
        ScimStop error = assertThrows(ScimStop.class, credentials::token);
        DeliveryOutcome.Retry retry = (DeliveryOutcome.Retry) error.outcome();
        assertEquals("token endpoint http://localhost:" + server.getAddress().getPort()
                + "/token: HTTP 401 invalid_client (Invalid client credentials)", retry.reason());
        assertTrue(retry.targetDown(), "the rows wait instead of dead-lettering");
        assertFalse(retry.reason().contains("s3cret"));
        assertThrows(ScimStop.class, credentials::token);
        assertEquals(1, requests.size(), "one failed token request per batch");
    }

    @Test
    void anUnreachableTokenEndpointMakesTheRowsWait() {
        server.stop(0);
        ClientCredentials credentials = new ClientCredentials(target(), "s3cret", http, new AccessTokens());
        ScimStop error = assertThrows(ScimStop.class, credentials::token);
        DeliveryOutcome.Retry retry = (DeliveryOutcome.Retry) error.outcome();
        assertTrue(retry.reason().startsWith("token endpoint unreachable: POST http://localhost:"), retry.reason());
        assertTrue(retry.targetDown());
        assertEquals(null, retry.retryAfter());
    }
}
