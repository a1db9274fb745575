package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;
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
import org.keycloak.testsuite.util.oauth.AuthorizationEndpointResponse;
import org.keycloak.util.JsonSerialization;

/**
 * Policies hold beyond the first sign-in. A verification lasts as long as the policy says on every path: SSO
 * cookie, prompt=none, refresh and offline tokens; an idle limit counts SSO sign-ins and refreshes as activity;
 * an admin ends a policy's sessions; a blocking policy refuses the password grant and offline tokens.
 * Partners verify every 15 minutes, vendors once per session, ivy's policy has a 15-minute idle limit, bob's
 * policy blocks token access, olivia is internal. The realm has no hand-made client policy: Gatehouse adds the
 * session guard's on import. Time moves by the test framework's time offset.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class SessionAndTokenGuardIT {

    @InjectRealm(fromJson = "sessions-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectAdminClient
    Keycloak adminClient;

    private Mailbox mailbox;
    private OtpPage otp;
    private Browser browser;

    @BeforeEach
    void newBrowser() {
        mailbox = new Mailbox(mailServer);
        otp = new OtpPage(driver);
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
    }

    @Test
    void ssoWithinTheDurationPassesAndAfterItAsksAgain() throws Exception {
        signInWithCode("ada");

        int mails = mailbox.count();
        oauth.openLoginForm(); // cookie SSO, 0 minutes later
        assertNotNull(oauth.parseLoginResponse().getCode(), "no new step within 15 minutes");
        assertEquals(mails, mailbox.count());
        assertEquals("true", lastLogin("ada").get("gatehouse_verified_earlier"));

        timeOffSet.set(16 * 60);
        oauth.openLoginForm(); // cookie SSO, 16 minutes later
        assertTrue(otp.isShown(), "the verification has expired: asked again, not silently passed");
        assertTrue(driver.findElement(org.openqa.selenium.By.id("gatehouse-otp-why")).getText().contains("every 15 minutes"));
        otp.enter(Mailbox.code(mailbox.next(mails)));
        assertNotNull(oauth.parseLoginResponse().getCode());

        oauth.openLoginForm(); // and the new verification counts from now
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    @Test
    void promptNoneAfterTheDurationAnswersLoginRequired() throws Exception {
        signInWithCode("ada");
        timeOffSet.set(16 * 60);

        oauth.loginForm().prompt("none").open();
        AuthorizationEndpointResponse response = oauth.parseLoginResponse();
        assertTrue(response.isError(), "no code without verifying again");
        assertTrue(List.of("login_required", "interaction_required").contains(response.getError()), response.getError());
    }

    @Test
    void withoutADurationTheVerificationLastsTheSession() throws Exception {
        signInWithCode("vince");
        timeOffSet.set(16 * 60);
        int mails = mailbox.count();

        oauth.openLoginForm();
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(mails, mailbox.count());
    }

    @Test
    void internalUsersAreNeverAsked() {
        browser.passwordStep("olivia");
        assertNotNull(oauth.parseLoginResponse().getCode());
        timeOffSet.set(16 * 60);
        oauth.openLoginForm();
        assertFalse(otp.isShown());
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    /** Signs in with the emailed code; answers the authorization code. */
    private String signInWithCode(String username) throws Exception {
        return browser.signInWithCode(username, mailbox, otp);
    }

    @Test
    void refreshAfterTheDurationFailsAndRefreshingDoesNotExtendIt() throws Exception {
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(signInWithCode("ada"));

        timeOffSet.set(10 * 60);
        AccessTokenResponse refreshed = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertEquals(200, refreshed.getStatusCode(), "within 15 minutes");

        timeOffSet.set(16 * 60);
        AccessTokenResponse refused = oauth.doRefreshTokenRequest(refreshed.getRefreshToken());
        assertEquals(400, refused.getStatusCode());
        assertEquals("invalid_grant", refused.getError());
        Map<String, String> details = lastEvent("REFRESH_TOKEN_ERROR", "ada").orElseThrow(
                () -> new AssertionError("the refusal is an event")).getDetails();
        assertEquals("Partners every 15 minutes", details.get("gatehouse_policy"), "it names the policy, as login events do");
        assertEquals("email-otp", details.get("gatehouse_step_up"));
        assertEquals("refresh", details.get("gatehouse_grant"));
    }

    @Test
    void offlineTokensObeyTheSameDuration() throws Exception {
        oauth.scope("openid offline_access");
        try {
            AccessTokenResponse tokens = oauth.doAccessTokenRequest(signInWithCode("ada"));
            assertEquals("Offline", oauth.parseRefreshToken(tokens.getRefreshToken()).getType());

            timeOffSet.set(16 * 60);
            AccessTokenResponse refused = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
            assertEquals(400, refused.getStatusCode());
            assertEquals("invalid_grant", refused.getError());
        } finally {
            oauth.scope("openid");
        }
    }

    @Test
    void refreshOfInternalAndUnlimitedUsersIsUntouched() throws Exception {
        browser.passwordStep("olivia");
        AccessTokenResponse olivia = oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode());
        browser.fresh();
        AccessTokenResponse vince = oauth.doAccessTokenRequest(signInWithCode("vince"));

        timeOffSet.set(16 * 60);
        assertEquals(200, oauth.doRefreshTokenRequest(olivia.getRefreshToken()).getStatusCode());
        assertEquals(200, oauth.doRefreshTokenRequest(vince.getRefreshToken()).getStatusCode());
    }

    @Test
    void idleLimitCountsSignInsAndRefreshesAsActivity() throws Exception {
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(signInWithCode("ivy"));

        timeOffSet.set(10 * 60);
        tokens = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertEquals(200, tokens.getStatusCode(), "10 minutes idle");
        timeOffSet.set(20 * 60);
        oauth.openLoginForm();
        assertNotNull(oauth.parseLoginResponse().getCode(), "SSO 10 minutes after the refresh passes");
        timeOffSet.set(30 * 60);
        tokens = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertEquals(200, tokens.getStatusCode(), "10 minutes after the SSO sign-in");

        timeOffSet.set(46 * 60);
        AccessTokenResponse refused = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertEquals("invalid_grant", refused.getError(), "16 minutes idle");
        oauth.openLoginForm();
        assertTrue(otp.isShown(), "and the browser asks again");
    }

    @Test
    void adminEndsEverySessionOfAPolicysUsersAndOnlyThose() throws Exception {
        AccessTokenResponse ada = oauth.doAccessTokenRequest(signInWithCode("ada"));
        browser.fresh();
        browser.passwordStep("olivia");
        AccessTokenResponse olivia = oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode());
        String partners = realm.admin().components().query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider")
                .stream().filter(c -> c.getName().startsWith("Partners")).findFirst().orElseThrow().getId();

        assertEquals(403, endSessions(partners, olivia.getAccessToken()).statusCode(), "not for a non-admin");
        HttpResponse<String> ended = endSessions(partners, adminClient.tokenManager().getAccessTokenString());
        assertEquals(200, ended.statusCode(), ended.body());
        assertTrue(ended.body().contains("\"users\":1"), ended.body());

        assertEquals("invalid_grant", oauth.doRefreshTokenRequest(ada.getRefreshToken()).getError());
        assertEquals(200, oauth.doRefreshTokenRequest(olivia.getRefreshToken()).getStatusCode(), "internal users keep theirs");
        // The query docs/policies.md gives admins, as they would send it.
        String query = realm.getBaseUrl().replace("/realms/", "/admin/realms/")
                + "/admin-events?resourceTypes=USER_SESSION&resourcePath=gatehouse/*";
        HttpResponse<String> found = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(query))
                .header("Authorization", "Bearer " + adminClient.tokenManager().getAccessTokenString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, found.statusCode(), found.body());
        List<Map<String, Object>> adminEvents = JsonSerialization.readValue(found.body(), new TypeReference<>() { });
        assertEquals(1, adminEvents.size(), found.body());
        assertEquals("DELETE", adminEvents.get(0).get("operationType"));
        assertEquals("gatehouse/policies/" + partners + "/sessions", adminEvents.get(0).get("resourcePath"));
        assertTrue(String.valueOf(adminEvents.get(0).get("details")).contains("Partners every 15 minutes"), found.body());
    }

    @Test
    void passwordGrantIsRefusedToUsersOfABlockingPolicyOnly() {
        AccessTokenResponse bob = oauth.doPasswordGrantRequest("bob", "bob-pw");
        assertEquals(400, bob.getStatusCode());
        assertEquals("invalid_grant", bob.getError());
        String bobId = realm.admin().users().search("bob", true).get(0).getId();
        assertTrue(realm.admin().users().get(bobId).getUserSessions().isEmpty(), "no session is left behind");

        assertEquals(200, oauth.doPasswordGrantRequest("olivia", "olivia-pw").getStatusCode(), "internal users keep it");
    }

    @Test
    void offlineTokensAreRefusedToUsersOfABlockingPolicyWhileBrowserSignInWorks() throws Exception {
        assertEquals(200, oauth.doAccessTokenRequest(signInWithCode("bob")).getStatusCode());

        browser.fresh();
        oauth.scope("openid offline_access");
        try {
            AccessTokenResponse refused = oauth.doAccessTokenRequest(signInWithCode("bob"));
            assertEquals(400, refused.getStatusCode());
            assertEquals("invalid_scope", refused.getError());
        } finally {
            oauth.scope("openid");
        }
    }

    private HttpResponse<String> endSessions(String policyId, String token) throws Exception {
        String url = realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/gatehouse/policies/" + policyId + "/sessions";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private java.util.Optional<EventRepresentation> lastEvent(String type, String username) {
        String userId = realm.admin().users().search(username, true).get(0).getId();
        return realm.admin().getEvents(List.of(type), null, userId, null, null, null, 0, 10).stream().findFirst();
    }

    private Map<String, String> lastLogin(String username) {
        String userId = realm.admin().users().search(username, true).get(0).getId();
        List<EventRepresentation> events = realm.admin().getEvents(List.of("LOGIN"), null, userId, null, null, null, 0, 10);
        return events.get(0).getDetails();
    }
}
