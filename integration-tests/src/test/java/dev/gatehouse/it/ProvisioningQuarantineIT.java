package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Quarantine of a SCIM target where most calls fail: it is entered after enough failures (REST status, admin
 * event, metric), deliveries are cut to one probe per interval, and it ends by itself when a probe succeeds or
 * when an admin releases it; nothing is lost and each user's changes arrive in order. Probes become due by moving
 * Keycloak's clock.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningQuarantineIT {

    private static final String REALM = "gatehouse-resilience";
    private static final String SCIM_TOKEN = "scim-token-" + java.util.UUID.randomUUID();

    private static ScimTestServer scim;

    @InjectRealm(fromJson = "provisioning-resilience-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private ProvisioningTargets targets;
    private String targetId;

    @BeforeAll
    static void server() throws IOException {
        scim = ProvisioningTargets.startedScim(REALM, SCIM_TOKEN);
    }

    @AfterAll
    static void stopServer() {
        scim.stop();
    }

    @BeforeEach
    void failingTarget() {
        scim.reset();
        targets = new ProvisioningTargets(realm, adminClient);
        targetId = targets.create("flaky-app", ProvisioningTargets.quickQuarantine(scim.baseUrl()));
    }

    @AfterEach
    void removeTarget() {
        realm.admin().components().component(targetId).remove();
    }

    @Test
    void aTargetFailingMostCallsIsQuarantinedProbedSlowlyAndResumesByItselfInOrder() throws Exception {
        scim.failAll(503);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(targets.createUser("quarantined-" + i, "Quinn", "Zero"));
        }
        String quinn = users.get(0);
        targets.setLastName(quinn, "One");
        targets.setLastName(quinn, "Two");

        awaitTrue(() -> targets.quarantined(targetId), "the target quarantined");
        Map<String, Object> status = targets.status(targetId);
        assertNotNull(status.get("quarantinedSince"), status.toString());
        assertTrue(status.get("quarantineReason").toString().contains("calls failed within 5 min"), status.toString());
        assertTrue(status.get("quarantineReason").toString().contains("HTTP 503"), status.toString());
        List<AdminEventRepresentation> entered = targets.adminEvents("components/" + targetId + "/quarantine/enter");
        assertEquals(1, entered.size(), "one admin event for entering quarantine");
        assertEquals("ACTION", entered.get(0).getOperationType());
        assertTrue(entered.get(0).getDetails().get("gatehouse_reason").contains("HTTP 503"), entered.get(0).getDetails().toString());
        awaitTrue(() -> metric("gatehouse_provisioning_quarantined_targets") >= 1, "the quarantine gauge counts it");

        // Quarantined: every row is due after ten minutes, yet only one probe goes out per probe interval.
        int before = userCalls();
        Object probeBefore = status.get("nextProbeAt");
        timeOffSet.set(600);
        awaitTrue(() -> userCalls() == before + 1, "one probe sent");
        awaitTrue(() -> !probeBefore.equals(targets.status(targetId).get("nextProbeAt")), "the failed probe recorded");
        ProvisioningTargets.pause(2500); // a few more worker polls: none may send anything
        assertEquals(before + 1, userCalls(), "while quarantined only the probe is sent, not the 8 waiting rows");
        assertTrue(targets.quarantined(targetId), "a failed probe keeps the quarantine");
        assertEquals(8, targets.pending(targetId), "nothing lost");

        // The target recovers: the next probe succeeds, the quarantine ends and the backlog goes out in order.
        scim.failAll(null);
        timeOffSet.set(1200);
        awaitTrue(() -> !targets.quarantined(targetId), "the quarantine ended by itself");
        awaitTrue(() -> targets.pending(targetId) == 0, "every waiting row delivered");
        for (String id : users) {
            assertNotNull(scim.userByExternalId(id), "user " + id + " at the target");
        }
        assertEquals(6, scim.users().size());
        assertEquals(List.of("Zero", "One", "Two"), lastNamesSent(quinn), "quinn's changes arrived in the order made");
        assertEquals(1, targets.adminEvents("components/" + targetId + "/quarantine/leave").size(), "an admin event for leaving");
        assertEquals(0, targets.deadLetters(targetId).size());
        awaitTrue(() -> metric("gatehouse_provisioning_quarantined_targets") == 0, "the gauge back to 0");
    }

    @Test
    void anAdminReleasesAQuarantinedTargetAndItsRowsGoAtOnce() {
        scim.failAll(503);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(targets.createUser("released-" + i, "Rita", "Released"));
        }
        awaitTrue(() -> targets.quarantined(targetId), "the target quarantined");
        scim.failAll(null);

        HttpResponse<String> released = targets.admin("POST", "/targets/" + targetId + "/quarantine/release");
        assertEquals(200, released.statusCode(), released.body());
        assertTrue(released.body().contains("\"released\":true"), released.body());
        assertFalse(targets.quarantined(targetId));
        assertNull(targets.status(targetId).get("quarantineReason"));
        assertEquals(1, targets.adminEvents("components/" + targetId + "/quarantine/release").size());

        // No clock moved and no probe due: only the release makes the waiting rows go now.
        awaitTrue(() -> targets.pending(targetId) == 0, "the released target's rows delivered");
        users.forEach(id -> assertNotNull(scim.userByExternalId(id)));
        assertEquals(409, targets.admin("POST", "/targets/" + targetId + "/quarantine/release").statusCode(),
                "releasing a target that is not quarantined is refused");
    }

    @Test
    void quarantineThresholdsAreValidatedOnSave() {
        Map.Entry<Integer, String> refused = targets.refused("bad", Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "quarantineFailurePercent", "120"));
        assertEquals(400, refused.getKey());
        assertTrue(refused.getValue().contains("quarantineFailurePercent must be between 1 and 100"), refused.getValue());
    }

    /** Deliveries the target saw (each failing one stops at its first call about a user). */
    private static int userCalls() {
        return (int) scim.requests().stream().filter(r -> r.startsWith("GET /Users") || r.startsWith("POST /Users")
                || r.startsWith("PUT /Users") || r.startsWith("PATCH /Users")).count();
    }

    /** The last names the target received for a user, in the order of the POST and PUT requests. */
    /** The last names sent for the user, in order; a retried change (the failed tries are logged too) counts once. */
    private static List<String> lastNamesSent(String userId) {
        List<String> sent = new ArrayList<>();
        scim.requests().stream()
                .filter(r -> (r.startsWith("POST /Users") || r.startsWith("PUT /Users")) && r.contains(userId))
                .map(r -> r.contains("\"Zero\"") ? "Zero" : r.contains("\"One\"") ? "One" : r.contains("\"Two\"") ? "Two" : "?")
                .forEach(name -> {
                    if (sent.isEmpty() || !sent.get(sent.size() - 1).equals(name)) {
                        sent.add(name);
                    }
                });
        return sent;
    }

    private static double metric(String name) {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
