package dev.gatehouse.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.User;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.gatehouse.demotarget.ScimTestServer;


/**
 * Provisioning on the production topology: two Keycloak nodes on one PostgreSQL database, each running the
 * delivery worker, and a real SCIM 2.0 server in this JVM as the target. The worker runs with a short lease
 * (8 s), small batches (8 rows) and 4 senders per node, so a slow target keeps both nodes mid-batch. The tests
 * run in order on one cluster start: both nodes deliver; node B is killed mid-delivery; node A alone is killed
 * mid-queue and started again; then node A starts on the database of the previous Gatehouse release.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProvisioningIT {

    private static final String REALM = "gatehouse-cluster-provisioning";
    private static final String TOKEN = "cluster-scim-" + UUID.randomUUID();
    private static final String WORKER = "--spi-events-listener--gatehouse-provisioning--";
    private static final Duration LEASE = Duration.ofSeconds(8);
    private static final String DELIVERIES = "gatehouse_provisioning_deliveries_total";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimTestServer scim;
    private TwoNodeCluster cluster;
    private PostgresDatabase db;
    private KeycloakNode a;
    private KeycloakNode b;

    @BeforeAll
    void startClusterAndTarget() throws Exception {
        scim = new ScimTestServer(TOKEN);
        scim.start();
        cluster = TwoNodeCluster.start(WORKER + "lease-millis=" + LEASE.toMillis(), WORKER + "batch-size=8",
                WORKER + "concurrency=4", WORKER + "poll-interval-millis=500",
                WORKER + "allow-private-targets=true"); // the test's SCIM server is on localhost
        db = cluster.database();
        a = cluster.a();
        b = cluster.b();
        System.out.printf("Cluster started: node A ready in %d ms, node B in %d ms%n", a.lastStartTime().toMillis(),
                b.lastStartTime().toMillis());
        new AdminRest(a).createRealm(resource("provisioning-realm.json"));
        createScimTarget(a, REALM);
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            scim.stop();
        }
    }

    @Test
    @Order(1)
    void everyChangeIsDeliveredByExactlyOneNodeAndBothNodesDeliver() throws Exception {
        double deliveredByA = a.meter(DELIVERIES);
        double deliveredByB = b.meter(DELIVERIES);
        int requestsBefore = scim.requests().size();

        List<String> ids = createUsers("many", 200);
        awaitTrue(Duration.ofMinutes(4), () -> outboxRows() == 0 && staffMembers(ids) == ids.size(), "200 users delivered");

        List<String> requests = scim.requests().subList(requestsBefore, scim.requests().size());
        assertEachUserCreatedOnceAndThere(ids, requests);
        assertTrue(postsPerUser(requests).values().stream().allMatch(n -> n == 1), "one POST /Users per user");
        assertEquals(0, requests.stream().filter(r -> r.startsWith("PUT /Users")).count(),
                "no row was delivered a second time (a second delivery meets 409, finds the user and PUTs it)");
        assertEquals(ids.size(), addMemberPatches(requests, ids), "one membership PATCH per user");

        long byA = Math.round(a.meter(DELIVERIES) - deliveredByA);
        long byB = Math.round(b.meter(DELIVERIES) - deliveredByB);
        System.out.printf("200 changes delivered: node A %d, node B %d%n", byA, byB);
        assertEquals(ids.size(), byA + byB, "each row counted as delivered by exactly one node");
        assertTrue(byA > 0 && byB > 0, "both nodes delivered: A " + byA + ", B " + byB);
    }

    @Test
    @Order(2)
    void nodeKilledMidDeliveryLosesNothingAndTheSurvivorDuplicatesNothing() throws Exception {
        scim.delay(Duration.ofMillis(300));
        int requestsBefore = scim.requests().size();
        List<String> ids = createUsers("kill", 60);

        // Wait until B is mid-batch: the target already has some of the users B holds (sent, not yet recorded),
        // not yet others. That lasts about a second per batch of B's, so each look is one query and a lookup in
        // memory (the logs are read only for a lease not seen before): on a loaded machine it still sees one.
        Map<String, Boolean> takenByB = new HashMap<>();
        String[] leaseOfB = new String[1];
        awaitTrue(Duration.ofMinutes(3), () -> {
            for (Map.Entry<String, List<String>> leased : leasedRows().entrySet()) {
                if (!Boolean.TRUE.equals(takenByB(leased.getKey(), takenByB))) {
                    continue;
                }
                List<String> held = leased.getValue();
                long sent = held.stream().filter(id -> scim.userByExternalId(id) != null).count();
                if (sent > 0 && sent < held.size()) {
                    leaseOfB[0] = leased.getKey();
                    return true;
                }
            }
            return false;
        }, "node B mid-batch: some of its users sent, some not");
        long pid = b.kill();
        long killedAt = System.nanoTime();
        List<String> heldByB = subjectsHeldBy(leaseOfB[0]);
        List<String> sentByB = heldByB.stream().filter(id -> scim.userByExternalId(id) != null).toList();
        int requestsAtKill = scim.requests().size();
        System.out.printf("Killed node B (JVM pid %d) holding %d rows under lease %s, %d of them already sent%n",
                pid, heldByB.size(), leaseOfB[0], sentByB.size());
        assertFalse(heldByB.isEmpty());
        scim.delay(Duration.ZERO);

        awaitTrue(Duration.ofMinutes(4), () -> subjectsHeldBy(leaseOfB[0]).isEmpty() && outboxRows() == 0,
                "node A delivered everything, B's rows too");
        System.out.printf("Node A took over B's rows; queue empty %d ms after the kill%n", (System.nanoTime() - killedAt) / 1_000_000);

        List<String> requests = scim.requests().subList(requestsBefore, scim.requests().size());
        assertEachUserCreatedOnceAndThere(ids, requests);
        // The survivor sent B's rows again (at least once): its create met 409, it found each user B had created and PUT it.
        List<String> afterKill = scim.requests().subList(requestsAtKill, scim.requests().size());
        for (String id : sentByB) {
            String scimId = scim.userByExternalId(id).getId().orElseThrow();
            assertTrue(afterKill.stream().anyMatch(r -> r.startsWith("PUT /Users/" + scimId)), "A re-delivered " + id + " by PUT");
        }
        assertEquals(List.of(), a.errorLines(), "errors in node A's log");
    }

    @Test
    @Order(3)
    void keycloakKilledMidQueueAndStartedAgainDeliversEverythingInOrder() throws Exception {
        b.kill();
        scim.stop();
        int requestsBefore = scim.requests().size();
        List<String> ids = createUsers("restart", 10);
        AdminRest admin = new AdminRest(a);
        for (String name : List.of("One", "Two")) {
            for (String id : ids) {
                String path = "/admin/realms/" + REALM + "/users/" + id;
                JsonNode user = JSON.readTree(admin.get(path).body());
                ((com.fasterxml.jackson.databind.node.ObjectNode) user).put("lastName", name);
                assertEquals(204, admin.request("PUT", path, user.toString()).statusCode());
            }
        }
        awaitTrue(Duration.ofMinutes(3), () -> outboxRows() == 30
                && db.number("SELECT count(*) FROM gh_prov_outbox WHERE last_error IS NOT NULL") > 0,
                "30 changes queued, the worker found the target down");

        long pid = a.kill();
        assertEquals(30, outboxRows(), "the queue is in the database: a kill -9 loses nothing");
        System.out.printf("Killed node A (JVM pid %d) with 30 changes queued%n", pid);
        a.start();
        a.awaitReady(Duration.ofMinutes(6));
        scim.start();
        long backAt = System.nanoTime();

        awaitTrue(Duration.ofMinutes(4), () -> outboxRows() == 0, "the queue drained after the restart");
        System.out.printf("Queue drained %d ms after the target came back%n", (System.nanoTime() - backAt) / 1_000_000);
        List<String> requests = scim.requests().subList(requestsBefore, scim.requests().size());
        assertEachUserCreatedOnceAndThere(ids, requests);
        for (String id : ids) {
            String scimId = scim.userByExternalId(id).getId().orElseThrow();
            List<String> names = requests.stream().filter(r -> r.startsWith("PUT /Users/" + scimId + " "))
                    .map(r -> familyName(r.substring(r.indexOf(' ', 4) + 1))).toList();
            assertEquals(List.of("One", "Two"), names, "user " + id + "'s changes arrive once each, in order");
        }
        assertEquals(List.of(), a.errorLines(), "errors in node A's log after the restart");
    }

    @Test
    @Order(4)
    void upgradeFromThePreviousReleaseKeepsItsDataAndAddsTheNewTables() throws Exception {
        cluster.stopNodes();
        try (InputStream dump = getClass().getResourceAsStream("/dev/gatehouse/it/cluster/previous-release.sql.gz")) {
            assertNotNull(dump, "the fixture made by integration-tests/make-previous-release-fixture.sh");
            db.restore(dump);
        }
        String changelog = "databasechangelog_gatehouse_";
        assertEquals(0, db.number("SELECT count(*) FROM information_schema.tables WHERE table_name = 'gh_prov_outbox'"),
                "the previous release had no provisioning tables");
        assertEquals(1, db.number("SELECT count(*) FROM " + changelog + " WHERE id = 'gatehouse-idp-group-grants-1'"));
        long keycloakChangeSets = db.number("SELECT count(*) FROM databasechangelog");
        // Grants of the previous release in a group below a parent and in a top-level group (group sync's upgrade).
        try (var c = db.connect(); var s = c.createStatement()) {
            String realmId = "(SELECT id FROM realm WHERE name = '" + PreviousReleaseFixture.REALM + "')";
            s.execute("INSERT INTO keycloak_group (id, name, parent_group, realm_id) VALUES"
                    + " ('gh-parent', 'partners', ' ', " + realmId + "), ('gh-child', 'acme-eng', 'gh-parent', " + realmId + "),"
                    + " ('gh-top', 'vendors', ' ', " + realmId + ")");
            s.execute("INSERT INTO gatehouse_idp_group_grant (id, realm_id, user_id, group_id, idp_alias, granted_at)"
                    + " SELECT 'upgrade-' || g.id, g.realm_id, 'some-user', g.id, 'upstream', 5 FROM keycloak_group g WHERE g.id IN ('gh-child', 'gh-top')");
        }

        a.start();
        a.awaitReady(Duration.ofMinutes(6));

        assertEquals(List.of(), a.errorLines(), "errors in node A's log on the previous release's database");
        assertFalse(Files.readString(a.log()).toLowerCase().contains("liquibase.exception"), "no Liquibase failure");
        assertEquals(keycloakChangeSets, db.number("SELECT count(*) FROM databasechangelog"), "the same Keycloak: no change set of its own");
        assertEquals(1, db.number("SELECT count(*) FROM " + changelog + " WHERE id = 'gatehouse-idp-group-grants-1'"),
                "the previous release's change set is not run again");
        assertEquals(1, db.number("SELECT count(*) FROM " + changelog + " WHERE id = 'gatehouse-provisioning-1'"),
                "the new change set ran once");
        assertEquals(2, db.number("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('gh_prov_outbox', 'gh_prov_user')"));
        assertEquals(1, db.number("SELECT count(*) FROM gatehouse_idp_group_grant WHERE id = '" + PreviousReleaseFixture.GRANT_ID + "'"),
                "the previous release's group grant is kept");
        assertEquals(2, db.number("SELECT count(*) FROM " + changelog + " WHERE id IN ('gatehouse-idp-group-grants-2', 'gatehouse-idp-group-grants-3')"),
                "the group-origin table and its upgrade ran once each");
        assertEquals(1, db.number("SELECT count(*) FROM gatehouse_idp_group_origin WHERE group_id = 'gh-child' AND idp_alias = 'upstream'"),
                "a group below a parent the provider granted before is its own after the upgrade");
        assertEquals(0, db.number("SELECT count(*) FROM gatehouse_idp_group_origin WHERE group_id IN ('gh-top', 'upstream-group')"),
                "a top-level group (or a group that no longer exists) is not taken over");

        AdminRest admin = new AdminRest(a);
        String realm = PreviousReleaseFixture.REALM;
        assertTrue(admin.policies(realm).stream().anyMatch(p -> "Partners verify by email".equals(p.getName())), "the policy is kept");
        assertEquals(1, JSON.readTree(admin.get("/admin/realms/" + realm + "/users?username=ada&exact=true").body()).size(), "ada is kept");

        createScimTarget(a, realm);
        String id = admin.create("/admin/realms/" + realm + "/users", user("upgraded", null));
        awaitTrue(Duration.ofMinutes(3), () -> scim.userByExternalId(id) != null && outboxRows() == 0,
                "a user created after the upgrade is provisioned");
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    private void createScimTarget(KeycloakNode node, String realm) throws Exception {
        Files.writeString(node.vaultDir().resolve(realm + "_scim-token"), TOKEN);
        AdminRest admin = new AdminRest(node);
        String realmId = JSON.readTree(admin.get("/admin/realms/" + realm).body()).path("id").asText();
        Map<String, Object> target = Map.of("name", "app", "providerId", "gatehouse-provisioning-target",
                "providerType", AdminRest.POLICY_COMPONENT_TYPE, "parentId", realmId,
                "config", Map.of("name", List.of("app"), "kind", List.of("scim"), "url", List.of(scim.baseUrl()),
                        "auth", List.of("bearer"), "secret", List.of("${vault.scim-token}")));
        admin.create("/admin/realms/" + realm + "/components", JSON.writeValueAsString(target));
    }

    /** Users in group staff, created alternately through node A and node B (while both run). */
    private List<String> createUsers(String prefix, int count) throws Exception {
        List<AdminRest> admins = new ArrayList<>();
        for (KeycloakNode node : List.of(a, b)) {
            if (node.isRunning()) {
                admins.add(new AdminRest(node));
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(admins.get(i % admins.size()).create("/admin/realms/" + REALM + "/users", user(prefix + "-" + i, "/staff")));
        }
        return ids;
    }

    private static String user(String username, String group) throws Exception {
        Map<String, Object> user = new HashMap<>(Map.of("username", username, "enabled", true, "firstName", "Test",
                "lastName", "Zero", "email", username + "@example.org"));
        if (group != null) {
            user.put("groups", List.of(group));
        }
        return JSON.writeValueAsString(user);
    }

    private long outboxRows() throws Exception {
        return db.number("SELECT count(*) FROM gh_prov_outbox");
    }

    /** Every row under a lease now, by lease: one query. */
    private Map<String, List<String>> leasedRows() throws Exception {
        Map<String, List<String>> byLease = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lease_token, subject FROM gh_prov_outbox WHERE lease_token IS NOT NULL")) {
            while (rs.next()) {
                byLease.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return byLease;
    }

    /** Whether node B took the lease, by the nodes' claim log lines ("claimed n rows under lease …"); null while neither has logged it yet. */
    private Boolean takenByB(String lease, Map<String, Boolean> known) throws Exception {
        Boolean byB = known.get(lease);
        if (byB == null) {
            String claim = "under lease " + lease;
            byB = Files.readString(b.log()).contains(claim) ? Boolean.TRUE
                    : Files.readString(a.log()).contains(claim) ? Boolean.FALSE : null;
            if (byB != null) {
                known.put(lease, byB);
            }
        }
        return byB;
    }

    private List<String> subjectsHeldBy(String lease) throws Exception {
        List<String> subjects = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT subject FROM gh_prov_outbox WHERE lease_token = '" + lease + "'")) {
            while (rs.next()) {
                subjects.add(rs.getString(1));
            }
        }
        return subjects;
    }

    /**
     * Nothing lost, nothing twice: each user was created at the target once (a re-delivery may POST again and meet 409),
     * is there once, and is a member of staff once.
     */
    private void assertEachUserCreatedOnceAndThere(List<String> ids, List<String> requests) throws Exception {
        Map<String, Integer> posts = postsPerUser(requests);
        for (String id : ids) {
            // A re-delivery creates again and is told 409 (userName is unique), so it may POST twice, never more.
            assertTrue(posts.getOrDefault(id, 0) >= 1 && posts.get(id) <= 2, "one POST /Users for user " + id
                    + ", or two when a re-delivery met the 409: " + posts.get(id));
        }
        assertEquals(Set.copyOf(ids), usersAtTarget(ids).keySet(), "every user at the target");
        assertTrue(usersAtTarget(ids).values().stream().allMatch(n -> n == 1), "no user twice at the target");
        assertEquals(ids.size(), staffMembers(ids), "every user a member of staff");
        assertEquals(List.of(), duplicateMembers(), "no member twice in a group");
        assertEquals(1, scim.groups().size(), "one group staff");
    }

    /** The externalIds of the POST /Users requests, counted. */
    private static Map<String, Integer> postsPerUser(List<String> requests) throws Exception {
        Map<String, Integer> posts = new HashMap<>();
        for (String r : requests) {
            if (r.startsWith("POST /Users ")) {
                posts.merge(JSON.readTree(r.substring("POST /Users ".length())).path("externalId").asText(), 1, Integer::sum);
            }
        }
        return posts;
    }

    /** How many users at the target carry each of these externalIds. */
    private Map<String, Long> usersAtTarget(List<String> ids) {
        Map<String, Long> count = new HashMap<>();
        Set<String> wanted = Set.copyOf(ids);
        for (User u : scim.users()) {
            u.getExternalId().filter(wanted::contains).ifPresent(id -> count.merge(id, 1L, Long::sum));
        }
        return count;
    }

    private long addMemberPatches(List<String> requests, List<String> ids) {
        Set<String> scimIds = new HashSet<>();
        ids.forEach(id -> scimIds.add(scim.userByExternalId(id).getId().orElseThrow()));
        return requests.stream().filter(r -> r.startsWith("PATCH /Groups/") && r.contains("\"op\":\"add\""))
                .filter(r -> scimIds.stream().anyMatch(r::contains)).count();
    }

    private long staffMembers(List<String> ids) {
        Group staff = scim.groupByName("staff");
        if (staff == null) {
            return 0;
        }
        Set<String> scimIds = new HashSet<>();
        for (String id : ids) {
            User u = scim.userByExternalId(id);
            if (u != null) {
                scimIds.add(u.getId().orElseThrow());
            }
        }
        return staff.getMembers().stream().filter(m -> scimIds.contains(m.getValue().orElse(null))).count();
    }

    /** Members listed more than once in a group, as "group: member". */
    private List<String> duplicateMembers() {
        List<String> duplicates = new ArrayList<>();
        for (Group g : scim.groups()) {
            Set<String> seen = new HashSet<>();
            g.getMembers().forEach(m -> {
                String value = m.getValue().orElse("");
                if (!seen.add(value)) {
                    duplicates.add(g.getDisplayName().orElse("?") + ": " + value);
                }
            });
        }
        return duplicates;
    }

    private static String familyName(String json) {
        try {
            return JSON.readTree(json).path("name").path("familyName").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = ClusterProvisioningIT.class.getResourceAsStream("/dev/gatehouse/it/cluster/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Deliveries run on the nodes' workers: poll for their effect, up to a bound. */
    private static void awaitTrue(Duration patience, Check check, String what) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + patience + " waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
