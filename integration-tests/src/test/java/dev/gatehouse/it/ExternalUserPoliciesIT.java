package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

/**
 * Several policies in one realm, one authenticator in the flow. The realm holds, highest priority first:
 * Audit (50, report-only, attribute kind=auditor), Pilot (40, test mode for tess, partner.example),
 * Contractors (30, group /contractors, method none), Partners (20, outside corp.example, email OTP).
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ExternalUserPoliciesIT {

    private static final String POLICY_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    @InjectRealm(fromJson = "policies-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    private final HttpClient http = HttpClient.newHttpClient();

    private Browser browser;

    @BeforeEach
    void newBrowserSession() {
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
    }

    @Test
    void eachUserGetsTheMethodOfTheHighestPolicyThatTargetsThem() {
        passwordStep("grace"); // partner.example and /contractors: Contractors (30) outranks Partners (20)
        assertFalse(otpShown());
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("Contractors", lastLogin("grace").get("gatehouse_policy"));
        assertEquals("none", lastLogin("grace").get("gatehouse_step_up"));

        newBrowserSession();
        passwordStep("ada"); // Partners only
        assertTrue(otpShown());
        assertTrue(why().contains("Your organisation asks people from outside it"), why());
    }

    @Test
    void testModeChallengesExactlyItsNamedUsers() {
        int mails = mailServer.getReceivedMessages().length;
        passwordStep("tess");
        assertTrue(otpShown(), "tess is Pilot's test user");
        assertEquals("Pilot: partners confirm their identity by email.", why(), "the policy's own text, nothing internal");
        assertTrue(mailServer.waitForIncomingEmail(Mailbox.PATIENCE_MILLIS, mails + 1));

        newBrowserSession();
        passwordStep("grace"); // targeted by Pilot's rule, but not a test user: Pilot does not exist for her
        assertFalse(otpShown());
        assertEquals("Contractors", lastLogin("grace").get("gatehouse_policy"));
    }

    @Test
    void reportOnlyChallengesNobodyAndRecordsWhatItWouldHaveRequired() {
        int mails = mailServer.getReceivedMessages().length;
        passwordStep("rita");

        assertFalse(otpShown());
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(mails, mailServer.getReceivedMessages().length);
        Map<String, String> details = lastLogin("rita");
        assertEquals("Audit", details.get("gatehouse_report_only"));
        assertEquals("email-otp", details.get("gatehouse_would_require"));
        assertEquals("none", details.get("gatehouse_step_up"));
    }

    @Test
    void aUserAnotherPolicyStepsUpKeepsTheReportOnlyFindingOnTheLoginEvent() throws Exception {
        Mailbox mailbox = new Mailbox(mailServer);
        int mails = mailbox.count();
        passwordStep("rex"); // partner.example (Partners, email code) and kind=auditor (Audit, report-only)
        assertTrue(otpShown());
        new OtpPage(driver).enter(Mailbox.code(mailbox.next(mails)));

        assertNotNull(oauth.parseLoginResponse().getCode());
        Map<String, String> details = lastLogin("rex");
        assertEquals("Partners", details.get("gatehouse_policy"));
        assertEquals("email-otp", details.get("gatehouse_step_up"));
        assertEquals("Audit", details.get("gatehouse_report_only"), "the event that ends the sign-in names the report-only policy: " + details);
        assertEquals("email-otp", details.get("gatehouse_would_require"));
    }

    @Test
    void whatIfExplainsEveryPolicyForAUser() throws Exception {
        JsonNode grace = whatIf("grace", adminToken());
        assertEquals("Contractors", grace.get("applies").get("name").asText());
        assertEquals("group", grace.get("applies").get("rule").asText());
        Map<String, String> outcomes = outcomes(grace);
        assertEquals("not targeted", outcomes.get("Audit"));
        assertEquals("test mode excludes the user", outcomes.get("Pilot"));
        assertEquals("applies", outcomes.get("Contractors"));
        assertEquals("outranked", outcomes.get("Partners"));

        JsonNode olivia = whatIf("olivia", adminToken());
        assertTrue(olivia.path("applies").isMissingNode() || olivia.get("applies").isNull());
        assertEquals("not targeted", outcomes(olivia).get("Partners"));

        JsonNode rita = whatIf("rita", adminToken());
        assertTrue(rita.path("applies").isMissingNode() || rita.get("applies").isNull());
        assertEquals("would-apply (report-only)", outcomes(rita).get("Audit"));

        realm.admin().components().query(realm.getId(), POLICY_TYPE).stream()
                .filter(c -> c.getName().equals("Contractors")).findFirst().ifPresent(c -> {
                    c.getConfig().putSingle("enabled", "false");
                    realm.admin().components().component(c.getId()).update(c);
                });
        try {
            JsonNode graceAgain = whatIf("grace", adminToken());
            assertEquals("Partners", graceAgain.get("applies").get("name").asText());
            assertEquals("disabled", outcomes(graceAgain).get("Contractors"));
        } finally {
            realm.admin().components().query(realm.getId(), POLICY_TYPE).stream()
                    .filter(c -> c.getName().equals("Contractors")).findFirst().ifPresent(c -> {
                        c.getConfig().putSingle("enabled", "true");
                        realm.admin().components().component(c.getId()).update(c);
                    });
        }
    }

    @Test
    void whatIfIsRefusedToNonAdmins() throws Exception {
        String userToken = oauth.doPasswordGrantRequest("olivia", "olivia-pw").getAccessToken();
        assertNotNull(userToken);
        assertEquals(403, whatIfStatus("grace", userToken));
        assertEquals(401, whatIfStatus("grace", null));
        assertEquals(404, whatIfStatus("nobody-here", adminToken()));
    }

    @Test
    void invalidPoliciesAreRefusedOnSave() {
        assertRefused(config("mode", "test", "testUsers", "ada,grace,tess,rita,olivia,extra", "groups", "/contractors", "priority", "1"),
                "at most 5 users");
        assertRefused(config("mode", "test", "testUsers", "ghost", "groups", "/contractors", "priority", "2"),
                "Unknown test user ghost");
        assertRefused(config("groups", "/contractors", "priority", "30"), "Contractors already has priority 30");
        assertRefused(config("mode", "sometimes", "groups", "/contractors", "priority", "3"), "Unknown mode");
        assertEquals(4, realm.admin().components().query(realm.getId(), POLICY_TYPE).size());
    }

    @Test
    void realmExportThenImportKeepsThePolicies() throws Exception {
        RealmRepresentation export = realm.admin().partialExport(true, true);
        List<ComponentExportRepresentation> exported = export.getComponents().get(POLICY_TYPE);
        assertEquals(4, exported.size());

        // A new realm from the exported policies and the groups they name (ids dropped: they are the source's).
        RealmRepresentation copy = new RealmRepresentation();
        copy.setRealm("gatehouse-policies-copy");
        copy.setEnabled(true);
        copy.setGroups(export.getGroups());
        copy.getGroups().forEach(g -> g.setId(null));
        exported.forEach(c -> c.setId(null));
        copy.setComponents(new MultivaluedHashMap<>(Map.of(POLICY_TYPE, exported)));
        adminClient.realms().create(copy);
        try {
            List<ComponentRepresentation> imported = adminClient.realm("gatehouse-policies-copy").components()
                    .query(null, POLICY_TYPE);
            assertEquals(List.of("Audit", "Contractors", "Partners", "Pilot"),
                    imported.stream().map(ComponentRepresentation::getName).sorted().toList());
            ComponentRepresentation pilot = imported.stream().filter(c -> c.getName().equals("Pilot")).findFirst().orElseThrow();
            assertEquals(List.of("tess"), pilot.getConfig().get("testUsers"));
        } finally {
            adminClient.realm("gatehouse-policies-copy").remove();
        }
    }

    @Test
    void aPolicySavedThroughRestWithOnlyANameAndARuleEnforcesTheConsolesDefaults() throws Exception {
        ComponentRepresentation empty = new ComponentRepresentation();
        empty.setProviderId("gatehouse-external-user-policy");
        empty.setProviderType(POLICY_TYPE);
        empty.setParentId(realm.getId());
        empty.setConfig(new MultivaluedHashMap<>());
        try (Response response = realm.admin().components().add(empty)) {
            assertEquals(400, response.getStatus(), "{} is refused");
            assertTrue(response.readEntity(String.class).contains("A policy needs a name."));
        }
        String id = AdminRest.addPageComponent(realm, "gatehouse-external-user-policy",
                Map.of("name", "Saved through REST", "attributeName", "kind", "attributeValue", "rest"));
        try {
            Mailbox mailbox = new Mailbox(mailServer);
            int mails = mailbox.count();
            passwordStep("rhea");
            assertTrue(otpShown(), "enabled, enforce mode, email code: rhea is asked for a code");
            String code = Mailbox.code(mailbox.next(mails));
            assertEquals(6, code.length(), "the default code length");
            new OtpPage(driver).enter(code);
            assertNotNull(oauth.parseLoginResponse().getCode());
            Map<String, String> login = lastLogin("rhea");
            assertEquals("Saved through REST", login.get("gatehouse_policy"));
            assertEquals("email-otp", login.get("gatehouse_step_up"));
        } finally {
            realm.admin().components().component(id).remove();
        }
    }

    private void assertRefused(MultivaluedHashMap<String, String> config, String message) {
        ComponentRepresentation rep = new ComponentRepresentation();
        rep.setName("Refused");
        rep.setProviderId("gatehouse-external-user-policy");
        rep.setProviderType(POLICY_TYPE);
        rep.setParentId(realm.getId());
        rep.setConfig(config);
        try (Response response = realm.admin().components().add(rep)) {
            String body = response.readEntity(String.class);
            assertEquals(400, response.getStatus(), body);
            assertTrue(body.contains(message), body);
        }
    }

    private static MultivaluedHashMap<String, String> config(String... keyValues) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.putSingle(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private void passwordStep(String username) {
        browser.passwordStep(username);
    }

    private boolean otpShown() {
        return new OtpPage(driver).isShown();
    }

    private String why() {
        return driver.findElement(By.id("gatehouse-otp-why")).getText().strip();
    }

    private Map<String, String> lastLogin(String username) {
        String userId = realm.admin().users().search(username, true).get(0).getId();
        List<EventRepresentation> events = realm.admin().getEvents(List.of("LOGIN"), null, userId, null, null, null, 0, 10);
        assertFalse(events.isEmpty(), "no LOGIN event for " + username);
        return events.get(0).getDetails();
    }

    private String adminToken() {
        return adminClient.tokenManager().getAccessTokenString();
    }

    private JsonNode whatIf(String username, String token) throws Exception {
        HttpResponse<String> response = http.send(whatIfRequest(username, token), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonSerialization.mapper.readTree(response.body());
    }

    private int whatIfStatus(String username, String token) throws Exception {
        return http.send(whatIfRequest(username, token), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest whatIfRequest(String username, String token) {
        String base = realm.getBaseUrl().replace("/realms/", "/admin/realms/");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/gatehouse/what-if?username=" + username));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.GET().build();
    }

    private static Map<String, String> outcomes(JsonNode answer) {
        Map<String, String> outcomes = new java.util.LinkedHashMap<>();
        answer.get("policies").forEach(p -> outcomes.put(p.get("name").asText(), p.get("outcome").asText()));
        return outcomes;
    }
}
