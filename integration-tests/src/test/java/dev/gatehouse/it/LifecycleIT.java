package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.captaingoldfish.scim.sdk.common.resources.User;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Inactive external users are disabled by a Keycloak Workflow built on Gatehouse's {@code gatehouse-external-user}
 * condition; the dry-run lists exactly them; the disable reaches a real SCIM server as deprovisioning.
 * Due steps run on Keycloak's step runner (every second in the test server); time is moved, never slept.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class LifecycleIT {

    private static final String REALM = "gatehouse-provisioning";
    private static final String SCIM_TOKEN = "scim-token-" + java.util.UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DAYS = 30;
    /** The definition docs/lifecycle.md tells admins to paste. */
    private static final String WORKFLOW = """
            {"name": "gatehouse-disable-inactive-external-users",
             "on": "user-created or user-authenticated",
             "if": "gatehouse-external-user",
             "concurrency": {"restart-in-progress": "user-authenticated"},
             "steps": [{"uses": "disable-user", "after": "%dd"}]}""".formatted(DAYS);

    private static ScimTestServer scim;

    @InjectRealm(fromJson = "provisioning-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectAdminClient
    Keycloak adminClient;

    private String targetId;
    private String policyId;
    private String workflowId;

    @BeforeAll
    static void servers() throws IOException {
        scim = ProvisioningTargets.startedScim(REALM, SCIM_TOKEN);
    }

    @AfterAll
    static void stopServers() {
        scim.stop();
    }

    @BeforeEach
    void targetPolicyAndWorkflow() {
        scim.reset();
        targetId = addComponent("gatehouse-provisioning-target", Map.of("name", "app", "kind", "scim", "url", scim.baseUrl(),
                "auth", "bearer", "secret", "${vault.scim-token}"));
        policyId = addComponent("gatehouse-external-user-policy", Map.of("name", "Partners", "mode", "report-only",
                "externalDomains", "partner.example"));
        HttpResponse<String> created = http("POST", adminBase() + "/workflows", WORKFLOW);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        workflowId = location.substring(location.lastIndexOf('/') + 1);
    }

    @AfterEach
    void cleanUp() {
        timeOffSet.set(0);
        http("DELETE", adminBase() + "/workflows/" + workflowId, null);
        realm.admin().components().component(policyId).remove();
        realm.admin().components().component(targetId).remove();
    }

    @Test
    void inactiveExternalUserIsDisabledAndDeprovisionedWhileInternalUserStaysEnabled() {
        String ext = createUser("erin", "erin@partner.example");
        String internal = createUser("ivan", "ivan@example.org");
        oauth.doPasswordGrantRequest("erin", "erin-pw");
        oauth.doPasswordGrantRequest("ivan", "ivan-pw");
        awaitTrue(() -> active(ext), "erin provisioned and active at the target");

        timeOffSet.set((DAYS + 1) * 86_400);
        awaitTrue(() -> !realm.admin().users().get(ext).toRepresentation().isEnabled(), "the workflow disabled erin");
        awaitTrue(() -> !active(ext), "erin deprovisioned (active=false) at the SCIM target");
        assertTrue(realm.admin().users().get(internal).toRepresentation().isEnabled(), "an internal user is never disabled");
    }

    @Test
    void neverLoggedInExternalUserIsDisabled() {
        String ext = createUser("nina", "nina@partner.example");
        timeOffSet.set((DAYS + 1) * 86_400);
        awaitTrue(() -> !realm.admin().users().get(ext).toRepresentation().isEnabled(), "the workflow disabled nina");
    }

    @Test
    void loginRestartsTheInactivityClock() {
        String ext = createUser("lena", "lena@partner.example");
        long before = scheduledAt(ext);
        oauth.doPasswordGrantRequest("lena", "lena-pw");
        awaitTrue(() -> scheduledAt(ext) > before, "the login rescheduled lena's disable step");
        timeOffSet.set((DAYS - 1) * 86_400);
        assertTrue(dryRun().stream().noneMatch(u -> ext.equals(u.get("id"))), "not yet inactive for the full period");
        assertTrue(realm.admin().users().get(ext).toRepresentation().isEnabled());
    }

    @Test
    void dryRunListsExactlyTheUsersThatWouldBeDisabledAndChangesNothing() {
        String erin = createUser("erin", "erin@partner.example");
        String nina = createUser("nina", "nina@partner.example");
        createUser("ivan", "ivan@example.org");
        oauth.doPasswordGrantRequest("erin", "erin-pw");
        assertTrue(dryRun().stream().noneMatch(u -> erin.equals(u.get("id")) || nina.equals(u.get("id"))));

        timeOffSet.set((DAYS + 1) * 86_400);
        List<Map<String, Object>> listed = dryRun().stream()
                .filter(u -> List.of("erin", "nina", "ivan").contains(u.get("username"))).toList();
        assertEquals(List.of("erin", "nina"), listed.stream().map(u -> u.get("username")).sorted().toList());
        assertEquals("workflow", listed.stream().filter(u -> erin.equals(u.get("id"))).findFirst().orElseThrow().get("lastActivitySource"));

        HttpResponse<String> bad = http("GET", adminBase() + "/gatehouse-lifecycle/dry-run?days=0", null);
        assertEquals(400, bad.statusCode());
        HttpResponse<String> unknownPolicy = http("GET", adminBase() + "/gatehouse-lifecycle/dry-run?days=1&policy=Nope", null);
        assertEquals(400, unknownPolicy.statusCode());
        assertTrue(unknownPolicy.body().contains("Nope"), unknownPolicy.body());
    }

    /**
     * The condition asks what sign-in asks ({@code counts}): a policy in test mode acts on its test users only, so the
     * workflow disables tess, its test user, and never starts for tom, whom its rules make external too.
     */
    @Test
    void workflowUnderATestModePolicyDisablesOnlyItsTestUser() {
        String tess = createUser("tess", "tess@partner.example");
        ComponentRepresentation policy = realm.admin().components().component(policyId).toRepresentation();
        policy.getConfig().putSingle("mode", "test");
        policy.getConfig().putSingle("testUsers", "TESS");
        realm.admin().components().component(policyId).update(policy);
        String tom = createUser("tom", "tom@partner.example");
        assertTrue(scheduledBy(tess, "gatehouse-disable-inactive-external-users"), "tess's execution started");
        assertFalse(scheduledBy(tom, "gatehouse-disable-inactive-external-users"), "no execution for tom, not a test user");

        timeOffSet.set((DAYS + 1) * 86_400);
        assertEquals(List.of("tess"), dryRun().stream().map(u -> u.get("username"))
                .filter(name -> List.of("tess", "tom").contains(name)).toList(), "the dry-run agrees");
        awaitTrue(() -> !realm.admin().users().get(tess).toRepresentation().isEnabled(), "the workflow disabled tess");
        assertTrue(realm.admin().users().get(tom).toRepresentation().isEnabled(), "tom stays enabled");
    }

    @Test
    void dryRunDisablesNobody() {
        String nina = createUser("nina", "nina@partner.example");
        // the workflow is removed first, so only the dry-run could change anything
        http("DELETE", adminBase() + "/workflows/" + workflowId, null);
        timeOffSet.set((DAYS + 1) * 86_400);
        assertTrue(dryRun().stream().anyMatch(u -> nina.equals(u.get("id"))));
        assertTrue(realm.admin().users().get(nina).toRepresentation().isEnabled());
    }

    @Test
    void workflowNamingAPolicyThatDoesNotExistIsRefusedWhenSaved() {
        String misspelt = WORKFLOW.replace("\"gatehouse-disable-inactive-external-users\"", "\"misspelt\"")
                .replace("\"if\": \"gatehouse-external-user\"", "\"if\": \"gatehouse-external-user(Partners verify by emial)\"");
        HttpResponse<String> refused = http("POST", adminBase() + "/workflows", misspelt);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("no Gatehouse policy named 'Partners verify by emial'"), refused.body());
        assertTrue(refused.body().contains("Partners"), "names the realm's policies: " + refused.body());
        assertFalse(http("GET", adminBase() + "/workflows?search=misspelt", null).body().contains("misspelt"),
                "nothing of the refused workflow was stored");

        // an update to a name that does not exist is refused too, and the stored workflow stays as it was
        String renamed = WORKFLOW.replace("\"if\": \"gatehouse-external-user\"", "\"if\": \"gatehouse-external-user(Nope)\"");
        HttpResponse<String> update = http("PUT", adminBase() + "/workflows/" + workflowId, renamed);
        assertEquals(400, update.statusCode(), update.body());
        assertTrue(update.body().contains("'Nope'"), update.body());
        String stored = http("GET", adminBase() + "/workflows/" + workflowId, null).body();
        assertFalse(stored.contains("Nope"), stored);

        String named = WORKFLOW.replace("\"gatehouse-disable-inactive-external-users\"", "\"named\"")
                .replace("\"if\": \"gatehouse-external-user\"", "\"if\": \"gatehouse-external-user(Partners) and not has-role(admin)\"");
        HttpResponse<String> accepted = http("POST", adminBase() + "/workflows", named);
        assertEquals(201, accepted.statusCode(), accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        http("DELETE", adminBase() + "/workflows/" + location.substring(location.lastIndexOf('/') + 1), null);
    }

    /** The generic components endpoint would skip Keycloak's workflow checks: Keycloak refuses workflows there. */
    @Test
    void workflowCannotBeSavedAsARawComponentAroundTheCheck() {
        String realmId = realm.admin().toRepresentation().getId();
        String component = """
                {"name": "raw", "providerId": "default", "providerType": "org.keycloak.models.workflow.WorkflowProvider",
                 "parentId": "%s", "config": {"name": ["raw"], "supports": ["USERS"], "on": ["user-created"],
                 "conditions": ["gatehouse-external-user(Partners verify by emial)"]}}""".formatted(realmId);
        HttpResponse<String> refused = http("POST", adminBase() + "/components", component);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(realm.admin().components().query(realmId, "org.keycloak.models.workflow.WorkflowProvider").stream()
                .noneMatch(c -> "raw".equals(c.getName())), "nothing was stored");
    }

    @Test
    void workflowChecksFlagAWorkflowWhosePolicyWasDeletedAfterItWasSaved() {
        String named = WORKFLOW.replace("\"gatehouse-disable-inactive-external-users\"", "\"partners-only\"")
                .replace("\"if\": \"gatehouse-external-user\"", "\"if\": \"gatehouse-external-user(Partners)\"");
        HttpResponse<String> created = http("POST", adminBase() + "/workflows", named);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        try {
            assertEquals(Boolean.TRUE, workflowCheck(id).get("valid"));
            realm.admin().components().component(policyId).remove();
            Map<String, Object> check = workflowCheck(id);
            assertEquals(Boolean.FALSE, check.get("valid"), check.toString());
            assertTrue(String.valueOf(check.get("problem")).contains("no Gatehouse policy named 'Partners'"), check.toString());
            assertEquals(Boolean.TRUE, workflowCheck(workflowId).get("valid"), "a workflow naming no policy stays valid");
        } finally {
            http("DELETE", adminBase() + "/workflows/" + id, null);
            policyId = addComponent("gatehouse-external-user-policy", Map.of("name", "Partners", "mode", "report-only",
                    "externalDomains", "partner.example"));
        }
    }

    @Test
    void dryRunAnswers400ForDaysThatAreNotANumber() {
        for (String days : List.of("abc", "", "1.5", "99999999999")) {
            HttpResponse<String> r = http("GET", adminBase() + "/gatehouse-lifecycle/dry-run?days=" + days, null);
            assertEquals(400, r.statusCode(), days + ": " + r.body());
            assertTrue(r.body().contains("days must be a whole number between 1 and 36500"), r.body());
        }
    }

    /**
     * A scheduled workflow starts for every matching user without an execution, and a finished execution leaves
     * none: before the fix each cycle started the disabled user again and the no-op disable re-sent deprovisioning.
     */
    @Test
    void scheduledWorkflowLeavesDisabledUsersAloneAndSendsTargetsNothingNew() {
        http("DELETE", adminBase() + "/workflows/" + workflowId, null); // only the scheduled workflow below
        HttpResponse<String> created = http("POST", adminBase() + "/workflows", """
                {"name": "scheduled-lifecycle", "if": "gatehouse-external-user",
                 "schedule": {"after": "1s", "batch-size": 100},
                 "steps": [{"uses": "disable-user", "after": "%dd"}]}""".formatted(DAYS));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        workflowId = location.substring(location.lastIndexOf('/') + 1);

        String erin = createUser("sched-erin", "sched-erin@partner.example");
        oauth.doPasswordGrantRequest("sched-erin", "sched-erin-pw");
        awaitTrue(() -> active(erin), "erin provisioned and active at the target");
        awaitTrue(() -> scheduledBy(erin, "scheduled-lifecycle"), "the schedule started erin's execution");

        timeOffSet.set((DAYS + 1) * 86_400);
        awaitTrue(() -> !realm.admin().users().get(erin).toRepresentation().isEnabled(), "the workflow disabled erin");
        awaitTrue(() -> !active(erin), "erin deprovisioned at the SCIM target");
        long sentAboutErin = requestsAbout(erin);
        assertTrue(sentAboutErin > 0, "the target heard of erin: " + scim.requests());

        // a user created now is started by the next cycle: that cycle has seen disabled erin without an execution
        String lars = createUser("sched-lars", "sched-lars@partner.example");
        oauth.doPasswordGrantRequest("sched-lars", "sched-lars-pw");
        // (Workflows dates a new step by the system clock and runs it by the moved one: lars's may run at once)
        awaitTrue(() -> scheduledBy(lars, "scheduled-lifecycle") || !realm.admin().users().get(lars).toRepresentation().isEnabled(),
                "the schedule started lars's execution");
        assertFalse(scheduledBy(erin, "scheduled-lifecycle"), "the schedule did not start disabled erin again");

        timeOffSet.set((2 * DAYS + 2) * 86_400);
        awaitTrue(() -> !active(lars), "lars disabled and deprovisioned in the next run of due steps");
        awaitTrue(() -> new ProvisioningTargets(realm, adminClient).pending(targetId) == 0, "the outbox drained");
        assertEquals(sentAboutErin, requestsAbout(erin), "nothing more was sent about erin: " + scim.requests());
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    private Map<String, Object> workflowCheck(String id) {
        HttpResponse<String> r = http("GET", adminBase() + "/gatehouse-lifecycle/workflow-checks", null);
        assertEquals(200, r.statusCode(), r.body());
        try {
            List<Map<String, Object>> checks = JSON.readValue(r.body(), new TypeReference<>() { });
            return checks.stream().filter(c -> id.equals(c.get("id"))).findFirst().orElseThrow(() -> new AssertionError(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean scheduledBy(String userId, String workflowName) {
        HttpResponse<String> r = http("GET", adminBase() + "/workflows/scheduled/" + userId, null);
        assertEquals(200, r.statusCode(), r.body());
        return r.body().contains("\"name\":\"" + workflowName + "\"");
    }

    /** Changing SCIM requests about the user: carrying their Keycloak id (externalId) or their id at the server (path). */
    private long requestsAbout(String userId) {
        User user = scim.userByExternalId(userId);
        String remoteId = user == null ? userId : user.getId().orElse(userId);
        return scim.requests().stream().filter(r -> !r.startsWith("GET") && (r.contains(userId) || r.contains(remoteId))).count();
    }

    private List<Map<String, Object>> dryRun() {
        HttpResponse<String> r = http("GET", adminBase() + "/gatehouse-lifecycle/dry-run?days=" + DAYS, null);
        assertEquals(200, r.statusCode(), r.body());
        try {
            Map<String, Object> report = JSON.readValue(r.body(), new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> users = (List<Map<String, Object>>) report.get("users");
            return users;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long scheduledAt(String userId) {
        HttpResponse<String> r = http("GET", adminBase() + "/workflows/scheduled/" + userId, null);
        assertEquals(200, r.statusCode(), r.body());
        try {
            List<Map<String, Object>> workflows = JSON.readValue(r.body(), new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) workflows.get(0).get("steps");
            return steps.stream().map(s -> s.get("scheduled-at")).filter(java.util.Objects::nonNull)
                    .mapToLong(v -> ((Number) v).longValue()).max().orElse(0L);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean active(String externalId) {
        User user = scim.userByExternalId(externalId);
        return user != null && user.isActive().orElse(false);
    }

    private String addComponent(String providerId, Map<String, String> config) {
        return AdminRest.addPageComponent(realm, providerId, config);
    }

    private String createUser(String username, String email) {
        return new ProvisioningTargets(realm, adminClient).createUser(username, username, "Lifecycle", email);
    }

    private String adminBase() {
        return AdminRest.adminBase(realm);
    }

    private HttpResponse<String> http(String method, String url, String json) {
        return AdminRest.send(adminClient, method, url, json);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        ProvisioningTargets.awaitTrue(condition, what);
    }
}
