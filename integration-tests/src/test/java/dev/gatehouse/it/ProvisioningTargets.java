package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Provisioning targets of a test realm seen as an admin sees them: created as components, their status, dead
 * letters and admin events read through the admin REST API. Deliveries are asynchronous: {@link #awaitTrue}.
 */
final class ProvisioningTargets {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: on a loaded 2-core machine the worker's rounds slow down; a wait ends as soon as its condition holds. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final ManagedRealm realm;
    private final Keycloak adminClient;

    ProvisioningTargets(ManagedRealm realm, Keycloak adminClient) {
        this.realm = realm;
        this.adminClient = adminClient;
    }

    /** A started SCIM server that accepts {@code token}, which the realm's vault holds as {@code scim-token}. */
    static ScimTestServer startedScim(String realm, String token) throws IOException {
        ScimTestServer server = new ScimTestServer(token);
        server.start();
        java.nio.file.Files.writeString(GatehouseServerConfig.vaultDir().resolve(realm + "_scim-token"), token);
        return server;
    }

    String create(String name, Map<String, String> config) {
        try (Response response = realm.admin().components().add(component(name, config))) {
            assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
            String location = response.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /**
     * A bearer-token SCIM target at {@code url} (vault key {@code scim-token}) quick to quarantine: after 5 calls
     * of which 80 % failed; probed once a minute. A mutable map, to add to.
     */
    static Map<String, String> quickQuarantine(String url) {
        return new java.util.HashMap<>(Map.of("kind", "scim", "url", url, "auth", "bearer", "secret", "${vault.scim-token}",
                "maxAttempts", "50", "quarantineMinCalls", "5", "quarantineFailurePercent", "80", "quarantineProbeSeconds", "60"));
    }

    /** Saves a target expected to be refused; the answer's status and body. */
    Map.Entry<Integer, String> refused(String name, Map<String, String> config) {
        try (Response response = realm.admin().components().add(component(name, config))) {
            return Map.entry(response.getStatus(), response.readEntity(String.class));
        }
    }

    private ComponentRepresentation component(String name, Map<String, String> config) {
        ComponentRepresentation c = new ComponentRepresentation();
        c.setName(name);
        c.setProviderId("gatehouse-provisioning-target");
        c.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        c.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        values.putSingle("name", name);
        config.forEach(values::putSingle);
        c.setConfig(values);
        return c;
    }

    /** A user created by an admin (provisioned to every target whose audience they are in); password {@code <username>-pw}. */
    String createUser(String username, String firstName, String lastName) {
        return createUser(username, firstName, lastName, username + "@example.org");
    }

    /** As above, with the email that decides whether the user is external. */
    String createUser(String username, String firstName, String lastName, String email) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        user.setEmail(email);
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue(username + "-pw");
        user.setCredentials(List.of(password));
        try (Response response = realm.admin().users().create(user)) {
            assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
            String path = response.getLocation().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            realm.cleanup().add(r -> {
                try {
                    r.users().get(id).remove();
                } catch (RuntimeException alreadyGone) {
                    // deleted by the test
                }
            });
            return id;
        }
    }

    void setLastName(String userId, String lastName) {
        UserRepresentation rep = realm.admin().users().get(userId).toRepresentation();
        rep.setLastName(lastName);
        realm.admin().users().get(userId).update(rep);
    }

    /** The target's line of {@code GET .../gatehouse-provisioning/targets}. */
    Map<String, Object> status(String targetId) {
        try {
            HttpResponse<String> r = admin("GET", "/targets");
            assertEquals(200, r.statusCode(), r.body());
            List<Map<String, Object>> targets = JSON.readValue(r.body(), new TypeReference<>() { });
            return targets.stream().filter(t -> targetId.equals(t.get("id"))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long pending(String targetId) {
        return ((Number) status(targetId).get("pending")).longValue();
    }

    boolean quarantined(String targetId) {
        return Boolean.TRUE.equals(status(targetId).get("quarantined"));
    }

    String lastError(String targetId) {
        Object error = status(targetId).get("lastError");
        return error == null ? null : error.toString();
    }

    List<Map<String, Object>> deadLetters(String targetId) {
        try {
            HttpResponse<String> r = admin("GET", "/targets/" + targetId + "/dead-letters");
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readValue(r.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a full sync (202 with the job and its Location) and waits for the background job to end; returns the
     * ended job ({@code state}, {@code usersRead}, {@code usersQueued}, ...).
     */
    Map<String, Object> syncAndWait(String targetId) {
        HttpResponse<String> started = admin("POST", "/targets/" + targetId + "/sync");
        assertEquals(202, started.statusCode(), started.body());
        Map<String, Object> job = json(started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/targets/" + targetId + "/sync/" + job.get("jobId")), location);
        return awaitSync(targetId, (String) job.get("jobId"));
    }

    /** Waits for the job to end (done, cancelled or failed) and returns it as it ended. */
    Map<String, Object> awaitSync(String targetId, String jobId) {
        Map<String, Object>[] last = new Map[1];
        awaitTrue(() -> {
            last[0] = syncJob(targetId, jobId);
            return !List.of("queued", "running").contains(last[0].get("state"));
        }, "full sync " + jobId + " ended");
        return last[0];
    }

    Map<String, Object> syncJob(String targetId, String jobId) {
        HttpResponse<String> r = admin("GET", "/targets/" + targetId + "/sync/" + jobId);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    static Map<String, Object> json(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    /** Admin events of the realm whose resource path is this one. */
    List<AdminEventRepresentation> adminEvents(String resourcePath) {
        return realm.admin().getAdminEvents().stream().filter(e -> resourcePath.equals(e.getResourcePath())).toList();
    }

    HttpResponse<String> admin(String method, String path) {
        return admin(method, path, Duration.ofMinutes(2));
    }

    HttpResponse<String> admin(String method, String path, Duration timeout) {
        String base = realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/gatehouse-provisioning";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + adminClient.tokenManager().getAccessTokenString())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deliveries run on the server's worker: poll for their effect, up to a bound. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            pause(100);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
