package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;

import dev.gatehouse.demotarget.ScimTestServer;
import dev.gatehouse.demotarget.WebhookTestReceiver;

/**
 * Provisioning must not undo, lose or leak: a retried dead letter never brings back a user or a membership that
 * was taken away since; a target that refuses Gatehouse's credentials keeps its rows waiting (and is quarantined)
 * instead of dead-lettering the queue; Gatehouse's token refusals and step-ups reach a security webhook, signed and
 * without secrets; target URLs at cloud metadata addresses are refused; webhook ids are unique and survive retries.
 * Runs in the token-guard realm (Ada verifies by email every 15 minutes, Bob's policy blocks token access).
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningSafetyIT {

    private static final String REALM = "gatehouse-tokens";
    private static final String SCIM_TOKEN = "scim-token-" + UUID.randomUUID();
    private static final String WHSEC = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("safety-secret-0123456789abcdef01".getBytes());

    private static ScimTestServer scim;
    private static WebhookTestReceiver receiver;

    @InjectRealm(fromJson = "tokens-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    private ProvisioningTargets targets;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void servers() throws IOException {
        scim = new ScimTestServer(SCIM_TOKEN);
        scim.start();
        receiver = new WebhookTestReceiver(WHSEC);
        receiver.start();
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(REALM + "_scim-token"), SCIM_TOKEN);
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(REALM + "_hook-secret"), WHSEC);
    }

    @AfterAll
    static void stopServers() {
        scim.stop();
        receiver.stop();
    }

    @BeforeEach
    void fresh() {
        scim.reset();
        targets = new ProvisioningTargets(realm, adminClient);
    }

    @AfterEach
    void removeTargets() {
        created.forEach(id -> realm.admin().components().component(id).remove());
        created.clear();
    }

    // -- 1. retried dead letters ------------------------------------------------------------------------------

    @Test
    void retryingAStaleDeadLetterDoesNotReactivateAUserDisabledSince() {
        String target = scimTarget("app", Map.of());
        scim.forceNext("POST", 400, null, "{\"detail\":\"userName too exotic\"}");
        String id = targets.createUser("stale-sue", "Sue", "Stale");
        awaitTrue(() -> targets.deadLetters(target).size() == 1, "the first delivery dead-lettered");

        UserResource sue = realm.admin().users().get(id);
        UserRepresentation rep = sue.toRepresentation();
        rep.setEnabled(false);
        sue.update(rep);
        awaitTrue(() -> targets.pending(target) == 0, "the deprovisioning went out past the dead letter");

        HttpResponse<String> retried = retry(target, targets.deadLetters(target).get(0).get("id"));
        assertEquals(200, retried.statusCode(), retried.body());
        awaitTrue(() -> targets.pending(target) == 0 && targets.deadLetters(target).isEmpty(), "the retried row done");
        User atTarget = scim.userByExternalId(id);
        assertTrue(atTarget == null || !atTarget.isActive().orElse(true),
                "the old enabled snapshot did not re-create or re-activate the disabled user: " + atTarget);
        assertEquals(1, scim.requests().stream().filter(r -> r.startsWith("POST /Users ") && r.contains("stale-sue")).count(),
                "only the refused first create: the retry sent no second one");
    }

    @Test
    void retryingAStaleGroupJoinDoesNotPutTheUserBackInTheGroupTheyLeft() {
        String target = scimTarget("app", Map.of());
        String id = targets.createUser("stale-gus", "Gus", "Group");
        awaitTrue(() -> scim.userByExternalId(id) != null, "gus provisioned");
        String group = createGroup("contractors-" + UUID.randomUUID().toString().substring(0, 8));
        String groupName = realm.admin().groups().group(group).toRepresentation().getName();

        scim.forceNext("PATCH", 400, null, "{\"detail\":\"membership refused\"}");
        realm.admin().users().get(id).joinGroup(group);
        awaitTrue(() -> targets.deadLetters(target).size() == 1, "the join dead-lettered");
        realm.admin().users().get(id).leaveGroup(group);
        awaitTrue(() -> targets.pending(target) == 0, "the leave went out past the dead letter");

        HttpResponse<String> retried = targets.admin("POST", "/targets/" + target + "/dead-letters/retry");
        assertEquals(200, retried.statusCode(), retried.body());
        awaitTrue(() -> targets.pending(target) == 0 && targets.deadLetters(target).isEmpty(), "the retried row done");
        assertFalse(scim.isMember(groupName, id), "the old snapshot's membership was not re-added");
    }

    @Test
    void retryingADeadLetterOfADeletedUserDropsIt() throws IOException {
        String target = scimTarget("app", Map.of());
        scim.forceNext("POST", 400, null, "{\"detail\":\"no\"}");
        String id = targets.createUser("stale-dee", "Dee", "Deleted");
        awaitTrue(() -> targets.deadLetters(target).size() == 1, "dead-lettered");
        realm.admin().users().get(id).remove();
        awaitTrue(() -> targets.pending(target) == 0, "the deletion went out");

        HttpResponse<String> retried = targets.admin("POST", "/targets/" + target + "/dead-letters/retry");
        JsonNode answer = ProvisioningTargets.JSON.readTree(retried.body());
        assertEquals(0, answer.get("requeued").asInt(), retried.body());
        assertEquals(1, answer.get("dropped").asInt(), retried.body());
        assertTrue(scim.userByExternalId(id) == null);
    }

    // -- 2. refused credentials ------------------------------------------------------------------------------

    @Test
    void aTargetRefusingOurCredentialsKeepsItsRowsWaitingIsQuarantinedAndRecoversWithNewCredentials() throws IOException {
        java.nio.file.Path vaultEntry = GatehouseServerConfig.vaultDir().resolve(REALM + "_scim-rotating");
        String revoked = "revoked-" + UUID.randomUUID();
        Files.writeString(vaultEntry, revoked);
        String target = targets.create("revoked-app", Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-rotating}", "maxAttempts", "1", "quarantineMinCalls", "3",
                "quarantineFailurePercent", "50", "quarantineProbeSeconds", "60", "quarantineWindowSeconds", "86400",
                "testOnSave", "false"));
        created.add(target);
        String rita = targets.createUser("revoked-rita", "Rita", "Revoked");
        String rolf = targets.createUser("revoked-rolf", "Rolf", "Revoked");

        awaitTrue(() -> String.valueOf(targets.lastError(target)).contains("target refused our credentials (401)"),
                "the refusal is the target's last error");
        int[] hours = {0};
        awaitTrue(() -> {
            hours[0] += 2;
            timeOffSet.set(hours[0] * 3600);
            ProvisioningTargets.pause(1500);
            return targets.quarantined(target);
        }, "enough refused calls quarantine the target");
        assertTrue(targets.deadLetters(target).isEmpty(), "not one row dead-lettered, although maxAttempts is 1");
        assertEquals(2, targets.pending(target));
        assertTrue(String.valueOf(targets.status(target).get("quarantineReason")).contains("refused our credentials"),
                targets.status(target).toString());

        Files.writeString(vaultEntry, SCIM_TOKEN);
        assertEquals(200, targets.admin("POST", "/targets/" + target + "/quarantine/release").statusCode());
        awaitTrue(() -> scim.userByExternalId(rita) != null && scim.userByExternalId(rolf) != null,
                "with the credentials fixed, every waiting row delivered");
        awaitTrue(() -> targets.pending(target) == 0, "queue drained");
        String log = Files.readString(GatehouseServerConfig.logFile());
        assertTrue(log.contains("target refused our credentials (401)"), "an operator sees why in the log");
        assertFalse(log.contains(revoked), "never the credential itself");
    }

    // -- 3. security decisions -------------------------------------------------------------------------------

    @Test
    void aSecurityWebhookHearsOfAFailedAndAPassedStepUpAndADeniedRefresh() throws Exception {
        securityWebhook();
        Mailbox mailbox = new Mailbox(mailServer);
        OtpPage otp = new OtpPage(driver);
        Browser browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();

        int mails = mailbox.count();
        browser.passwordStep("ada");
        String code = Mailbox.code(mailbox.next(mails));
        otp.enter(OtpPage.wrongCode(code));
        otp.enter(code);
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode());
        assertEquals(200, tokens.getStatusCode());

        timeOffSet.set(16 * 60);
        AccessTokenResponse refused = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertEquals("invalid_grant", refused.getError());
        assertEquals("Verification expired: sign in again", refused.getErrorDescription());

        String adaId = userId("ada");
        JsonNode failed = securityMessage("security.step_up_failed", adaId);
        assertEquals("gatehouse_otp_invalid", failed.path("data").path("error").asText(), failed.toString());
        JsonNode passed = securityMessage("security.step_up_passed", adaId);
        assertEquals("email-otp", passed.path("data").path("details").path("gatehouse_step_up").asText(), passed.toString());
        JsonNode denied = securityMessage("security.token_access_denied", adaId);
        assertEquals("refresh", denied.path("data").path("grant").asText(), denied.toString());
        assertEquals("REFRESH_TOKEN_ERROR", denied.path("data").path("type").asText());
        assertEquals("Verification expired: sign in again", denied.path("data").path("reason").asText());
        assertNotNull(denied.path("data").path("policy").asText(null));

        java.util.regex.Pattern codes = java.util.regex.Pattern.compile("(?<!\\d)(" + code + "|" + OtpPage.wrongCode(code) + ")(?!\\d)");
        for (WebhookTestReceiver.Message m : receiver.accepted()) {
            assertFalse(codes.matcher(m.body()).find(), "no one-time code in a webhook body: " + m.body());
            for (String secret : List.of(tokens.getRefreshToken(), tokens.getAccessToken(), "ada-pw")) {
                assertFalse(m.body().contains(secret), "no token or password in a webhook body: " + m.body());
            }
        }
        assertTrue(receiver.refused().isEmpty(), "every message was signed");
    }

    @Test
    void aSecurityWebhookHearsOfADeniedPasswordGrant() throws Exception {
        securityWebhook();
        AccessTokenResponse bob = oauth.doPasswordGrantRequest("bob", "bob-pw");
        assertEquals("invalid_grant", bob.getError());

        JsonNode denied = securityMessage("security.token_access_denied", userId("bob"));
        assertEquals("password", denied.path("data").path("grant").asText(), denied.toString());
        assertEquals("The password grant is not allowed for this user", denied.path("data").path("reason").asText());
        assertFalse(denied.toString().contains("bob-pw"), "the password is not in the message");
    }

    // -- 4. addresses ----------------------------------------------------------------------------------------

    @Test
    void metadataAndLinkLocalTargetsAreRefusedEvenWithPrivateTargetsAllowed() {
        Map.Entry<Integer, String> metadata = targets.refused("metadata", Map.of("kind", "scim",
                "url", "https://169.254.169.254/latest/meta-data", "auth", "bearer", "secret", "${vault.scim-token}"));
        assertEquals(400, metadata.getKey());
        assertTrue(metadata.getValue().contains("link-local address (169.254.169.254)"), metadata.getValue());

        Map.Entry<Integer, String> token = targets.refused("metadata-token", Map.of("kind", "scim", "url", scim.baseUrl(),
                "auth", "oauth2", "tokenUrl", "http://169.254.169.254/token", "clientId", "c", "secret", "${vault.scim-token}"));
        assertEquals(400, token.getKey());
        assertTrue(token.getValue().contains("Token URL points to a link-local address"), token.getValue());

        Map.Entry<Integer, String> aws6 = targets.refused("metadata-v6", Map.of("kind", "webhook",
                "url", "https://[fd00:ec2::254]/latest", "secret", "${vault.hook-secret}"));
        assertEquals(400, aws6.getKey());
        assertTrue(aws6.getValue().contains("cloud metadata service"), aws6.getValue());

        Map.Entry<Integer, String> httpIntranet = targets.refused("intranet", Map.of("kind", "webhook",
                "url", "http://10.20.30.40/hooks", "secret", "${vault.hook-secret}"));
        assertEquals(400, httpIntranet.getKey());
        assertTrue(httpIntranet.getValue().contains("must use https"), httpIntranet.getValue());
    }

    // -- 5. webhook ids --------------------------------------------------------------------------------------

    @Test
    void webhookIdsAreRandomPerRowAndTheSameOnEveryRetry() {
        String hook = targets.create("ids", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secret}"));
        created.add(hook);
        receiver.failNext(503);
        String first = targets.createUser("hook-ida", "Ida", "One");
        awaitTrue(() -> String.valueOf(targets.lastError(hook)).contains("503"), "the first attempt failed");
        timeOffSet.set(600);
        awaitTrue(() -> bodyAbout(first) != null, "delivered on the retry");
        String second = targets.createUser("hook-ivo", "Ivo", "Two");
        awaitTrue(() -> bodyAbout(second) != null, "the second user delivered");

        String firstId = bodyAbout(first).id();
        String secondId = bodyAbout(second).id();
        assertTrue(firstId.matches("msg_[0-9a-f]{32}"), "a random id, not the row number: " + firstId);
        assertNotEquals(firstId, secondId);
        assertTrue(receiver.duplicates().stream().noneMatch(m -> m.body().contains(first)),
                "the retry after a 503 was no duplicate (the 503 kept nothing)");
    }

    @Test
    void aRetriedDeadLetterKeepsItsWebhookIdWhenUnchangedAndGetsANewOneWhenChanged() {
        int pings = receiver.accepted().size();
        String hook = targets.create("ids-dead", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secret}"));
        created.add(hook);
        WebhookTestReceiver.Message ping = receiver.accepted().subList(pings, receiver.accepted().size()).stream()
                .filter(m -> m.body().contains("\"gatehouse.ping\"")).findFirst().orElseThrow();
        assertTrue(ping.id().matches("msg_[0-9a-f]{32}"), "the save's ping has the documented id form: " + ping.id());

        receiver.failNext(400);
        String user = targets.createUser("hook-dora", "Dora", "Dead");
        awaitTrue(() -> targets.deadLetters(hook).size() == 1, "the refused message is a dead letter");
        String deadId = failedAbout(user, "Dead").id();
        assertEquals(200, targets.admin("POST", "/targets/" + hook + "/dead-letters/retry").statusCode());
        awaitTrue(() -> bodyAbout(user) != null, "the retry delivered");
        assertEquals(deadId, bodyAbout(user).id(), "re-made unchanged: the same message keeps its webhook-id");

        receiver.failNext(400);
        targets.setLastName(user, "Later");
        awaitTrue(() -> targets.deadLetters(hook).size() == 1, "the next change is a dead letter");
        String laterId = failedAbout(user, "Later").id();
        targets.setLastName(user, "Latest");
        awaitTrue(() -> targets.pending(hook) == 0 && acceptedAbout(user, "Latest").size() == 1, "the newest change delivered");
        assertEquals(200, targets.admin("POST", "/targets/" + hook + "/dead-letters/retry").statusCode());
        awaitTrue(() -> acceptedAbout(user, "Latest").size() == 2, "the dead letter re-made from the current state delivered");
        List<String> ids = acceptedAbout(user, "Latest").stream().map(WebhookTestReceiver.Message::id).toList();
        assertFalse(ids.contains(laterId), "re-made with other content: a new webhook-id, not " + laterId);
        assertNotEquals(ids.get(0), ids.get(1));
        assertTrue(receiver.duplicates().stream().noneMatch(m -> m.body().contains(user)), "no receiver would drop it as a repeat");
    }

    @Test
    void aPutKeepsTheSettingsItLeavesOutAndAnEmptyListRemovesOne() {
        String target = scimTarget("put", Map.of("ignoredGroups", "admins", "maxAttempts", "7"));
        ComponentRepresentation stored = realm.admin().components().component(target).toRepresentation();
        ComponentRepresentation put = new ComponentRepresentation();
        put.setId(target);
        put.setName(stored.getName());
        put.setProviderId(stored.getProviderId());
        put.setProviderType(stored.getProviderType());
        put.setParentId(stored.getParentId());
        put.setConfig(new MultivaluedHashMap<>(Map.of("maxAttempts", List.of("9"))));
        realm.admin().components().component(target).update(put);
        MultivaluedHashMap<String, String> after = realm.admin().components().component(target).toRepresentation().getConfig();
        assertEquals(List.of("9"), after.get("maxAttempts"));
        assertEquals(List.of("admins"), after.get("ignoredGroups"), "a key left out of the PUT is kept");
        assertEquals(List.of(scim.baseUrl()), after.get("url"));

        put.setConfig(new MultivaluedHashMap<>(Map.of("ignoredGroups", List.of())));
        realm.admin().components().component(target).update(put);
        after = realm.admin().components().component(target).toRepresentation().getConfig();
        assertNull(after.get("ignoredGroups"), "an empty list removes the setting");
        assertEquals(List.of("9"), after.get("maxAttempts"));
    }

    private WebhookTestReceiver.Message failedAbout(String userId, String lastName) {
        return receiver.failedMessages().stream().filter(m -> m.body().contains(userId) && m.body().contains(lastName))
                .findFirst().orElseThrow(() -> new AssertionError("no refused message about " + lastName));
    }

    private List<WebhookTestReceiver.Message> acceptedAbout(String userId, String lastName) {
        return receiver.accepted().stream().filter(m -> m.body().contains(userId) && m.body().contains("\"lastName\":\"" + lastName + "\""))
                .toList();
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    private String scimTarget(String name, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}", "maxAttempts", "5"));
        config.putAll(extra);
        String id = targets.create(name, config);
        created.add(id);
        return id;
    }

    private void securityWebhook() {
        created.add(targets.create("siem", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secret}",
                "securityEvents", "true")));
    }

    /** The signed security message of this type about this user. */
    private JsonNode securityMessage(String type, String userId) {
        JsonNode[] found = new JsonNode[1];
        awaitTrue(() -> {
            for (WebhookTestReceiver.Message m : receiver.accepted()) {
                JsonNode body = read(m.body());
                if (type.equals(body.path("type").asText()) && userId.equals(body.path("data").path("userId").asText())) {
                    found[0] = body;
                    return true;
                }
            }
            return false;
        }, type + " for " + userId);
        return found[0];
    }

    private WebhookTestReceiver.Message bodyAbout(String userId) {
        return receiver.accepted().stream().filter(m -> m.body().contains(userId)).findFirst().orElse(null);
    }

    private static JsonNode read(String body) {
        try {
            return ProvisioningTargets.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> retry(String target, Object entryId) {
        return targets.admin("POST", "/targets/" + target + "/dead-letters/" + entryId + "/retry");
    }

    private String createGroup(String name) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(name);
        try (Response r = realm.admin().groups().add(group)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            realm.cleanup().add(x -> x.groups().group(id).remove());
            return id;
        }
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }
}
