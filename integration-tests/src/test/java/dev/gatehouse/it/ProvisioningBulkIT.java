package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import de.captaingoldfish.scim.sdk.common.resources.User;

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
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * SCIM Bulk (RFC 7644 §3.7) against the test SCIM server, which offers it through its library: rows of different
 * users go together when the target's ServiceProviderConfig offers bulk, one request each when it does not; a
 * refused or failing operation dead-letters or retries its own row only; a bulk request carried out at the target
 * whose answer was lost is retried without a second copy of any user; a user's changes arrive in order.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningBulkIT {

    private static final String TOKEN = "bulk-token-" + UUID.randomUUID();
    /** Small, so a handful of users needs several bulk requests. */
    private static final int MAX_OPERATIONS = 10;

    private static ScimTestServer bulk;
    private static ScimTestServer plain;

    @InjectRealm(fromJson = "provisioning-realm.json", ref = "bulk")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private ProvisioningTargets targets;
    private final List<String> targetIds = new ArrayList<>();

    @BeforeAll
    static void servers() throws IOException {
        bulk = new ScimTestServer(TOKEN);
        bulk.offerBulk(MAX_OPERATIONS, 1_000_000);
        plain = new ScimTestServer(TOKEN);
        bulk.start();
        plain.start();
    }

    @AfterAll
    static void stopServers() {
        bulk.stop();
        plain.stop();
    }

    @BeforeEach
    void fresh() throws IOException {
        targets = new ProvisioningTargets(realm, adminClient);
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(realm.getName() + "_scim-token"), TOKEN);
        bulk.reset();
        plain.reset();
        bulk.answerDelayMillis(0);
    }

    @AfterEach
    void removeTargets() {
        targetIds.forEach(id -> {
            try {
                realm.admin().components().component(id).remove();
            } catch (RuntimeException alreadyGone) {
                // removed by the test
            }
        });
        targetIds.clear();
    }

    @Test
    void bulkCarriesSeveralUsersPerRequestWhenOfferedAndOneRequestEachWhenNot() {
        List<String> ids = users("bulk-a", 24);
        String staff = realm.admin().groups().groups("staff", 0, 10).get(0).getId();
        realm.admin().users().get(ids.get(0)).joinGroup(staff);
        realm.admin().users().get(ids.get(1)).joinGroup(staff);
        String withBulk = target("bulk-a", bulk, "true");
        String without = target("plain-a", plain, "false");
        sync(withBulk);
        sync(without);

        awaitTrue(() -> ids.stream().allMatch(id -> bulk.userByExternalId(id) != null && plain.userByExternalId(id) != null),
                "every user at both targets");
        awaitTrue(() -> targets.pending(withBulk) == 0 && targets.pending(without) == 0, "both queues empty");
        assertEachOnce(bulk, ids);
        assertEachOnce(plain, ids);

        List<JsonNode> bulkRequests = bulkRequests(bulk);
        assertTrue(bulkRequests.size() >= 3, "22 users without group changes need at least 3 requests of 10: " + bulkRequests.size());
        bulkRequests.forEach(r -> assertTrue(r.path("Operations").size() <= MAX_OPERATIONS, "within maxOperations: " + r));
        List<String> inBulk = operationsFor(bulkRequests).stream().map(op -> op.path("data").path("externalId").asText()).toList();
        assertTrue(inBulk.containsAll(ids.subList(2, ids.size())), "users without group changes went in bulk requests");
        assertTrue(bulk.requests().stream().filter(r -> r.startsWith("POST /Users ")).allMatch(
                        r -> r.contains(ids.get(0)) || r.contains(ids.get(1)) || ids.stream().noneMatch(r::contains)),
                "only the two staff members (memberships to add) went alone");
        assertTrue(bulk.isMember("staff", ids.get(0)) && bulk.isMember("staff", ids.get(1)), "their memberships arrived");

        assertTrue(plain.requests().stream().noneMatch(r -> r.startsWith("POST /Bulk")), "no bulk request where none is offered");
        assertEquals(ids.size(), plain.requests().stream().filter(r -> r.startsWith("POST /Users ")
                && ids.stream().anyMatch(r::contains)).count(), "one POST /Users per user without bulk");

        // The id the bulk answer gave is recorded: the next change of the user replaces them there.
        String remoteId = bulk.userByExternalId(ids.get(5)).getId().orElseThrow();
        int before = bulk.requests().size();
        targets.setLastName(ids.get(5), "Changed");
        awaitTrue(() -> "Changed".equals(bulk.userByExternalId(ids.get(5)).getName().flatMap(n -> n.getFamilyName()).orElse(null)),
                "the change arrived");
        List<String> after = bulk.requests().subList(before, bulk.requests().size());
        assertTrue(after.stream().anyMatch(r -> r.startsWith("PUT /Users/" + remoteId)), "replaced at its recorded id: " + after);
        assertTrue(after.stream().noneMatch(r -> r.startsWith("POST /Users ")), "not created again: " + after);
    }

    @Test
    void aRefusedOperationIsDeadLetteredAndAFailingOneRetriedWhileTheRestOfItsRequestIsDelivered() {
        List<String> ok = users("bulk-b-ok", 4);
        String bad = targets.createUser("bulk-b-bad", "Bulk", "Bad");
        String busy = targets.createUser("bulk-b-busy", "Bulk", "Busy");
        bulk.refuseUser("bulk-b-bad", 400);
        bulk.refuseUser("bulk-b-busy", 503);
        String target = target("bulk-b", bulk, "false");
        sync(target);

        awaitTrue(() -> ok.stream().allMatch(id -> bulk.userByExternalId(id) != null), "the other users delivered");
        awaitTrue(() -> targets.deadLetters(target).stream().anyMatch(d -> bad.equals(d.get("userId"))), "the refused row dead-lettered");
        Map<String, Object> dead = targets.deadLetters(target).stream().filter(d -> bad.equals(d.get("userId"))).findFirst().orElseThrow();
        assertTrue(String.valueOf(dead.get("reason")).contains("HTTP 400"), "the target's reason kept: " + dead);
        assertEquals(1, targets.deadLetters(target).size(), "only the refused row is a dead letter");
        awaitTrue(() -> String.valueOf(targets.lastError(target)).contains("503"), "the failing row waits to be retried");
        assertNull(bulk.userByExternalId(bad));
        assertNull(bulk.userByExternalId(busy));
        JsonNode shared = bulkRequests(bulk).stream().filter(r -> r.toString().contains(bad)).findFirst().orElseThrow();
        assertTrue(ok.stream().allMatch(id -> shared.toString().contains(id)) && shared.toString().contains(busy),
                "the refused, the failing and the delivered rows shared one bulk request");

        bulk.refuseUser("bulk-b-busy", 0);
        timeOffSet.set(600);
        awaitTrue(() -> bulk.userByExternalId(busy) != null, "the failing row delivered on its retry");
        awaitTrue(() -> targets.pending(target) == 0, "queue empty");
        assertEquals(1, targets.deadLetters(target).size());
        assertEachOnce(bulk, ok);
    }

    @Test
    void aBulkRequestCarriedOutWhoseAnswerWasLostIsRetriedWithoutASecondCopyOfAnyUser() {
        List<String> ids = users("bulk-c", 6);
        bulk.loseNextAnswer("POST");
        String target = target("bulk-c", bulk, "false");
        sync(target);

        awaitTrue(() -> ids.stream().allMatch(id -> bulk.userByExternalId(id) != null), "the target carried out the request");
        // The whole request failed (502): every row is retried (2 s later), none taken as delivered.
        awaitTrue(() -> targets.pending(target) == 0, "the retry delivered every row");
        assertEquals(0, targets.deadLetters(target).size());
        assertEachOnce(bulk, ids);
        // The retry's creates met the users (409) and adopted them, each with a request of its own.
        for (String id : ids) {
            String remoteId = bulk.userByExternalId(id).getId().orElseThrow();
            assertTrue(bulk.requests().stream().anyMatch(r -> r.startsWith("PUT /Users/" + remoteId)), "adopted: " + id);
        }
    }

    @Test
    void aUsersChangesArriveInOrderWhileManyUsersGoTogether() {
        List<String> others = users("bulk-d-other", 12);
        String dora = targets.createUser("bulk-d-dora", "Dora", "v0");
        bulk.answerDelayMillis(200);
        String target = target("bulk-d", bulk, "false");
        // Dora's first version goes in a bulk request with the others; her next versions are queued meanwhile.
        sync(target);
        for (int v = 1; v <= 6; v++) {
            targets.setLastName(dora, "v" + v);
            users("bulk-d-more" + v + "-", 2);
        }
        awaitTrue(() -> "v6".equals(familyName(bulk.userByExternalId(dora))), "dora's last change arrived");
        awaitTrue(() -> targets.pending(target) == 0, "queue empty");
        List<String> seen = new ArrayList<>();
        for (String request : bulk.requests()) {
            for (JsonNode user : usersIn(request)) {
                if (dora.equals(user.path("externalId").asText())) {
                    seen.add(user.path("name").path("familyName").asText());
                }
            }
        }
        List<String> sorted = seen.stream().sorted().toList();
        assertEquals(sorted, seen, "dora's versions reached the target in the order they were made");
        assertEquals("v6", seen.get(seen.size() - 1));
        assertEachOnce(bulk, others);
        assertTrue(!bulkRequests(bulk).isEmpty(), "other users went in bulk requests meanwhile");
    }

    // -- helpers ----------------------------------------------------------------------------------------------

    private List<String> users(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(targets.createUser(prefix + i, "Bulk", prefix + i));
        }
        return ids;
    }

    private String target(String name, ScimTestServer server, String pushGroups) {
        String id = targets.create(name, new HashMap<>(Map.of("kind", "scim", "url", server.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "pushGroups", pushGroups, "maxAttempts", "50")));
        targetIds.add(id);
        return id;
    }

    private void sync(String targetId) {
        assertEquals("done", targets.syncAndWait(targetId).get("state"));
    }

    /** Each of these users is at the server exactly once. */
    private static void assertEachOnce(ScimTestServer server, List<String> ids) {
        for (String id : ids) {
            long copies = server.users().stream().filter(u -> id.equals(u.getExternalId().orElse(null))).count();
            assertEquals(1, copies, "one copy of " + id);
        }
        long distinctNames = server.users().stream().map(u -> u.getUserName().orElse("")).distinct().count();
        assertEquals(server.users().size(), distinctNames, "no userName twice");
    }

    private static List<JsonNode> bulkRequests(ScimTestServer server) {
        return server.requests().stream().filter(r -> r.startsWith("POST /Bulk ")).map(r -> json(r.substring("POST /Bulk ".length())))
                .toList();
    }

    private static List<JsonNode> operationsFor(List<JsonNode> requests) {
        List<JsonNode> ops = new ArrayList<>();
        requests.forEach(r -> r.path("Operations").forEach(ops::add));
        return ops;
    }

    /** The User resources a logged request carried: its body, or each operation's data in a bulk request. */
    private static List<JsonNode> usersIn(String request) {
        int body = request.indexOf(' ', request.indexOf(' ') + 1);
        if (body < 0 || !(request.startsWith("POST /") || request.startsWith("PUT /Users"))) {
            return List.of();
        }
        JsonNode json = json(request.substring(body + 1));
        if (request.startsWith("POST /Bulk")) {
            List<JsonNode> data = new ArrayList<>();
            json.path("Operations").forEach(op -> data.add(op.path("data")));
            return data;
        }
        return List.of(json);
    }

    private static String familyName(User user) {
        return user == null ? null : user.getName().flatMap(n -> n.getFamilyName()).orElse(null);
    }

    private static JsonNode json(String text) {
        try {
            return ProvisioningTargets.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
