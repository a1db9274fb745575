package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Provisioning throughput: N users (default 100,000; {@code -Dgatehouse.bench.users=N}) are queued for a SCIM
 * target at once by a full sync, and drained to the SCIM server of the test JVM. Prints deliveries per second,
 * the queue's peak, and the server's heap while draining (bounded memory). {@code -Dgatehouse.bench.latencyMillis=100}
 * makes the SCIM server answer every request that much later, as real SCIM services do (50-300 ms);
 * {@code -Dgatehouse.bench.bulkMaxOperations=0,100} drains the same users once per value, to a new target whose
 * server offers SCIM Bulk with at most that many operations per request (0, the default: no bulk). The worker's
 * settings: {@code -Dgatehouse.worker.concurrency=…}, {@code -Dgatehouse.worker.batches-in-flight=…}. Not part of {@code mvn verify}; run:
 * {@code flock /tmp/gatehouse-it.lock mvn -B verify -pl integration-tests -am -Dit.test=ProvisioningBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)");

    @InjectRealm(fromJson = "provisioning-realm.json", ref = "bench")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @Test
    void drainQueuedUsersToScim() throws Exception {
        int users = Integer.getInteger("gatehouse.bench.users", 100_000);
        long latencyMillis = Long.getLong("gatehouse.bench.latencyMillis", 0);
        // One drain per value, over the same users: 0 = the target offers no bulk.
        List<Integer> bulkSettings = java.util.Arrays.stream(System.getProperty("gatehouse.bench.bulkMaxOperations", "0").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        long importStart = System.nanoTime();
        for (int first = 0; first < users; first += 1_000) {
            PartialImportRepresentation batch = new PartialImportRepresentation();
            batch.setIfResourceExists("SKIP");
            List<UserRepresentation> page = new ArrayList<>();
            for (int i = first; i < Math.min(users, first + 1_000); i++) {
                UserRepresentation u = new UserRepresentation();
                u.setUsername(String.format("bench%06d", i));
                u.setEmail(String.format("bench%06d@partner.example", i));
                u.setFirstName("Bench");
                u.setLastName("User " + i);
                u.setEnabled(true);
                page.add(u);
            }
            batch.setUsers(page);
            try (Response r = realm.admin().partialImport(batch)) {
                assertEquals(200, r.getStatus());
            }
        }
        double importSeconds = (System.nanoTime() - importStart) / 1e9;
        int realmUsers = realm.admin().users().count();
        StringBuilder results = new StringBuilder(String.format("users in realm: %d (imported in %.1f s)%n"
                + "worker: -Dgatehouse.worker.concurrency=%s, -Dgatehouse.worker.batches-in-flight=%s (unset: the defaults)%n",
                realmUsers, importSeconds, System.getProperty("gatehouse.worker.concurrency", "unset"),
                System.getProperty("gatehouse.worker.batches-in-flight", "unset")));
        for (int k = 0; k < bulkSettings.size(); k++) {
            results.append(drain(k, latencyMillis, bulkSettings.get(k)));
        }
        System.out.println("=== Gatehouse provisioning benchmark ===\n" + results);
        Path out = Path.of("target", latencyMillis > 0 ? "provisioning-benchmark-" + latencyMillis + "ms.txt"
                : "provisioning-benchmark.txt");
        Files.writeString(out, results + "\n");
    }

    /** Queues every user for a new target (disabled), enables it, and times the drain. */
    private String drain(int round, long latencyMillis, int bulkMaxOperations) throws Exception {
        ScimTestServer scim = ProvisioningTargets.startedScim(realm.getName(), "bench-token");
        if (bulkMaxOperations > 0) {
            scim.offerBulk(bulkMaxOperations, 10_000_000);
        }
        try {
            ComponentRepresentation c = new ComponentRepresentation();
            c.setName("bench-scim-" + round);
            c.setProviderId("gatehouse-provisioning-target");
            c.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
            c.setParentId(realm.admin().toRepresentation().getId());
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
            config.putSingle("name", "bench-scim-" + round);
            config.putSingle("url", scim.baseUrl());
            config.putSingle("secret", "${vault.scim-token}");
            config.putSingle("pushGroups", "false");
            // Queued while the target is disabled, so the drain is measured on a full queue.
            config.putSingle("enabled", "false");
            c.setConfig(config);
            String targetId;
            try (Response r = realm.admin().components().add(c)) {
                assertEquals(201, r.getStatus());
                String path = r.getLocation().getPath();
                targetId = path.substring(path.lastIndexOf('/') + 1);
            }

            long syncStart = System.nanoTime();
            HttpResponse<String> sync = admin("POST", "/targets/" + targetId + "/sync");
            assertEquals(202, sync.statusCode(), sync.body());
            // The sync is a background job: wait for it to end (polled once a second, no time limit but the run's).
            String jobId = (String) JSON.readValue(sync.body(), Map.class).get("jobId");
            Map<String, Object> job;
            do {
                Thread.sleep(1000);
                job = JSON.readValue(admin("GET", "/targets/" + targetId + "/sync/" + jobId).body(), new TypeReference<>() { });
            } while (List.of("queued", "running").contains(job.get("state")));
            assertEquals("done", job.get("state"), job.toString());
            double queuedAfter = (System.nanoTime() - syncStart) / 1e9;
            long queued = ((Number) job.get("usersQueued")).longValue();
            long queuedBeforeDrain = pending(targetId);

            config.putSingle("enabled", "true");
            c.setId(targetId);
            realm.admin().components().component(targetId).update(c);
            // Enabling the target makes the rows the sync queued while it was disabled due at once: no clock to move.
            // Only the drain is slow: queueing and the target's creation above went at full speed.
            scim.answerDelayMillis(latencyMillis);
            long start = System.nanoTime();
            long peakPending = 0;
            double peakHeapMb = 0;
            double lastHeapMb = 0;
            while (true) {
                long pending = pending(targetId);
                peakPending = Math.max(peakPending, pending);
                lastHeapMb = heapMb();
                peakHeapMb = Math.max(peakHeapMb, lastHeapMb);
                if (pending == 0 && scim.users().size() >= queued) {
                    break;
                }
                Thread.sleep(1000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long bulkRequests = scim.requests().stream().filter(r -> r.startsWith("POST /Bulk")).count();
            String result = String.format("--- SCIM server answers each request after %d ms; bulk offered: %s%n"
                            + "rows queued by the full sync (target disabled): %d in %.1f s (%.0f rows/s); queue before the drain %d, peak %d%n"
                            + "target enabled, all delivered to SCIM %.1f s later: %.0f deliveries/s, %.3f SCIM requests per delivery"
                            + " (%d bulk requests)%n"
                            + "Keycloak heap while draining: peak %.0f MB, at the end %.0f MB%n"
                            + "users at the SCIM server: %d%n",
                    latencyMillis, bulkMaxOperations > 0 ? "up to " + bulkMaxOperations + " operations per request" : "no",
                    queued, queuedAfter, queued / queuedAfter, queuedBeforeDrain, peakPending,
                    seconds, queued / seconds, scimRequests(scim) / (double) queued, bulkRequests, peakHeapMb, lastHeapMb,
                    scim.users().size());
            System.out.print(result);
            assertEquals(queued, scim.users().size(), "every queued user delivered once");
            realm.admin().components().component(targetId).remove();
            return result;
        } finally {
            scim.stop();
        }
    }

    private long pending(String targetId) throws IOException {
        List<Map<String, Object>> targets = JSON.readValue(admin("GET", "/targets").body(), new TypeReference<>() { });
        return targets.stream().filter(t -> targetId.equals(t.get("id")))
                .mapToLong(t -> ((Number) t.get("pending")).longValue()).sum();
    }

    private static double heapMb() {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = HEAP.matcher(body);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum / (1024 * 1024);
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    private HttpResponse<String> admin(String method, String path) {
        return new ProvisioningTargets(realm, adminClient).admin(method, path, java.time.Duration.ofMinutes(30));
    }

    /** Requests the SCIM server answered for users, one bulk request counted once (the target's capability reads excluded). */
    private static long scimRequests(ScimTestServer scim) {
        return scim.requests().stream().filter(r -> r.startsWith("POST /Bulk") || r.contains("/Users")).count();
    }
}
