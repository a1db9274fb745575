package dev.gatehouse.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * Full sync at scale on the production database: PostgreSQL and one Keycloak node built for production, N users
 * ({@code -Dgatehouse.bench.users=N}, default 100,000) written straight into Keycloak's tables, then one full sync
 * of a disabled SCIM target queues a row per user. Prints users/s from the job's own start and end, the answer
 * time of the POST, Keycloak's heap peak, PostgreSQL's settings and the statements that took its time, and
 * writes target/full-sync-postgres-benchmark.txt. {@code -Dgatehouse.bench.jfr=true} also records the Keycloak
 * JVM with Java Flight Recorder while the job runs (target/full-sync-postgres.jfr). Not part of {@code mvn verify}
 * (Failsafe runs *IT classes); see docs/benchmarks.md.
 */
class FullSyncPostgresBenchmark {

    private static final String REALM = "gatehouse-provisioning-sync";
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final List<String> SETTINGS = List.of("server_version", "shared_buffers", "work_mem", "maintenance_work_mem",
            "effective_cache_size", "synchronous_commit", "fsync", "wal_level", "max_wal_size", "checkpoint_timeout", "max_connections");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void queueEveryUserOfALargeRealm() throws Exception {
        int users = Integer.getInteger("gatehouse.bench.users", 100_000);
        Path target = Path.of("target").toAbsolutePath();
        Path recording = Boolean.getBoolean("gatehouse.bench.jfr") ? target.resolve("full-sync-postgres.jfr") : null;
        try (SingleNode server = SingleNode.start(SyncProfile.SERVER_CONFIG,
                // deep enough for Hibernate's stacks to reach down to Gatehouse's frames
                recording == null ? "" : "-XX:FlightRecorderOptions:stackdepth=512",
                // the target's URL is on localhost, which the address guard refuses by default
                "--spi-events-listener--gatehouse-provisioning--allow-private-targets=true")) {
            KeycloakNode node = server.node();
            PostgresDatabase db = server.database();
            AdminRest admin = new AdminRest(node);
            admin.createRealm(resource("/dev/gatehouse/it/provisioning-sync-realm.json"));
            String realmId = JSON.readTree(admin.get("/admin/realms/" + REALM).body()).path("id").asText();
            String groupId = JSON.readTree(admin.get("/admin/realms/" + REALM + "/groups?search=staff&exact=true").body())
                    .path(0).path("id").asText();

            long setupStart = System.nanoTime();
            LargeRealmRows.write(db, realmId, groupId, users);
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            // Keycloak reads users from the database (its cache holds users by id once loaded; none was): it counts them.
            long inRealm = Long.parseLong(admin.get("/admin/realms/" + REALM + "/users/count").body().trim());
            assertEquals(users, inRealm, "users Keycloak counts in the realm");

            Files.writeString(node.vaultDir().resolve(REALM + "_scim-token"), "bench-token");
            String targetId = admin.create("/admin/realms/" + REALM + "/components", JSON.writeValueAsString(Map.of(
                    "name", "bench-scim", "providerId", "gatehouse-provisioning-target", "providerType", AdminRest.POLICY_COMPONENT_TYPE,
                    "parentId", realmId, "config", Map.of("name", List.of("bench-scim"), "kind", List.of("scim"),
                            "url", List.of("http://localhost:1/scim/v2"), "auth", List.of("bearer"), "secret", List.of("${vault.scim-token}"),
                            "enabled", List.of("false"), "pushGroups", List.of("false")))));
            String sync = "/admin/realms/" + REALM + "/gatehouse-provisioning/targets/" + targetId + "/sync";

            SyncProfile profile = new SyncProfile(db, node, recording);
            profile.start();
            String loadBefore = load();
            long start = System.nanoTime();
            HttpResponse<String> started = admin.request("POST", sync, null);
            double answeredMillis = (System.nanoTime() - start) / 1e6;
            assertEquals(202, started.statusCode(), started.body());
            String jobId = JSON.readTree(started.body()).path("jobId").asText();
            double peakHeapMb = 0;
            Map<String, Object> job;
            while (true) {
                job = JSON.readValue(admin.get(sync + "/" + jobId).body(), new TypeReference<>() { });
                peakHeapMb = Math.max(peakHeapMb, heapMb(node));
                if (!List.of("queued", "running").contains(job.get("state"))) {
                    break;
                }
                if (System.nanoTime() - start > Duration.ofHours(2).toNanos()) {
                    throw new AssertionError("the full sync did not end within two hours: " + job);
                }
                Thread.sleep(1000);
            }
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            String loadAfter = load();
            profile.stop();
            double jobSeconds = (((Number) job.get("finishedAt")).longValue() - ((Number) job.get("startedAt")).longValue()) / 1000.0;
            long read = ((Number) job.get("usersRead")).longValue();
            long queued = ((Number) job.get("usersQueued")).longValue();
            long[] outbox = outboxRows(db, targetId);

            StringBuilder result = new StringBuilder()
                    .append(String.format("date %s, commit %s; machine: %d cores; load average (1, 5, 15 min) %s at the POST, %s at the end%n",
                            Instant.now(), commit(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter))
                    .append(String.format("PostgreSQL: %s%n", db.settings(SETTINGS)))
                    .append(String.format("Keycloak: one node, kc.sh start --optimized, heap -Xms128m -Xmx768m%s%n",
                            recording == null ? "" : ", Java Flight Recorder (profile settings) on during the job"))
                    .append(String.format("users in realm: %d (written into PostgreSQL in %.1f s, %.0f users/s, then vacuum analyze;"
                            + " every 10th with 2 attributes and a group)%n", inRealm, setupSeconds, inRealm / setupSeconds))
                    .append(String.format("POST …/sync answered %d in %.0f ms%n", started.statusCode(), answeredMillis))
                    .append(String.format("job %s: %d users read, %d rows queued in %.1f s (job start to end): %.0f users/s; %.1f s from the POST%n",
                            job.get("state"), read, queued, jobSeconds, read / jobSeconds, wallSeconds))
                    .append(String.format("GH_PROV_OUTBOX rows of the target: %d, distinct users: %d%n", outbox[0], outbox[1]))
                    .append(String.format("Keycloak heap while the job ran (polled each second): peak %.0f MB%n", peakHeapMb))
                    .append(String.format("PostgreSQL time in statements from the POST to the end: %.1f s; the most:%n",
                            profile.totalStatementSeconds()));
            profile.topStatements(12).forEach(line -> result.append("  ").append(line).append('\n'));
            System.out.println("=== Gatehouse full-sync benchmark on PostgreSQL ===\n" + result);
            Files.writeString(target.resolve("full-sync-postgres-benchmark.txt"), result);
            assertEquals("done", job.get("state"), job.toString());
            assertEquals(inRealm, read);
            assertEquals(inRealm, queued);
            assertEquals(inRealm, outbox[0], "one outbox row per user");
            assertEquals(inRealm, outbox[1], "every user queued");
        }
    }

    /** The target's outbox rows and the distinct users among them. */
    private static long[] outboxRows(PostgresDatabase db, String targetId) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("select count(*), count(distinct subject) from gh_prov_outbox where target_id = ?")) {
            s.setString(1, targetId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static double heapMb(KeycloakNode node) {
        try {
            Matcher m = HEAP.matcher(node.metrics());
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum / (1024 * 1024);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String load() throws java.io.IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (java.io.IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = FullSyncPostgresBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
