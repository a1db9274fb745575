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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.runonserver.InjectRunOnServer;
import org.keycloak.testframework.remote.runonserver.RunOnServerClient;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Full sync as a background job: the request answers 202 at once, the job reads the realm in keyset batches and
 * queues what the per-user path would (same payload, same audience), shows its progress, and a job whose node
 * stopped renewing its lease is taken over and resumed from its cursor, or cancelled by whoever holds it next.
 * A dead node is simulated by writing its job row on the server: a second node is not needed.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningSyncIT {

    private static ScimTestServer scim;

    @InjectRealm(fromJson = "provisioning-sync-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectRunOnServer(permittedPackages = "dev.gatehouse.it")
    RunOnServerClient server;

    @BeforeAll
    static void startScim() throws IOException {
        scim = new ScimTestServer("sync-token");
        scim.start();
    }

    @AfterAll
    static void stopScim() {
        scim.stop();
    }

    @Test
    void aSyncAnswers202ThenQueuesInTheBackgroundWhatThePerUserPathWouldWithProgressToDone() throws Exception {
        allowCustomAttributes();
        importUsers("bulk", 2_400);
        // Queued while the target is disabled, so every row the job wrote is still in the outbox to count and read.
        String target = disabledTarget("sync-all");

        Map<String, Object> job = targets().syncAndWait(target);

        assertEquals("done", job.get("state"), job.toString());
        long users = serverLong("select count(u) from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null");
        long enabled = serverLong("select count(u) from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null"
                + " and u.enabled = true");
        assertEquals(users, number(job, "usersRead"), "every user read once, service accounts left out: " + job);
        assertEquals(users, number(job, "totalEstimate"), job.toString());
        assertEquals(enabled, number(job, "usersQueued"), "enabled users provisioned, disabled never-enrolled ones left alone: " + job);
        assertEquals(enabled, targets().pending(target), "one row per queued user");
        assertNotNull(job.get("startedAt"));
        assertNotNull(job.get("finishedAt"));
        assertEquals(job, targets().json(targets().admin("GET", "/targets/" + target + "/sync").body()), "GET …/sync: the newest job");

        String robot = realm.admin().clients().findByClientId("sync-robot").get(0).getId();
        String robotUser = realm.admin().clients().get(robot).getServiceAccountUser().getId();
        Map<String, String> payloads = outboxPayloads(target);
        assertFalse(payloads.containsKey(robotUser), "a service account is not synced");

        // The same JSON the per-user path writes (UserSnapshot of Keycloak's own user model): attributes with
        // several values in their order, a value longer than 255 characters, nested groups, names and email.
        for (String username : List.of("bulk00000", "bulk00010", "bulk00020", "bulk00002")) {
            String id = realm.admin().users().search(username, true).get(0).getId();
            assertEquals(perUserPayload(id), payloads.get(id), username);
        }
        assertTrue(payloads.get(realm.admin().users().search("bulk00010", true).get(0).getId()).contains("/staff/eu"));

        assertTrue(String.valueOf(realm.admin().components().component(target).toRepresentation().getConfig().getFirst("status"))
                .matches("Disabled; full sync done .*: " + String.format(java.util.Locale.ROOT, "%,d", users) + " users read of about .*"),
                "the console's status column: " + realm.admin().components().component(target).toRepresentation().getConfig());
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String meter : List.of("gatehouse_provisioning_sync_users_queued_total", "gatehouse_provisioning_sync_users_read_total",
                "gatehouse_provisioning_sync_jobs_total{outcome=\"done\"}", "gatehouse_provisioning_sync_running")) {
            assertTrue(metrics.contains(meter), meter);
        }

        // A second sync finds them enrolled: one update each, nothing provisioned twice.
        Map<String, Object> again = targets().syncAndWait(target);
        assertEquals(enabled, number(again, "usersQueued"), again.toString());
        assertTrue(outboxPayloads(target).size() == enabled, "rows are per user and target");
    }

    @Test
    void aJobWhoseNodeStoppedIsTakenOverWhenItsLeaseRunsOutAndResumesFromItsCursorOrEndsIfCancelled() throws Exception {
        importUsers("resume", 1_200);
        String resumed = disabledTarget("sync-resume");
        String cancelled = disabledTarget("sync-cancel");
        List<String> usernames = serverUsernames();
        String cursor = usernames.get(599);
        String resumedJob = writeDeadNodeJob(resumed, cursor);
        String cancelledJob = writeDeadNodeJob(cancelled, cursor);

        // One job per target: a second start is refused with the running job's id.
        HttpResponse<String> second = targets().admin("POST", "/targets/" + resumed + "/sync");
        assertEquals(409, second.statusCode(), second.body());
        assertEquals(resumedJob, ((Map<?, ?>) targets().json(second.body()).get("job")).get("jobId"), second.body());
        assertTrue(second.headers().firstValue("Location").orElseThrow().endsWith("/sync/" + resumedJob));

        HttpResponse<String> cancel = targets().admin("DELETE", "/targets/" + cancelled + "/sync");
        assertEquals(202, cancel.statusCode(), cancel.body());
        assertEquals(true, targets().json(cancel.body()).get("cancelRequested"), cancel.body());

        // The dead node's lease is live for another minute: its jobs stay where they are.
        Map<String, Object> held = targets().syncJob(resumed, resumedJob);
        assertEquals("running", held.get("state"));
        assertEquals("dead-node", held.get("node"));

        timeOffSet.set(120); // the lease has run out: this node's worker takes both jobs at its next poll
        Map<String, Object> done = targets().awaitSync(resumed, resumedJob);
        assertEquals("done", done.get("state"), done.toString());
        assertEquals(usernames.size(), number(done, "usersRead"), "600 read by the dead node, the rest after its cursor: " + done);
        long afterCursor = serverLong("select count(u) from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null"
                + " and u.enabled = true and u.username > '" + cursor + "'");
        assertEquals(afterCursor, targets().pending(resumed), "only users after the cursor queued by the node that took over");
        assertEquals(600 + afterCursor, number(done, "usersQueued"), done.toString());
        assertTrue(outboxPayloads(resumed).values().stream().map(p -> (String) ProvisioningTargets.json(p).get("username"))
                .allMatch(username -> username.compareTo(cursor) > 0), "nothing before the cursor again");

        Map<String, Object> stopped = targets().awaitSync(cancelled, cancelledJob);
        assertEquals("cancelled", stopped.get("state"), stopped.toString());
        assertEquals(600, number(stopped, "usersRead"), "no batch after the cancel: " + stopped);
        assertEquals(0, targets().pending(cancelled));

        // Ended jobs no longer block their target.
        assertEquals("done", targets().syncAndWait(cancelled).get("state"));
    }

    @Test
    void deletingATargetDropsItsWaitingQueueAndEnrolmentsAtOnce() {
        allowCustomAttributes();
        importUsers("gone", 50);
        String target = disabledTarget("sync-deleted");
        assertEquals("done", targets().syncAndWait(target).get("state"));
        assertTrue(targets().pending(target) > 0, "rows wait for the target's enabling");

        // Rows that wait for an enabling are never claimed, so nothing else would ever remove them.
        realm.admin().components().component(target).remove();
        assertEquals(0, serverLong("select count(e) from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = '" + target + "'"));
        assertEquals(0, serverLong("select count(u) from GatehouseProvisionedUser u where u.realmId = :realm and u.targetId = '" + target + "'"));
    }

    @Test
    void removingARealmDropsWhatItsTargetsHadQueuedAtOnce() throws IOException {
        RealmRepresentation temporary = new RealmRepresentation();
        temporary.setRealm("sync-removed");
        temporary.setEnabled(true);
        temporary.setAdminEventsEnabled(true);
        adminClient.realms().create(temporary);
        RealmResource removed = adminClient.realm("sync-removed");
        String realmId = removed.toRepresentation().getId();
        java.nio.file.Files.writeString(GatehouseServerConfig.vaultDir().resolve("sync-removed_scim-token"), "sync-token");
        ComponentRepresentation down = new ComponentRepresentation();
        down.setName("down");
        down.setProviderId("gatehouse-provisioning-target");
        down.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        down.setParentId(realmId);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", "down");
        config.putSingle("kind", "scim");
        config.putSingle("url", "http://localhost:1/scim/v2"); // nothing listens: the row waits out its backoff
        config.putSingle("auth", "bearer");
        config.putSingle("secret", "${vault.scim-token}");
        config.putSingle("testOnSave", "false");
        down.setConfig(config);
        try (Response created = removed.components().add(down)) {
            assertEquals(201, created.getStatus());
        }
        UserRepresentation user = new UserRepresentation();
        user.setUsername("waits");
        user.setEnabled(true);
        try (Response created = removed.users().create(user)) {
            assertEquals(201, created.getStatus());
        }
        String queued = "select count(e) from GatehouseOutboxEntry e where e.realmId = '" + realmId + "'";
        awaitTrue(() -> server.fetch(SyncOnServer.countAll(queued), Long.class) > 0, "the user's row queued for the target");

        removed.remove();
        assertEquals(0L, server.fetch(SyncOnServer.countAll(queued), Long.class), "gone with the realm, not left to the worker");
        assertEquals(0L, server.fetch(SyncOnServer.countAll("select count(u) from GatehouseProvisionedUser u where u.realmId = '"
                + realmId + "'"), Long.class));
    }

    // -- preview as a job ---------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void aPreviewJobAnswers202ThenEndsDoneWithWhatTheSynchronousPreviewAnswersAndOnlyReadsTheTarget() throws Exception {
        importUsers("preview", 2_100); // three batches of 1,000
        String target = disabledTarget("preview-job");
        int requestsBefore = scim.requests().size();

        HttpResponse<String> started = targets().admin("POST", "/targets/" + target + "/preview");
        assertEquals(202, started.statusCode(), started.body());
        Map<String, Object> job = targets().json(started.body());
        String jobId = (String) job.get("jobId");
        assertTrue(List.of("queued", "running").contains(job.get("state")), started.body());
        assertTrue(started.headers().firstValue("Location").orElseThrow().endsWith("/targets/" + target + "/preview/" + jobId));
        assertEquals(1, targets().adminEvents("components/" + target + "/preview/" + jobId).size(), "the start is an admin event");

        Map<String, Object> done = awaitPreview(target, jobId);
        assertEquals("done", done.get("state"), done.toString());
        long users = serverLong("select count(u) from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null");
        assertEquals(users, number(done, "usersRead"), done.toString());
        assertEquals(users, number(done, "totalEstimate"), done.toString());
        assertNotNull(done.get("finishedAt"));

        HttpResponse<String> synchronous = targets().admin("GET", "/targets/" + target + "/preview");
        assertEquals(200, synchronous.statusCode(), synchronous.body());
        assertEquals(targets().json(synchronous.body()), done.get("result"), "the job's result is the synchronous preview's answer");
        long enabled = serverLong("select count(u) from UserEntity u where u.realmId = :realm and u.serviceAccountClientLink is null"
                + " and u.enabled = true");
        assertEquals(enabled, number((Map<String, Object>) ((Map<String, Object>) done.get("result")).get("create"), "count"),
                "every enabled user would be created at the empty target: " + done.get("result"));
        assertTrue(scim.requests().subList(requestsBefore, scim.requests().size()).stream().allMatch(r -> r.startsWith("GET ")),
                "a preview changes nothing at the target");
        assertEquals(0, targets().pending(target), "and queues nothing");

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("gatehouse_provisioning_preview_jobs_total{outcome=\"done\"}"), "preview jobs counted");
    }

    @Test
    void aPreviewJobIs404ForAnUnknownIdOrASyncsAndTheStartIs400ForAWebhook() throws IOException {
        String target = disabledTarget("preview-unknown");
        assertEquals(404, targets().admin("GET", "/targets/" + target + "/preview/" + java.util.UUID.randomUUID()).statusCode());
        assertEquals(404, targets().admin("DELETE", "/targets/" + target + "/preview/" + java.util.UUID.randomUUID()).statusCode());
        String otherTarget = disabledTarget("preview-other");
        String otherPreview = writeDeadNodePreview(otherTarget);
        assertEquals(404, targets().admin("GET", "/targets/" + target + "/preview/" + otherPreview).statusCode(),
                "another target's preview");
        assertEquals(404, targets().admin("GET", "/targets/" + otherTarget + "/sync/" + otherPreview).statusCode(),
                "a preview is no full sync");
        assertEquals(404, targets().admin("GET", "/targets/" + otherTarget + "/sync").statusCode(), "the target has had no full sync");

        java.nio.file.Files.writeString(GatehouseServerConfig.vaultDir().resolve(realm.getName() + "_preview-hook"),
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        String hook = targets().create("preview-hook", Map.of("kind", "webhook", "url", scim.baseUrl(), "secret", "${vault.preview-hook}",
                "enabled", "false", "testOnSave", "false"));
        HttpResponse<String> refused = targets().admin("POST", "/targets/" + hook + "/preview");
        assertEquals(400, refused.statusCode(), refused.body());
    }

    @Test
    void aSecondPreviewIs409WhileOneRunsBesideASyncAndDeleteCancelsIt() {
        String target = disabledTarget("preview-busy");
        String running = writeDeadNodePreview(target);

        HttpResponse<String> second = targets().admin("POST", "/targets/" + target + "/preview");
        assertEquals(409, second.statusCode(), second.body());
        Map<String, Object> conflict = targets().json(second.body());
        assertEquals("preview_running", conflict.get("error"), second.body());
        assertEquals(running, ((Map<?, ?>) conflict.get("job")).get("jobId"), second.body());
        assertTrue(second.headers().firstValue("Location").orElseThrow().endsWith("/preview/" + running));
        // A preview and a sync of one target run side by side.
        assertEquals("done", targets().syncAndWait(target).get("state"));

        HttpResponse<String> cancel = targets().admin("DELETE", "/targets/" + target + "/preview/" + running);
        assertEquals(202, cancel.statusCode(), cancel.body());
        assertEquals(true, targets().json(cancel.body()).get("cancelRequested"), cancel.body());
        assertEquals("running", previewJob(target, running).get("state"), "the dead node's lease is live for another minute");

        timeOffSet.set(120); // the lease has run out: this node's preview worker takes the job and sees the cancel
        Map<String, Object> stopped = awaitPreview(target, running);
        assertEquals("cancelled", stopped.get("state"), stopped.toString());
        HttpResponse<String> again = targets().admin("DELETE", "/targets/" + target + "/preview/" + running);
        assertEquals(202, again.statusCode(), "cancelling a cancelled preview again, as a sync: " + again.body());

        // An ended preview no longer blocks its target; one that ended done cannot be cancelled.
        HttpResponse<String> next = targets().admin("POST", "/targets/" + target + "/preview");
        assertEquals(202, next.statusCode(), next.body());
        String nextId = (String) targets().json(next.body()).get("jobId");
        assertEquals("done", awaitPreview(target, nextId).get("state"));
        HttpResponse<String> ended = targets().admin("DELETE", "/targets/" + target + "/preview/" + nextId);
        assertEquals(409, ended.statusCode(), ended.body());
        assertEquals("preview_ended", targets().json(ended.body()).get("error"), ended.body());
    }

    // -- helpers ----------------------------------------------------------------------------------------------

    private ProvisioningTargets targets() {
        return new ProvisioningTargets(realm, adminClient);
    }

    private String disabledTarget(String name) {
        java.nio.file.Path vault = GatehouseServerConfig.vaultDir().resolve(realm.getName() + "_scim-token");
        try {
            java.nio.file.Files.writeString(vault, "sync-token");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return targets().create(name, Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "enabled", "false"));
    }

    /** {@code count} users in one partial import; every 10th with attributes and nested groups, every 7th disabled. */
    private void importUsers(String prefix, int count) {
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UserRepresentation u = new UserRepresentation();
            u.setUsername(String.format("%s%05d", prefix, i));
            u.setEmail(String.format("%s%05d@partner.example", prefix, i));
            u.setFirstName("Sync");
            u.setLastName("User " + i);
            u.setEnabled(i % 7 != 1);
            if (i % 10 == 0) {
                u.setAttributes(Map.of("department", List.of("Research"), "tags", List.of("zeta", "alpha", "mid"),
                        "essay", List.of("x".repeat(300))));
                u.setGroups(List.of("/staff/eu", "/partners"));
            }
            users.add(u);
        }
        PartialImportRepresentation batch = new PartialImportRepresentation();
        batch.setIfResourceExists("SKIP");
        batch.setUsers(users);
        try (Response r = realm.admin().partialImport(batch)) {
            assertEquals(200, r.getStatus());
        }
    }

    private void allowCustomAttributes() {
        UPConfig before = realm.admin().users().userProfile().getConfiguration();
        UPConfig allowing = realm.admin().users().userProfile().getConfiguration();
        allowing.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.admin().users().userProfile().update(allowing);
        realm.cleanup().add(r -> r.users().userProfile().update(before));
    }

    private Map<String, Object> previewJob(String target, String jobId) {
        HttpResponse<String> r = targets().admin("GET", "/targets/" + target + "/preview/" + jobId);
        assertEquals(200, r.statusCode(), r.body());
        return targets().json(r.body());
    }

    /** Polls the preview job until it ends (within the targets' patience) and returns it as it ended. */
    private Map<String, Object> awaitPreview(String target, String jobId) {
        List<Map<String, Object>> last = new ArrayList<>(List.of(Map.of()));
        awaitTrue(() -> {
            last.set(0, previewJob(target, jobId));
            return !List.of("queued", "running").contains(last.get(0).get("state"));
        }, "preview " + jobId + " ended");
        return last.get(0);
    }

    private static long number(Map<String, Object> job, String key) {
        return ((Number) job.get(key)).longValue();
    }

    // -- on the server ----------------------------------------------------------------------------------------

    private long serverLong(String jpql) {
        return server.fetch(SyncOnServer.count(realm.getName(), jpql), Long.class);
    }

    @SuppressWarnings("unchecked")
    private List<String> serverUsernames() {
        return server.fetch(SyncOnServer.usernames(realm.getName()), List.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> outboxPayloads(String target) {
        return server.fetch(SyncOnServer.outboxPayloads(target), Map.class);
    }

    private String perUserPayload(String userId) {
        return server.fetchString(SyncOnServer.perUserPayload(realm.getName(), userId));
    }

    private String writeDeadNodePreview(String target) {
        String id = java.util.UUID.randomUUID().toString();
        server.run(SyncOnServer.deadNodePreview(realm.getName(), target, id));
        return id;
    }

    private String writeDeadNodeJob(String target, String cursor) {
        String id = java.util.UUID.randomUUID().toString();
        server.run(SyncOnServer.deadNodeJob(realm.getName(), target, id, cursor));
        return id;
    }
}
