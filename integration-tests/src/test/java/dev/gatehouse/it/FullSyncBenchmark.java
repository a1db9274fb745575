package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.runonserver.InjectRunOnServer;
import org.keycloak.testframework.remote.runonserver.RunOnServerClient;

/**
 * Full sync at scale: N users (default 100,000; {@code -Dgatehouse.bench.users=N}) written straight into
 * Keycloak's H2 tables (every 10th with two attributes and a group), then one full sync of a disabled SCIM target
 * queues a row per user. Prints users/s (from the job's own start and end) and Keycloak's heap while it runs.
 * Not part of {@code mvn verify}; needs the file-backed H2 ({@code -Dkc.test.database=dev-file}), see
 * docs/benchmarks.md.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class FullSyncBenchmark {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final int CHUNK = 50_000;

    @InjectRealm(fromJson = "provisioning-sync-realm.json", ref = "fullsync-bench")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectRunOnServer(permittedPackages = "dev.gatehouse.it", realmRef = "fullsync-bench")
    RunOnServerClient server;

    @Test
    void queueEveryUserOfALargeRealm() throws Exception {
        int users = Integer.getInteger("gatehouse.bench.users", 100_000);
        String realmName = realm.getName();
        GroupRepresentation staff = realm.admin().groups().groups().stream().filter(g -> g.getName().equals("staff")).findFirst().orElseThrow();
        String groupId = staff.getId();

        long setupStart = System.nanoTime();
        for (int first = 1; first <= users; first += CHUNK) {
            int from = first;
            int to = Math.min(users, first + CHUNK - 1);
            server.run(SyncOnServer.insertUsers(realmName, groupId, from, to));
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        long inRealm = server.fetch(SyncOnServer.count(realmName, "select count(u) from UserEntity u where u.realmId = :realm"
                + " and u.serviceAccountClientLink is null"), Long.class);

        ProvisioningTargets targets = new ProvisioningTargets(realm, adminClient);
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(realmName + "_scim-token"), "bench-token");
        String target = targets.create("bench-scim", Map.of("kind", "scim", "url", "http://localhost:1/scim/v2", "auth", "bearer",
                "secret", "${vault.scim-token}", "enabled", "false", "pushGroups", "false"));

        long start = System.nanoTime();
        HttpResponse<String> started = targets.admin("POST", "/targets/" + target + "/sync");
        double answeredMillis = (System.nanoTime() - start) / 1e6;
        assertEquals(202, started.statusCode(), started.body());
        String jobId = (String) ProvisioningTargets.json(started.body()).get("jobId");
        double peakHeapMb = 0;
        Map<String, Object> job;
        while (true) {
            job = targets.syncJob(target, jobId);
            peakHeapMb = Math.max(peakHeapMb, heapMb());
            if (!List.of("queued", "running").contains(job.get("state"))) {
                break;
            }
            if (System.nanoTime() - start > Duration.ofHours(1).toNanos()) {
                throw new AssertionError("the full sync did not end within an hour: " + job);
            }
            Thread.sleep(1000);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double jobSeconds = (((Number) job.get("finishedAt")).longValue() - ((Number) job.get("startedAt")).longValue()) / 1000.0;
        long read = ((Number) job.get("usersRead")).longValue();
        long queued = ((Number) job.get("usersQueued")).longValue();
        String result = String.format(
                "users in realm: %d (written into H2 in %.1f s, %.0f users/s; every 10th with 2 attributes and a group)%n"
                        + "POST …/sync answered %d in %.0f ms%n"
                        + "job %s: %d users read, %d rows queued in %.1f s (job start to end): %.0f users/s; %.1f s from the POST%n"
                        + "Keycloak heap while the job ran (polled each second): peak %.0f MB",
                inRealm, setupSeconds, inRealm / setupSeconds, started.statusCode(), answeredMillis,
                job.get("state"), read, queued, jobSeconds, read / jobSeconds, wallSeconds, peakHeapMb);
        System.out.println("=== Gatehouse full-sync benchmark ===\n" + result);
        Files.writeString(Path.of("target", "full-sync-benchmark.txt"), result + "\n");
        assertEquals("done", job.get("state"), job.toString());
        assertEquals(inRealm, read);
        assertEquals(inRealm, queued);
        assertEquals(inRealm, targets.pending(target));
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
        } catch (java.io.IOException | InterruptedException e) {
            return 0;
        }
    }
}
