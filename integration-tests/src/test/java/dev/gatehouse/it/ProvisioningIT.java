package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.User;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import dev.gatehouse.demotarget.ScimTestServer;
import dev.gatehouse.demotarget.WebhookTestReceiver;


/**
 * Provisioning to a real SCIM 2.0 server (an independent library in this JVM) and to a webhook receiver that
 * verifies Standard Webhooks signatures. Each test gets its own target; deliveries are asynchronous, so tests
 * wait for the target to show the change. Retries become due by moving Keycloak's clock.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningIT {

    private static final String REALM = "gatehouse-provisioning";
    private static final String SCIM_TOKEN = "scim-token-" + java.util.UUID.randomUUID();
    /** Two webhook secrets during a rotation: the old one and the new one the receiver knows. */
    private static final String OLD_WHSEC = "whsec_" + java.util.Base64.getEncoder().encodeToString("old-secret-0123456789abcdef0123".getBytes());
    private static final String NEW_WHSEC = "whsec_" + java.util.Base64.getEncoder().encodeToString("new-secret-0123456789abcdef0123".getBytes());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private static ScimTestServer scim;
    private static WebhookTestReceiver receiver;

    @InjectRealm(fromJson = "provisioning-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectAdminClient
    Keycloak adminClient;

    private String targetId;

    @BeforeAll
    static void servers() throws IOException {
        scim = new ScimTestServer(SCIM_TOKEN);
        scim.start();
        receiver = new WebhookTestReceiver(NEW_WHSEC);
        receiver.start();
        Path vault = GatehouseServerConfig.vaultDir();
        Files.writeString(vault.resolve(REALM + "_scim-token"), SCIM_TOKEN);
        Files.writeString(vault.resolve(REALM + "_hook-secrets"), OLD_WHSEC + " " + NEW_WHSEC);
    }

    @AfterAll
    static void stopServers() {
        scim.stop();
        receiver.stop();
    }

    @BeforeEach
    void freshTarget() throws IOException {
        // A new server on a new port each test: one restarted on the same port would leave the connections Keycloak
        // pooled to its predecessor stale, and the next test's first request could meet several of them in a row.
        scim.stop();
        scim = new ScimTestServer(SCIM_TOKEN);
        scim.start();
        targetId = createTarget("app", Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "maxAttempts", "5"));
    }

    @AfterEach
    void removeTarget() {
        realm.admin().components().component(targetId).remove();
    }

    @Test
    void firstSignInProvisionsTheUserAndTheirGroupsOnce() {
        String adaId = userId("ada");
        oauth.doPasswordGrantRequest("ada", "ada-pw");

        awaitTrue(() -> memberOf("acme", adaId), "ada in group acme at the target");
        User ada = scim.userByExternalId(adaId);
        assertEquals("ada", ada.getUserName().orElseThrow());
        assertEquals("Lovelace", ada.getName().orElseThrow().getFamilyName().orElseThrow());
        assertEquals("ada@partner.example", ada.getEmails().get(0).getValue().orElseThrow());
        assertTrue(ada.isActive().orElse(false));
        assertTrue(memberOf("internal-only", adaId));
        assertNull(scim.userByExternalId(userId("olivia")), "olivia never signed in: not provisioned");

        oauth.doPasswordGrantRequest("ada", "ada-pw");
        awaitQueueEmpty();
        assertEquals(1, scim.users().size(), "a second sign-in creates no second user");
        assertEquals(1, scim.requests().stream().filter(r -> r.startsWith("POST /Users")).count());
    }

    @Test
    void adminCreateProvisionsAndChangesPropagateUntilDisableDeprovisions() {
        String id = createUser("carl", "Carl", "First");
        awaitTrue(() -> scim.userByExternalId(id) != null, "carl created at the target");

        UserResource carl = realm.admin().users().get(id);
        UserRepresentation rep = carl.toRepresentation();
        rep.setLastName("Second");
        rep.setEmail("carl@new.example");
        carl.update(rep);
        awaitTrue(() -> "Second".equals(familyName(id)), "the new last name at the target");
        assertEquals("carl@new.example", scim.userByExternalId(id).getEmails().get(0).getValue().orElseThrow());

        String staff = realm.admin().groups().groups("staff", 0, 10).get(0).getId();
        carl.joinGroup(staff);
        awaitTrue(() -> memberOf("staff", id), "carl in staff at the target");
        carl.leaveGroup(staff);
        awaitTrue(() -> !memberOf("staff", id), "carl out of staff at the target");

        rep = carl.toRepresentation();
        rep.setEnabled(false);
        carl.update(rep);
        awaitTrue(() -> !scim.userByExternalId(id).isActive().orElse(true), "carl inactive at the target");
        assertEquals(1, scim.users().size());
    }

    @Test
    void aTargetSavedThroughRestWithOnlyItsRequiredKeysBehavesAsTheConsoleDefaults() throws IOException {
        realm.admin().components().component(targetId).remove();
        ComponentRepresentation empty = new ComponentRepresentation();
        empty.setProviderId("gatehouse-provisioning-target");
        empty.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        empty.setParentId(realm.getId());
        empty.setConfig(new MultivaluedHashMap<>());
        try (Response response = realm.admin().components().add(empty)) {
            assertEquals(400, response.getStatus(), "{} is refused");
            assertTrue(response.readEntity(String.class).contains("Name is required."));
        }
        Map<String, String> required = Map.of("url", scim.baseUrl(), "secret", "${vault.scim-token}");

        scim.stop();
        Map.Entry<Integer, String> refused = targets().refused("app-minimal", required);
        assertEquals(400, refused.getKey(), "the connection test on save is on: a target that is down is refused");
        assertTrue(refused.getValue().contains("Connection test failed"), refused.getValue());
        scim.start();

        targetId = createTarget("app-minimal", required);
        String id = createUser("minnie", "Minnie", "Minimal");
        awaitTrue(() -> scim.userByExternalId(id) != null, "every user goes to the target, over SCIM with the bearer token");
        String staff = realm.admin().groups().groups("staff", 0, 10).get(0).getId();
        realm.admin().users().get(id).joinGroup(staff);
        awaitTrue(() -> memberOf("staff", id), "groups are pushed");
        UserRepresentation rep = realm.admin().users().get(id).toRepresentation();
        rep.setEnabled(false);
        realm.admin().users().get(id).update(rep);
        awaitTrue(() -> !scim.userByExternalId(id).isActive().orElse(true), "a disabled user is deactivated, not deleted");
        assertEquals(1, scim.users().size());
    }

    @Test
    void aUserTheTargetHadBeforeIsAdoptedNotDuplicated() {
        scim.seedUser("erin");
        String id = createUser("erin", "Erin", "Before");
        awaitTrue(() -> scim.userByExternalId(id) != null, "erin at the target carries the Keycloak id");
        awaitQueueEmpty();
        assertEquals(1, scim.users().size(), "the existing user was adopted, not duplicated");
        assertEquals("Before", familyName(id));
    }

    @Test
    void deletedUserIsDeletedAtATargetThatDeletes() {
        realm.admin().components().component(targetId).remove();
        targetId = createTarget("app-deleting", Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "deprovision", "delete"));
        String id = createUser("dora", "Dora", "Gone");
        awaitTrue(() -> scim.userByExternalId(id) != null, "dora created at the target");
        realm.admin().users().get(id).remove();
        awaitTrue(() -> scim.userByExternalId(id) == null, "dora deleted at the target");
    }

    @Test
    void targetDownForAWhileThenBackGetsEveryChangeInOrder() throws IOException {
        String id = createUser("tom", "Tom", "Zero");
        awaitTrue(() -> scim.userByExternalId(id) != null, "tom created at the target");
        // Also recorded as delivered: a stop mid-answer would leave the create waiting as a fourth row.
        awaitQueueEmpty();

        scim.stop();
        UserResource tom = realm.admin().users().get(id);
        for (String name : List.of("One", "Two", "Three")) {
            UserRepresentation rep = tom.toRepresentation();
            rep.setLastName(name);
            tom.update(rep);
        }
        awaitTrue(() -> pending() == 3 && lastError() != null, "three changes waiting, the first tried");

        scim.start();
        timeOffSet.set(2 * 3600);
        awaitTrue(() -> "Three".equals(familyName(id)), "the last change at the target");
        awaitQueueEmpty();
        List<String> puts = scim.requests().stream().filter(r -> r.startsWith("PUT /Users/"))
                .map(r -> r.contains("\"One\"") ? "One" : r.contains("\"Two\"") ? "Two" : r.contains("\"Three\"") ? "Three" : "?")
                .toList();
        assertEquals(List.of("One", "Two", "Three"), puts, "changes arrive in the order they were made");
        assertEquals(1, scim.users().size());
    }

    /** Retry-After itself (not sooner than its seconds): ProvisioningPathsIT#retryAfterIsHonouredNotSoonerThanItsSecondsButOnceTheyPassed. */
    @Test
    void serverErrorsAndTooManyRequestsAreRetried() {
        scim.forceNext("POST", 503, null, "{\"detail\":\"maintenance\"}");
        scim.forceNext("POST", 429, null, "{\"detail\":\"slow down\"}");
        String id = createUser("ivan", "Ivan", "Retry");
        awaitTrue(() -> lastError() != null && lastError().contains("503"), "first attempt got 503");
        timeOffSet.set(600);
        awaitTrue(() -> lastError() != null && lastError().contains("429"), "second attempt got 429");
        timeOffSet.set(1200);
        awaitTrue(() -> scim.userByExternalId(id) != null, "third attempt delivered");
        awaitQueueEmpty();
        assertEquals(1, scim.users().size());
        assertEquals(0, deadLetters().size());
    }

    @Test
    void badRequestIsDeadLetteredWithItsReasonAndAdminsRetryOrPurge() throws Exception {
        scim.forceNext("POST", 400, null, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\",\"detail\":\"userName too exotic\"}");
        String id = createUser("bea", "Bea", "Broken");
        awaitTrue(() -> deadLetters().size() == 1, "the 400 dead-lettered");
        Map<String, Object> dead = deadLetters().get(0);
        assertEquals(id, dead.get("userId"));
        assertTrue(((String) dead.get("reason")).contains("HTTP 400"), dead.toString());
        assertTrue(((String) dead.get("reason")).contains("userName too exotic"), dead.toString());
        assertNull(scim.userByExternalId(id));

        HttpResponse<String> retried = admin("POST", "/targets/" + targetId + "/dead-letters/" + dead.get("id") + "/retry");
        assertEquals(200, retried.statusCode(), retried.body());
        awaitTrue(() -> scim.userByExternalId(id) != null, "the retried row delivered");
        assertEquals(0, deadLetters().size());

        scim.forceNext("POST", 400, null, "{\"detail\":\"no\"}");
        createUser("ben", "Ben", "Purged");
        awaitTrue(() -> deadLetters().size() == 1, "the second 400 dead-lettered");
        HttpResponse<String> purged = admin("DELETE", "/targets/" + targetId + "/dead-letters");
        assertEquals(200, purged.statusCode(), purged.body());
        assertEquals(0, deadLetters().size());
    }

    /**
     * A disabled target's queue waits in one piece: a full sync of it queues rows the worker leaves alone (nothing
     * sent; the queue's size, next attempt and last error unchanged across worker rounds); once their pause is over
     * one claim defers the whole queue again; enabling the target delivers all of it at once, without waiting out the
     * pause.
     */
    @Test
    void disabledTargetsQueueWaitsUntilItIsEnabledWithoutBeingClaimedAndIsThenDeliveredAtOnce() {
        // A row queued while the target was enabled, failing (backoff), then the target disabled.
        scim.failAll(503);
        String early = createUser("waiting-early", "Waiting", "Early");
        awaitTrue(() -> lastError() != null, "the early row failed once and waits out its backoff");
        ComponentRepresentation target = realm.admin().components().component(targetId).toRepresentation();
        target.getConfig().putSingle("enabled", "false");
        realm.admin().components().component(targetId).update(target);
        scim.failAll(null);
        for (int i = 1; i <= 10; i++) {
            createUser("waiting-" + i, "Waiting", "User" + i); // not queued: the target is disabled
        }
        Map<String, Object> sync = targets().syncAndWait(targetId);
        assertEquals("done", sync.get("state"), sync.toString());
        long queued = ((Number) sync.get("usersQueued")).longValue();
        assertTrue(queued >= 12, sync.toString());

        // Past the early row's backoff: the worker meets it, finds the target disabled, and the whole due queue then
        // waits for the enabling; the sync's rows were queued that way and are never looked at, however long.
        timeOffSet.set(3600);
        awaitTrue(() -> "waiting: the target is disabled".equals(lastError()), "the early row's target found disabled");
        awaitTrue(() -> Boolean.TRUE.equals(targetStatus().get("waitsUntilEnabled")), "every row waits for the enabling");
        assertNull(targetStatus().get("nextAttemptAt"), "no time: only enabling makes them due");
        timeOffSet.set(24 * 3600);
        ProvisioningTargets.pause(3_000); // three rounds of the worker, which polls every second
        assertEquals(queued + 1, pending());
        assertEquals(Boolean.TRUE, targetStatus().get("waitsUntilEnabled"), "a day later still waiting, never due");
        assertTrue(scim.users().isEmpty(), "nothing sent to a disabled target");

        target = realm.admin().components().component(targetId).toRepresentation();
        target.getConfig().putSingle("enabled", "true");
        realm.admin().components().component(targetId).update(target);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pending() > 0 && System.nanoTime() < deadline) {
            ProvisioningTargets.pause(200);
        }
        assertEquals(0, pending(), "the whole queue delivered within 20 s of enabling");
        assertEquals(queued, scim.users().size(), "the sync's rows, and the early row of the same user once");
        assertNotNull(scim.userByExternalId(early));
    }

    @Test
    void previewShowsWhatAFullSyncWouldDoAndTheSyncDoesIt() throws IOException {
        realm.admin().components().component(targetId).remove();
        targetId = createTarget("partners-app", Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "users", "group", "usersGroup", "/partners", "ignoredGroups", "internal-only"));

        Map<String, Object> before = JSON.readValue(admin("GET", "/targets/" + targetId + "/preview").body(), new TypeReference<>() { });
        assertEquals(Map.of("count", 1, "users", List.of("ada")), before.get("create"), before.toString());
        assertEquals(Map.of("count", 1, "users", List.of("acme")), before.get("createGroups"), before.toString());
        assertTrue(scim.requests().stream().allMatch(r -> r.startsWith("GET ")), "a preview changes nothing");

        Map<String, Object> sync = new ProvisioningTargets(realm, adminClient).syncAndWait(targetId);
        assertEquals("done", sync.get("state"), sync.toString());
        assertEquals(1, ((Number) sync.get("usersQueued")).intValue(), sync.toString());
        String adaId = userId("ada");
        awaitTrue(() -> memberOf("acme", adaId), "ada synced with her group");
        assertNull(scim.groupByName("internal-only"), "ignored groups are not pushed");
        assertNull(scim.userByExternalId(userId("olivia")), "olivia is not in the target's audience");

        Map<String, Object> after = JSON.readValue(admin("GET", "/targets/" + targetId + "/preview").body(), new TypeReference<>() { });
        assertEquals(0, ((Map<?, ?>) after.get("create")).get("count"), after.toString());
        assertEquals(1, after.get("unchanged"), after.toString());
    }

    @Test
    void metricsEndpointShowsProvisioningMeters() throws Exception {
        String id = createUser("mia", "Mia", "Metric");
        awaitTrue(() -> scim.userByExternalId(id) != null, "mia delivered");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        for (String meter : List.of("gatehouse_provisioning_deliveries_total", "gatehouse_provisioning_queue_depth",
                "gatehouse_provisioning_dead_letters", "gatehouse_provisioning_oldest_pending_seconds",
                "gatehouse_provisioning_failures_total")) {
            assertTrue(metrics.body().contains(meter), meter);
        }
    }

    @Test
    void reachabilityTestReadsServiceProviderConfig() throws IOException {
        HttpResponse<String> answer = admin("POST", "/targets/" + targetId + "/test");
        assertEquals(200, answer.statusCode(), answer.body());
        Map<String, Object> result = JSON.readValue(answer.body(), new TypeReference<>() { });
        assertEquals(true, result.get("reachable"), answer.body());
        assertEquals(true, result.get("patch"));
        assertEquals(true, result.get("filter"));
    }

    @Test
    void savingATargetWithAPlainSecretOrUnknownGroupIsRefused() {
        Map.Entry<Integer, String> plain = targets().refused("bad", Map.of("kind", "scim", "url", scim.baseUrl(),
                "auth", "bearer", "secret", "hunter2"));
        assertEquals(400, plain.getKey());
        assertTrue(plain.getValue().contains("vault reference"));
        assertEquals(400, targets().refused("bad", Map.of("kind", "scim", "url", scim.baseUrl(),
                "auth", "bearer", "secret", "${vault.scim-token}", "users", "group", "usersGroup", "/nope")).getKey());
        assertEquals(400, targets().refused("bad", Map.of("kind", "scim", "url", "http://example.com/scim",
                "auth", "none")).getKey());
    }

    @Test
    void webhookMessagesAreSignedDuringRotationAndForgeriesAreRefused() {
        String hook = createTarget("siem", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secrets}"));
        try {
            String id = createUser("wendy", "Wendy", "Hook");
            awaitTrue(() -> receiver.accepted().stream().anyMatch(m -> m.body().contains(id)), "signed message accepted");
            WebhookTestReceiver.Message message = receiver.accepted().stream().filter(m -> m.body().contains(id)).findFirst().orElseThrow();
            assertTrue(message.body().contains("\"type\":\"user.provisioned\""), message.body());
            assertTrue(message.id().startsWith("msg_"));
            assertEquals(2, message.signature().split(" ").length, "both secrets of the rotation sign");
            assertTrue(receiver.refused().isEmpty());

            long now = Instant.now().getEpochSecond();
            WebhookTestReceiver.Message tampered = new WebhookTestReceiver.Message(message.id(), message.timestamp(),
                    message.signature(), message.body().replace("Wendy", "Mallory"));
            assertFalse(receiver.verify(tampered, now), "a changed body fails the signature");
            String old = Long.toString(now - 600);
            WebhookTestReceiver.Message replay = new WebhookTestReceiver.Message(message.id(), old,
                    receiver.sign(message.id(), old, message.body()), message.body());
            assertFalse(receiver.verify(replay, now), "an old timestamp is refused even when signed");
            assertTrue(receiver.verify(message, Long.parseLong(message.timestamp())));
        } finally {
            realm.admin().components().component(hook).remove();
        }
    }

    @Test
    void aWebhookSubscribedToSecurityEventsHearsOfAPolicyChange() {
        String hook = createTarget("siem-security", Map.of("kind", "webhook", "url", receiver.url(),
                "secret", "${vault.hook-secrets}", "securityEvents", "true"));
        ComponentRepresentation policy = new ComponentRepresentation();
        policy.setName("Partners");
        policy.setProviderId("gatehouse-external-user-policy");
        policy.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        policy.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", "Partners");
        config.putSingle("mode", "report-only");
        config.putSingle("externalDomains", "partner.example");
        policy.setConfig(config);
        String policyId;
        try (Response r = realm.admin().components().add(policy)) {
            assertEquals(201, r.getStatus(), () -> r.readEntity(String.class));
            String path = r.getLocation().getPath();
            policyId = path.substring(path.lastIndexOf('/') + 1);
        }
        try {
            awaitTrue(() -> receiver.accepted().stream().anyMatch(m -> m.body().contains("\"type\":\"security.policy_changed\"")
                    && m.body().contains(policyId)), "the policy change reached the security webhook");
        } finally {
            realm.admin().components().component(policyId).remove();
            realm.admin().components().component(hook).remove();
        }
    }

    @Test
    void noSecretInLogsOrEvents() throws IOException {
        // Its own webhook target, so the webhook secrets are used (read, signed with) here whatever ran before.
        String hook = createTarget("siem-secretless", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secrets}"));
        String sam;
        try {
            sam = createUser("sam", "Sam", "Secretless");
            awaitTrue(() -> receiver.accepted().stream().anyMatch(m -> m.body().contains(sam)), "sam's signed message accepted");
            admin("POST", "/targets/" + hook + "/test");
        } finally {
            realm.admin().components().component(hook).remove();
        }
        awaitQueueEmpty();
        admin("POST", "/targets/" + targetId + "/test");
        String log = Files.readString(GatehouseServerConfig.logFile());
        assertFalse(log.contains(SCIM_TOKEN), "the SCIM token is not in the server log");
        assertFalse(log.contains(NEW_WHSEC.substring(6)) || log.contains(OLD_WHSEC.substring(6)), "no webhook secret in the log");
        String adminEvents = realm.admin().getAdminEvents().toString() + realm.admin().getEvents().toString();
        assertFalse(adminEvents.contains(SCIM_TOKEN));
        assertTrue(realm.admin().components().component(targetId).toRepresentation().getConfig()
                .getFirst("secret").startsWith("${vault."));
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    private String createTarget(String name, Map<String, String> config) {
        return targets().create(name, config);
    }

    private ProvisioningTargets targets() {
        return new ProvisioningTargets(realm, adminClient);
    }

    private String createUser(String username, String first, String last) {
        return targets().createUser(username, first, last);
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private boolean memberOf(String groupName, String externalId) {
        Group group = scim.groupByName(groupName);
        User user = scim.userByExternalId(externalId);
        return group != null && user != null
                && group.getMembers().stream().anyMatch(m -> user.getId().orElseThrow().equals(m.getValue().orElse(null)));
    }

    private String familyName(String externalId) {
        User user = scim.userByExternalId(externalId);
        return user == null ? null : user.getName().flatMap(n -> n.getFamilyName()).orElse(null);
    }

    private Map<String, Object> targetStatus() {
        return targets().status(targetId);
    }

    private long pending() {
        return ((Number) targetStatus().get("pending")).longValue();
    }

    /** Why the oldest waiting row last failed, as the target's status shows it. */
    /** When the worker next looks at the target's earliest pending row (Keycloak's clock). */
    private long nextAttemptAt() {
        return ((Number) targetStatus().get("nextAttemptAt")).longValue();
    }

    private String lastError() {
        Object error = targetStatus().get("lastError");
        return error == null ? null : error.toString();
    }

    private List<Map<String, Object>> deadLetters() {
        return targets().deadLetters(targetId);
    }

    private void awaitQueueEmpty() {
        awaitTrue(() -> pending() == 0, "the target's queue drained");
    }

    private HttpResponse<String> admin(String method, String path) {
        return targets().admin(method, path);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        ProvisioningTargets.awaitTrue(condition, what);
    }
}
