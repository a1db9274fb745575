package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.CibaProvider;
import org.keycloak.testframework.oauth.DefaultOAuthClientConfiguration;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.OAuthIdentityProvider;
import org.keycloak.testframework.oauth.annotations.InjectCibaProvider;
import org.keycloak.testframework.oauth.annotations.InjectOAuthIdentityProvider;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.page.OAuthGrantPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.testsuite.util.oauth.ciba.AuthenticationRequestAcknowledgement;
import org.keycloak.testsuite.util.oauth.device.DeviceAuthorizationResponse;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelResponse;
import org.keycloak.common.util.Time;
import org.keycloak.representations.JsonWebToken;

/**
 * Every way to get tokens, for external and internal users side by side, in a realm whose client policy nobody
 * made by hand: Gatehouse adds it. Ada's policy verifies by email every 15 minutes, Bob's blocks token access,
 * Nora's asks nothing but caps refresh tokens at 60 minutes and offline tokens at 1 day, Olivia is internal.
 * Grants that skip the browser (password, CIBA) are refused to users who verify in it; blocked users lose
 * password, offline, token exchange, device and CIBA. Time moves by the test framework's time offset.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class TokenGrantGuardIT {

    private static final String GUARD = "gatehouse-session-guard";

    @InjectRealm(fromJson = "tokens-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient(config = GrantsClient.class)
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectPage
    OAuthGrantPage grantPage;

    @InjectMailServer
    MailServer mailServer;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectCibaProvider
    CibaProvider ciba;

    @InjectOAuthIdentityProvider
    OAuthIdentityProvider assertionIssuer;

    private Mailbox mailbox;
    private OtpPage otp;
    private Browser browser;

    /** The test client with CIBA, the device grant and standard token exchange switched on. */
    public static final class GrantsClient extends DefaultOAuthClientConfiguration {
        @Override
        public ClientBuilder configure(ClientBuilder client) {
            return super.configure(client)
                    .attribute("oidc.ciba.grant.enabled", "true")
                    .attribute("oauth2.device.authorization.grant.enabled", "true")
                    .attribute("standard.token.exchange.enabled", "true");
        }
    }

    @BeforeEach
    void newBrowser() {
        mailbox = new Mailbox(mailServer);
        otp = new OtpPage(driver);
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
    }

    @Test
    void theRealmGetsTheGuardClientPolicyAndSavingAPolicyKeepsTheAdminsOwn() {
        assertEquals(1, guardPolicies().size(), "added on import, no hand-made client policy in the realm JSON");
        ClientProfilesRepresentation profiles = realm.admin().clientPoliciesProfilesResource().getProfiles(false);
        assertTrue(profiles.getProfiles().stream().anyMatch(p -> GUARD.equals(p.getName())
                && p.getExecutors().stream().anyMatch(e -> GUARD.equals(e.getExecutorProviderId()))));

        ClientProfilesRepresentation originalProfiles = realm.admin().clientPoliciesProfilesResource().getProfiles(false);
        ClientPoliciesRepresentation originalPolicies = realm.admin().clientPoliciesPoliciesResource().getPolicies();
        try {
            ClientProfileRepresentation adminProfile = new ClientProfileRepresentation();
            adminProfile.setName("admin-made");
            adminProfile.setExecutors(List.of());
            List<ClientProfileRepresentation> profileList = new ArrayList<>(originalProfiles.getProfiles());
            profileList.add(adminProfile);
            ClientProfilesRepresentation withAdmin = new ClientProfilesRepresentation();
            withAdmin.setProfiles(profileList);
            realm.admin().clientPoliciesProfilesResource().updateProfiles(withAdmin);
            ClientPolicyRepresentation adminPolicy = new ClientPolicyRepresentation();
            adminPolicy.setName("admin-made");
            adminPolicy.setEnabled(false);
            adminPolicy.setConditions(List.of());
            adminPolicy.setProfiles(List.of("admin-made"));
            // A fresh copy: the original is what the test restores.
            List<ClientPolicyRepresentation> policyList = new ArrayList<>(realm.admin().clientPoliciesPoliciesResource().getPolicies().getPolicies());
            policyList.forEach(p -> p.setEnabled(!GUARD.equals(p.getName()) && Boolean.TRUE.equals(p.isEnabled())));
            policyList.add(adminPolicy);
            ClientPoliciesRepresentation edited = new ClientPoliciesRepresentation();
            edited.setPolicies(policyList);
            realm.admin().clientPoliciesPoliciesResource().updatePolicies(edited);

            savePolicyAgain("Capped contractors");

            List<ClientPolicyRepresentation> after = realm.admin().clientPoliciesPoliciesResource().getPolicies().getPolicies();
            assertTrue(after.stream().anyMatch(p -> "admin-made".equals(p.getName())), "the admin's client policy stays");
            assertEquals(1, guardPolicies().size(), "not added twice");
            assertEquals(Boolean.FALSE, guardPolicies().get(0).isEnabled(), "an admin who disabled the guard keeps it disabled");
        } finally {
            realm.admin().clientPoliciesPoliciesResource().updatePolicies(originalPolicies);
            realm.admin().clientPoliciesProfilesResource().updateProfiles(originalProfiles);
        }
    }

    @Test
    void aDeletedGuardComesBackWhenAPolicyIsSaved() {
        ClientProfilesRepresentation originalProfiles = realm.admin().clientPoliciesProfilesResource().getProfiles(false);
        ClientPoliciesRepresentation originalPolicies = realm.admin().clientPoliciesPoliciesResource().getPolicies();
        try {
            ClientPoliciesRepresentation noPolicies = new ClientPoliciesRepresentation();
            noPolicies.setPolicies(List.of());
            realm.admin().clientPoliciesPoliciesResource().updatePolicies(noPolicies);
            ClientProfilesRepresentation noProfiles = new ClientProfilesRepresentation();
            noProfiles.setProfiles(List.of());
            realm.admin().clientPoliciesProfilesResource().updateProfiles(noProfiles);
            assertEquals(200, oauth.doPasswordGrantRequest("ada", "ada-pw").getStatusCode(), "without the guard the password grant skips the step-up");

            savePolicyAgain("Partners every 15 minutes");

            assertEquals(1, guardPolicies().size());
            assertEquals(Boolean.TRUE, guardPolicies().get(0).isEnabled());
            assertEquals("invalid_grant", oauth.doPasswordGrantRequest("ada", "ada-pw").getError(), "and the guard holds again");
        } finally {
            realm.admin().users().get(userId("ada")).logout();
            realm.admin().clientPoliciesProfilesResource().updateProfiles(originalProfiles);
            realm.admin().clientPoliciesPoliciesResource().updatePolicies(originalPolicies);
        }
    }

    @Test
    void passwordGrantIsRefusedToUsersWhoVerifyInTheBrowserOrAreBlocked() {
        AccessTokenResponse bob = oauth.doPasswordGrantRequest("bob", "bob-pw");
        assertEquals(400, bob.getStatusCode());
        assertEquals("invalid_grant", bob.getError());
        assertEquals("The password grant is not allowed for this user", bob.getErrorDescription());

        AccessTokenResponse ada = oauth.doPasswordGrantRequest("ada", "ada-pw");
        assertEquals(400, ada.getStatusCode());
        assertEquals("invalid_grant", ada.getError());
        assertEquals("The password grant skips the verification this user needs: sign in through the browser", ada.getErrorDescription());
        assertTrue(userSessions("ada").isEmpty(), "no session is left behind");
        EventRepresentation refusal = lastEvent("LOGIN_ERROR", "ada");
        assertEquals("invalid_grant", refusal.getError(), "the refusal is an event");
        assertEquals("Partners every 15 minutes", refusal.getDetails().get("gatehouse_policy"), "naming the policy");
        assertEquals("password", refusal.getDetails().get("gatehouse_grant"));

        assertEquals(200, oauth.doPasswordGrantRequest("nora", "nora-pw").getStatusCode(), "a policy that asks nothing");
        assertEquals(200, oauth.doPasswordGrantRequest("olivia", "olivia-pw").getStatusCode(), "internal users");
    }

    @Test
    void cibaTellsAClientNothingBeforeTheUserAnswersAndThenRefusesBlockedAndVerifyingUsersAlike() throws Exception {
        // Before the user does anything, every request gets the same answer: nothing says who is external.
        AuthenticationRequestAcknowledgement bob = oauth.ciba().backchannelAuthenticationRequest("bob").bindingMessage("bob").send();
        AuthenticationRequestAcknowledgement ada = oauth.ciba().backchannelAuthenticationRequest("ada").bindingMessage("ada").send();
        AuthenticationRequestAcknowledgement olivia = oauth.ciba().backchannelAuthenticationRequest("olivia").bindingMessage("olivia").send();
        for (AuthenticationRequestAcknowledgement ack : List.of(bob, ada, olivia)) {
            assertEquals(200, ack.getStatusCode(), "the request is acknowledged alike for blocked, verifying and internal users");
            assertEquals(null, ack.getError());
        }

        // Once the user has answered on their device, the tokens: one refusal text whether the policy blocks or verifies.
        for (String user : List.of("bob", "ada")) {
            assertEquals(200, oauth.ciba().doAuthenticationChannelCallback(ciba.getAuthChannel(user).getBearerToken(),
                    AuthenticationChannelResponse.Status.SUCCEED));
        }
        AccessTokenResponse bobTokens = oauth.ciba().doBackchannelAuthenticationTokenRequest(bob.getAuthReqId());
        AccessTokenResponse adaTokens = oauth.ciba().doBackchannelAuthenticationTokenRequest(ada.getAuthReqId());
        for (AccessTokenResponse refused : List.of(bobTokens, adaTokens)) {
            assertEquals(400, refused.getStatusCode());
            assertEquals("access_denied", refused.getError());
            assertEquals("CIBA is not available for this user", refused.getErrorDescription());
            assertEquals(null, refused.getAccessToken());
        }
        assertEquals("access_denied", lastEvent("AUTHREQID_TO_TOKEN_ERROR", "bob").getError());
        assertEquals("access_denied", lastEvent("AUTHREQID_TO_TOKEN_ERROR", "ada").getError());
        for (String user : List.of("bob", "ada")) {
            assertTrue(realm.admin().users().get(userId(user)).getUserSessions().isEmpty(), "no session is left for " + user);
        }

        assertEquals(200, oauth.ciba().doAuthenticationChannelCallback(ciba.getAuthChannel("olivia").getBearerToken(),
                AuthenticationChannelResponse.Status.SUCCEED));
        assertEquals(200, oauth.ciba().doBackchannelAuthenticationTokenRequest(olivia.getAuthReqId()).getStatusCode(), "internal users");
    }

    @Test
    void deviceGrantIsRefusedToUsersOfABlockingPolicy() throws Exception {
        DeviceAuthorizationResponse device = oauth.device().doDeviceAuthorizationRequest();
        approveOnDevicePage(device, "bob", true);

        AccessTokenResponse refused = oauth.device().doDeviceTokenRequest(device.getDeviceCode());
        assertEquals(400, refused.getStatusCode());
        assertEquals("access_denied", refused.getError());
        assertEquals("The device authorization grant is not allowed for this user", refused.getErrorDescription());
        assertEquals("access_denied", lastEvent("OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR", "bob").getError());
    }

    @Test
    void deviceGrantWorksForVerifiedAndInternalUsers() throws Exception {
        DeviceAuthorizationResponse ada = oauth.device().doDeviceAuthorizationRequest();
        approveOnDevicePage(ada, "ada", true);
        assertEquals(200, oauth.device().doDeviceTokenRequest(ada.getDeviceCode()).getStatusCode(), "the device page ran the step-up");

        browser.fresh();
        DeviceAuthorizationResponse olivia = oauth.device().doDeviceAuthorizationRequest();
        approveOnDevicePage(olivia, "olivia", false);
        assertEquals(200, oauth.device().doDeviceTokenRequest(olivia.getDeviceCode()).getStatusCode());
    }

    @Test
    void tokenExchangeIsRefusedToUsersOfABlockingPolicy() throws Exception {
        AccessTokenResponse bob = oauth.doAccessTokenRequest(signInWithCode("bob"));
        assertEquals(200, bob.getStatusCode(), "browser sign-in works");

        AccessTokenResponse refused = oauth.doTokenExchange(bob.getAccessToken());
        assertEquals(400, refused.getStatusCode());
        assertEquals("invalid_grant", refused.getError());
        assertEquals("Token exchange is not allowed for this user", refused.getErrorDescription());
        EventRepresentation refusal = lastEvent("TOKEN_EXCHANGE_ERROR", "bob");
        assertEquals("invalid_grant", refusal.getError());
        assertEquals("Blocked vendors", refusal.getDetails().get("gatehouse_policy"));
        assertEquals("token_exchange", refusal.getDetails().get("gatehouse_grant"));
    }

    @Test
    void tokenExchangeAfterTheVerificationRanOutIsRefusedForItsUsersOnly() throws Exception {
        AccessTokenResponse ada = oauth.doAccessTokenRequest(signInWithCode("ada"));
        AccessTokenResponse olivia = oauth.doPasswordGrantRequest("olivia", "olivia-pw");
        assertEquals(200, oauth.doTokenExchange(ada.getAccessToken()).getStatusCode(), "within 15 minutes");

        timeOffSet.set(16 * 60);
        AccessTokenResponse refused = oauth.doTokenExchange(ada.getAccessToken());
        assertEquals("invalid_grant", refused.getError(), "the access token itself lasts an hour: the session limit holds");
        assertEquals("Verification expired: sign in again", refused.getErrorDescription());
        assertEquals(200, oauth.doTokenExchange(olivia.getAccessToken()).getStatusCode(), "internal users are untouched");
    }

    @Test
    void refreshTokensEndAtTheCapAndIssuedOnesExpireByIt() {
        AccessTokenResponse nora = oauth.doPasswordGrantRequest("nora", "nora-pw");
        AccessTokenResponse olivia = oauth.doPasswordGrantRequest("olivia", "olivia-pw");
        assertTrue(nora.getRefreshExpiresIn() <= 60 * 60, "capped below the realm's 2-hour idle: " + nora.getRefreshExpiresIn());
        assertTrue(olivia.getRefreshExpiresIn() > 2 * 60 * 60 - 60, "internal users keep the realm's 2 hours: " + olivia.getRefreshExpiresIn());

        timeOffSet.set(50 * 60);
        AccessTokenResponse refreshed = oauth.doRefreshTokenRequest(nora.getRefreshToken());
        assertEquals(200, refreshed.getStatusCode(), "integrations keep working within the cap");
        assertTrue(refreshed.getRefreshExpiresIn() <= 10 * 60, "refreshing does not extend the cap: " + refreshed.getRefreshExpiresIn());

        timeOffSet.set(61 * 60);
        AccessTokenResponse refused = oauth.doRefreshTokenRequest(refreshed.getRefreshToken());
        assertEquals(400, refused.getStatusCode());
        assertEquals("invalid_grant", refused.getError());
        assertEquals("Token is not active", refused.getErrorDescription(), "the token's own expiry is the cap");
        assertTrue(realm.admin().getEvents(List.of("REFRESH_TOKEN_ERROR"), oauth.config().getClientId(), null, null, null, null, 0, 50)
                .stream().anyMatch(e -> "Token is not active".equals(e.getDetails().get("reason"))), "the refusal is an event");
        assertEquals(200, oauth.doRefreshTokenRequest(olivia.getRefreshToken()).getStatusCode(), "internal users are untouched");
    }

    @Test
    void offlineTokensEndAtTheirCap() {
        oauth.scope("openid offline_access");
        try {
            AccessTokenResponse nora = oauth.doPasswordGrantRequest("nora", "nora-pw");
            AccessTokenResponse olivia = oauth.doPasswordGrantRequest("olivia", "olivia-pw");
            assertEquals("Offline", oauth.parseRefreshToken(nora.getRefreshToken()).getType());
            assertTrue(nora.getRefreshExpiresIn() <= 24 * 60 * 60, "expires within a day: " + nora.getRefreshExpiresIn());

            timeOffSet.set(23 * 60 * 60);
            AccessTokenResponse refreshed = oauth.doRefreshTokenRequest(nora.getRefreshToken());
            assertEquals(200, refreshed.getStatusCode(), "within the day");

            timeOffSet.set(25 * 60 * 60);
            assertEquals("invalid_grant", oauth.doRefreshTokenRequest(refreshed.getRefreshToken()).getError());
            assertEquals(200, oauth.doRefreshTokenRequest(olivia.getRefreshToken()).getStatusCode(), "internal users are untouched");
        } finally {
            oauth.scope("openid");
        }
    }

    @Test
    void aLoweredCapEndsTokensIssuedBefore() {
        AccessTokenResponse nora = oauth.doPasswordGrantRequest("nora", "nora-pw");
        ComponentRepresentation policy = policyComponent("Capped contractors");
        try {
            policy.getConfig().putSingle("refreshTokenMaxMinutes", "15");
            realm.admin().components().component(policy.getId()).update(policy);

            timeOffSet.set(20 * 60);
            AccessTokenResponse refused = oauth.doRefreshTokenRequest(nora.getRefreshToken());
            assertEquals("invalid_grant", refused.getError(), "the token said 60 minutes, the policy now says 15");
            assertEquals("Token lifetime limit reached: sign in again", refused.getErrorDescription());
        } finally {
            policy.getConfig().putSingle("refreshTokenMaxMinutes", "60");
            realm.admin().components().component(policy.getId()).update(policy);
        }
    }

    @Test
    void offlineTokensAreRefusedToBlockedUsersLeavingNoOfflineSession() throws Exception {
        oauth.scope("openid offline_access");
        try {
            AccessTokenResponse refused = oauth.doAccessTokenRequest(signInWithCode("bob"));
            assertEquals("invalid_scope", refused.getError());
            assertEquals("Offline access is not allowed for this user", refused.getErrorDescription());
            EventRepresentation refusal = lastEvent("CODE_TO_TOKEN_ERROR", "bob");
            assertEquals("Blocked vendors", refusal.getDetails().get("gatehouse_policy"), "the refusal's event names the policy");
            assertEquals("offline", refusal.getDetails().get("gatehouse_grant"));
            assertTrue(realm.admin().users().get(userId("bob")).getOfflineSessions(oauth.clientResource().toRepresentation().getId()).isEmpty(),
                    "the offline session made for the refused token is gone");
        } finally {
            oauth.scope("openid");
        }
    }

    @Test
    void offlineTokensIssuedBeforeAPolicyBlockedTokenAccessStopWorking() throws Exception {
        oauth.scope("openid offline_access");
        ComponentRepresentation policy = policyComponent("Partners every 15 minutes");
        try {
            AccessTokenResponse ada = oauth.doAccessTokenRequest(signInWithCode("ada"));
            assertEquals(200, ada.getStatusCode());
            policy.getConfig().putSingle("blockTokenAccess", "true");
            realm.admin().components().component(policy.getId()).update(policy);

            AccessTokenResponse refused = oauth.doRefreshTokenRequest(ada.getRefreshToken());
            assertEquals("invalid_grant", refused.getError());
            assertEquals("Offline access is not allowed for this user", refused.getErrorDescription());
        } finally {
            oauth.scope("openid");
            policy.getConfig().putSingle("blockTokenAccess", "false");
            realm.admin().components().component(policy.getId()).update(policy);
        }
    }

    @Test
    void jwtAuthorizationGrantIsRefusedToUsersWhoVerifyInTheBrowserOrAreBlocked() {
        AccessTokenResponse ada = oauth.doJWTAuthorizationGrantRequest(assertionFor("ada"));
        assertEquals(400, ada.getStatusCode());
        assertEquals("invalid_grant", ada.getError());
        assertEquals("The JWT authorization grant skips the verification this user needs: sign in through the browser", ada.getErrorDescription());
        assertEquals("invalid_grant", lastEvent("JWT_AUTHORIZATION_GRANT_ERROR", "ada").getError(), "the refusal is an event");

        AccessTokenResponse bob = oauth.doJWTAuthorizationGrantRequest(assertionFor("bob"));
        assertEquals("The JWT authorization grant is not allowed for this user", bob.getErrorDescription());

        assertEquals(200, oauth.doJWTAuthorizationGrantRequest(assertionFor("olivia")).getStatusCode(), "internal users");
        assertEquals(200, oauth.doJWTAuthorizationGrantRequest(assertionFor("nora")).getStatusCode(), "a policy that asks nothing");
    }

    /** An assertion from the realm's trusted JWT authorization grant issuer about the user's account there. */
    private String assertionFor(String username) {
        JsonWebToken jwt = new JsonWebToken();
        jwt.id(java.util.UUID.randomUUID().toString());
        jwt.issuer("http://127.0.0.1:8500/idp");
        jwt.subject(username + "-at-idp");
        jwt.audience(realm.getBaseUrl());
        jwt.iat((long) Time.currentTime());
        jwt.exp((long) Time.currentTime() + 60);
        return assertionIssuer.encodeToken(jwt);
    }

    /** Opens the device verification page, signs in (with the emailed code when asked) and approves the device. */
    private void approveOnDevicePage(DeviceAuthorizationResponse device, String username, boolean withCode) throws Exception {
        int mails = mailbox.count();
        driver.open(device.getVerificationUriComplete());
        loginPage.fillLogin(username, username + "-pw");
        loginPage.submit();
        if (withCode) {
            assertTrue(otp.isShown(), "the device sign-in runs the browser flow's step-up");
            otp.enter(Mailbox.code(mailbox.next(mails)));
        }
        grantPage.accept();
    }

    /** Signs in with the emailed code; answers the authorization code. */
    private String signInWithCode(String username) throws Exception {
        return browser.signInWithCode(username, mailbox, otp);
    }

    private void savePolicyAgain(String name) {
        ComponentRepresentation policy = policyComponent(name);
        realm.admin().components().component(policy.getId()).update(policy);
    }

    private ComponentRepresentation policyComponent(String name) {
        return realm.admin().components().query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider")
                .stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private List<ClientPolicyRepresentation> guardPolicies() {
        return realm.admin().clientPoliciesPoliciesResource().getPolicies().getPolicies().stream()
                .filter(p -> GUARD.equals(p.getName())).toList();
    }

    private List<?> userSessions(String username) {
        return realm.admin().users().get(userId(username)).getUserSessions();
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private EventRepresentation lastEvent(String type, String username) {
        return realm.admin().getEvents(List.of(type), null, userId(username), null, null, null, 0, 10).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event for " + username));
    }
}
