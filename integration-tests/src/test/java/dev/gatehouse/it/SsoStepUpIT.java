package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.admin.client.Keycloak;
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
import org.keycloak.common.util.MultivaluedHashMap;
import org.openqa.selenium.By;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;

/**
 * Step-up by delegated SSO against a real upstream: realm gh-partner on the same server answers over OIDC
 * (partner-oidc) and SAML (partner-saml). Local xavier, yvonne, gwen and stu are linked to their upstream
 * namesakes over OIDC, sam over SAML; ada, uma and nora are not linked, and their policy links by verified
 * email. gwen's policy wants acr "gold" and falls back to an email code; stu's wants "gold" and refuses.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class SsoStepUpIT {

    @InjectRealm(fromJson = "sso-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "partner", fromJson = "sso-upstream-realm.json")
    ManagedRealm partner;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private static final String UPSTREAM_LOGOUT = "http://localhost:8080/realms/gh-partner/protocol/openid-connect/logout";

    private Browser browser;
    private SsoPage sso;
    private RealmEvents events;

    @BeforeEach
    void newBrowser() {
        browser = new Browser(realm, driver, oauth, loginPage);
        new Browser(partner, driver, oauth, loginPage).fresh();
        browser.fresh();
        sso = new SsoPage(driver);
        events = new RealmEvents(realm);
        // Several tests count a refusal as a failed login; two within Keycloak's quick-login window (1 s) lock the
        // user for a minute, which the next test of the same user would inherit.
        realm.admin().attackDetection().clearAllBruteForce();
    }

    @Test
    void linkedUserVerifiesAtTheirProviderAndSignsIn() {
        browser.passwordStep("xavier");
        assertTrue(sso.isShown(), "after the password, an external user is sent on to the provider");
        assertNull(authorizationCode(), "nothing is issued before the provider answers");
        assertEquals("Continue with Partner SSO", sso.buttonText());

        sso.proceed();
        upstreamSignIn("xavier");

        assertSignedIn();
        Map<String, String> details = events.last("LOGIN", "xavier").getDetails();
        assertEquals("sso", details.get("gatehouse_step_up"));
        assertEquals("partner-oidc", details.get("identity_provider"));
        assertEquals("matched", details.get("gatehouse_sso_outcome"));
        assertEquals("OIDC partners", details.get("gatehouse_policy"));
        assertTrue(realm.admin().identityProviders().get("partner-oidc").getMappers().stream()
                .anyMatch(m -> "gatehouse-sso-step-up-guard".equals(m.getIdentityProviderMapper())),
                "the guard is added to the provider on first use");
    }

    @Test
    void answerForAnotherLinkedUserSignsInNobodyAndLinksNothing() {
        browser.passwordStep("xavier");
        sso.proceed();
        upstreamSignIn("yvonne"); // knows xavier's password, but is yvonne at the provider

        assertNull(authorizationCode(), "neither xavier nor yvonne is signed in");
        assertFalse(sso.isShown());
        assertNotNull(loginPage.getUsername(), "the password is asked again");
        assertTrue(driver.driver().getPageSource().contains("belonged to a different person"), "the page says why");
        assertEquals(1, events.errors("xavier", "gatehouse_sso_other_user"));
        // xavier's policy lets the provider answer from its session, so the page links to the provider's sign-out.
        assertTrue(driver.driver().getPageSource().contains("sign out at Partner SSO (" + UPSTREAM_LOGOUT + ")"),
                "the page names the provider's sign-out address");
        assertEquals(List.of("u-xavier"), links("xavier", "partner-oidc"));
        assertEquals(List.of("u-yvonne"), links("yvonne", "partner-oidc"));
        assertTrue(events.of("LOGIN", "yvonne").isEmpty(), "yvonne is not signed in");
        Map<String, Object> status = realm.admin().attackDetection().bruteForceUserStatus(userId("xavier"));
        assertTrue(((Number) status.get("numFailures")).intValue() >= 1, "counted for brute-force detection: " + status);
    }

    @Test
    void aGuardSavedThroughRestWithAnEmptyConfigGuardsAsTheOneGatehouseAdds() {
        var provider = realm.admin().identityProviders().get("partner-oidc");
        provider.getMappers().stream().filter(m -> "gatehouse-sso-step-up-guard".equals(m.getIdentityProviderMapper()))
                .forEach(m -> provider.delete(m.getId()));
        org.keycloak.representations.idm.IdentityProviderMapperRepresentation guard =
                new org.keycloak.representations.idm.IdentityProviderMapperRepresentation();
        guard.setName("guard saved through REST");
        guard.setIdentityProviderAlias("partner-oidc");
        guard.setIdentityProviderMapper("gatehouse-sso-step-up-guard");
        guard.setConfig(new java.util.HashMap<>());
        try (Response created = provider.addMapper(guard)) {
            assertEquals(201, created.getStatus());
        }

        browser.passwordStep("xavier");
        sso.proceed();
        upstreamSignIn("yvonne");

        assertNull(authorizationCode(), "the answer for another person signs in nobody");
        assertTrue(driver.driver().getPageSource().contains("belonged to a different person"));
        assertEquals(1, events.errors("xavier", "gatehouse_sso_other_user"));
        assertEquals(List.of("guard saved through REST"), provider.getMappers().stream()
                .filter(m -> "gatehouse-sso-step-up-guard".equals(m.getIdentityProviderMapper()))
                .map(m -> m.getName()).toList(), "it is the guard; none other was added");
    }

    @Test
    void afterSigningOutAtTheProviderAsTheLinkSaysThePersonCanTryAgain() {
        browser.passwordStep("xavier");
        sso.proceed();
        upstreamSignIn("yvonne");
        assertTrue(driver.driver().getPageSource().contains(UPSTREAM_LOGOUT));
        driver.open(UPSTREAM_LOGOUT);
        driver.findElement(By.id("kc-logout")).click(); // the provider's own confirmation

        browser.passwordStep("xavier");
        sso.proceed();
        upstreamSignIn("xavier"); // asked afresh: yvonne is no longer signed in there
        assertSignedIn();
    }

    @Test
    void anOldUpstreamSessionIsRefusedAndAFreshSignInPasses() {
        String policy = createPolicy(freshPolicyWithDefaults());
        try {
            browser.passwordStep("xavier"); // no forced sign-in, but the default age limit of 5 minutes
            sso.proceed();
            upstreamSignIn("xavier");
            assertSignedIn();

            timeOffSet.set(6 * 60); // the provider's session is now 6 minutes old, and still alive
            browser.fresh(); // a new sign-in here; the provider keeps its session
            browser.passwordStep("xavier");
            sso.proceed();
            assertTrue(sso.isShown(), "the provider answered from its 6-minute-old session: refused");
            assertTrue(sso.alert().contains("more than 5 minutes ago"), sso.alert());
            assertNull(authorizationCode());
            assertEquals(1, events.errors("xavier", "gatehouse_sso_stale_sign_in"));

            browser.fresh();
            browser.passwordStep("fay"); // her policy was saved without the fresh sign-in keys: on by default
            sso.proceed();
            String request = driver.getCurrentUrl();
            assertTrue(request.contains("prompt=login"), request);
            assertTrue(request.contains("code_challenge_method=S256"), "PKCE towards the provider: " + request);
            upstreamSwitchAccount("xavier"); // asked again instead of an answer from the old session
            upstreamSignIn("fay");
            assertSignedIn();
            assertEquals("matched", events.last("LOGIN", "fay").getDetails().get("gatehouse_sso_outcome"));
        } finally {
            realm.admin().components().component(policy).remove();
        }
    }

    @Test
    void aSignInThroughTheProviderFromAnOldSessionThereIsNotTheVerification() {
        String policy = createPolicy(freshPolicyWithDefaults());
        try {
            browser.passwordStep("fay");
            sso.proceed();
            upstreamSignIn("fay");
            assertSignedIn();

            timeOffSet.set(6 * 60);
            browser.fresh();
            oauth.openLoginForm();
            driver.findElement(By.id("social-partner-oidc")).click(); // the provider answers from its old session
            assertTrue(sso.isShown(), "a 6-minute-old sign-in at the policy's provider does not count in its post-login flow");
            assertNull(authorizationCode());
            sso.proceed();
            upstreamReauthenticate("fay");
            assertSignedIn();
        } finally {
            realm.admin().components().component(policy).remove();
        }
    }

    @Test
    void whenTheProviderSignsInAgainAPersonRefusedAsSomeoneElseRetriesAtOnce() {
        String policy = createPolicy(freshPolicyWithDefaults());
        try {
            browser.passwordStep("fay");
            sso.proceed();
            upstreamSignIn("yvonne");
            assertNull(authorizationCode());
            assertEquals(1, events.errors("fay", "gatehouse_sso_other_user"));
            assertTrue(driver.driver().getPageSource().contains("when Partner SSO asks, sign in there with your own account"),
                    "the page says how to try again");

            browser.passwordStep("fay"); // still signed in as yvonne at the provider, and no need to sign out there
            sso.proceed();
            upstreamSwitchAccount("yvonne");
            upstreamSignIn("fay");
            assertSignedIn();
        } finally {
            realm.admin().components().component(policy).remove();
        }
    }

    @Test
    void unlinkedAnswerForUserWithAnotherAccountAtTheProviderIsRefused() {
        browser.passwordStep("xavier");
        sso.proceed();
        upstreamSignIn("zed");

        assertNull(authorizationCode());
        assertEquals(1, events.errors("xavier", "gatehouse_sso_other_user"));
        assertEquals(List.of("u-xavier"), links("xavier", "partner-oidc"));
        assertTrue(realm.admin().users().search("zed", true).isEmpty(), "no user is created for the answer");
    }

    @Test
    void aFirstSsoStepUpReachesASecurityWebhookAsOnePassedStepUpAndOneLink() {
        try (SecurityWebhook siem = new SecurityWebhook(realm, adminClient)) {
            browser.passwordStep("lia");
            sso.proceed();
            upstreamSignIn("lia");
            assertSignedIn();
            assertEquals(List.of("u-lia"), links("lia", "partner-oidc"));

            String lia = userId("lia");
            ProvisioningTargets.awaitTrue(() -> !siem.messagesAbout("security.step_up_passed", lia).isEmpty()
                    && !siem.messagesAbout("security.identity_linked", lia).isEmpty(), "the decisions reach the webhook");
            siem.drained();
            assertEquals(1, siem.messagesAbout("security.step_up_passed", lia).size(),
                    "one step-up, one pass (the link is not a second one): " + siem.types());
            assertEquals("LOGIN", siem.messagesAbout("security.step_up_passed", lia).get(0).path("data").path("type").asText());
            assertEquals("linked", siem.messagesAbout("security.step_up_passed", lia).get(0)
                    .path("data").path("details").path("gatehouse_sso_outcome").asText());
            assertEquals(1, siem.messagesAbout("security.identity_linked", lia).size());
            assertEquals("FEDERATED_IDENTITY_LINK", siem.messagesAbout("security.identity_linked", lia).get(0).path("data").path("type").asText());
        }
    }

    @Test
    void firstVerificationLinksTheUserWhenTheProviderAssertsTheSameVerifiedEmail() {
        browser.passwordStep("ada");
        sso.proceed();
        upstreamSignIn("ada");

        assertSignedIn();
        assertEquals(List.of("u-ada"), links("ada", "partner-oidc"));
        assertEquals("linked", events.last("LOGIN", "ada").getDetails().get("gatehouse_sso_outcome"));
        EventRepresentation link = events.last("FEDERATED_IDENTITY_LINK", "ada");
        assertEquals("partner-oidc", link.getDetails().get("identity_provider"));
    }

    @Test
    void linkingByEmailRefusesAnotherEmailAndLetsTheUserRetry() {
        browser.passwordStep("nora");
        sso.proceed();
        upstreamSignIn("zed");

        assertTrue(sso.isShown(), "the user may try again");
        assertTrue(sso.alert().contains("different email address"), sso.alert());
        assertNull(authorizationCode());
        assertTrue(links("nora", "partner-oidc").isEmpty());
        assertEquals(1, events.errors("nora", "gatehouse_sso_email_mismatch"));
    }

    @Test
    void linkingByEmailRefusesAnEmailTheProviderDidNotVerify() {
        browser.passwordStep("uma");
        sso.proceed();
        upstreamSignIn("uma");

        assertTrue(sso.isShown());
        assertNull(authorizationCode());
        assertTrue(links("uma", "partner-oidc").isEmpty());
        assertEquals(1, events.errors("uma", "gatehouse_sso_email_not_verified"));
    }

    @Test
    void linkingByEmailRefusesAnAnswerWithoutEmail() {
        browser.passwordStep("nora");
        sso.proceed();
        upstreamSignIn("nora"); // no email at the provider

        assertTrue(sso.isShown());
        assertNull(authorizationCode());
        assertTrue(links("nora", "partner-oidc").isEmpty());
        assertEquals(1, events.errors("nora", "gatehouse_sso_email_not_verified"));
    }

    @Test
    void samlLinkedUserVerifiesAndAnotherPersonIsRefused() {
        browser.passwordStep("sam");
        assertEquals("Continue with Partner SAML", sso.buttonText());
        sso.proceed();
        upstreamSignIn("yvonne");
        assertNull(authorizationCode());
        assertEquals(1, events.errors("sam", "gatehouse_sso_other_user"));

        // Still signed in at the provider as yvonne: the policy makes the provider ask again (ForceAuthn) instead of
        // answering for yvonne at once; the user switches to their own account there.
        browser.passwordStep("sam");
        sso.proceed();
        upstreamSwitchAccount("yvonne");
        upstreamSignIn("sam");
        assertSignedIn();
        Map<String, String> details = events.last("LOGIN", "sam").getDetails();
        assertEquals("partner-saml", details.get("identity_provider"));
        assertEquals("matched", details.get("gatehouse_sso_outcome"));
        assertEquals(List.of("sam"), links("sam", "partner-saml"));
    }

    @Test
    void weakAuthenticationContextFallsBackToAnEmailCode() throws Exception {
        Mailbox mailbox = new Mailbox(mailServer);
        OtpPage otp = new OtpPage(driver);
        int mails = mailbox.count();
        browser.passwordStep("gwen");
        sso.proceed();
        upstreamSignIn("gwen");

        assertTrue(otp.isShown(), "the provider asserted acr 1, not gold: an email code instead");
        otp.enter(Mailbox.code(mailbox.next(mails)));
        assertSignedIn();
        Map<String, String> details = events.last("LOGIN", "gwen").getDetails();
        assertEquals("sso", details.get("gatehouse_step_up"));
        assertEquals("email-fallback", details.get("gatehouse_sso_outcome"));
    }

    @Test
    void weakAuthenticationContextIsRefusedWithoutFallback() {
        browser.passwordStep("stu");
        sso.proceed();
        upstreamSignIn("stu");

        assertTrue(sso.isShown());
        assertTrue(sso.alert().contains("not strong enough"), sso.alert());
        assertNull(authorizationCode());
        assertEquals(1, events.errors("stu", "gatehouse_sso_weak_context"));
    }

    @Test
    void withoutForcedLoginTheProviderAnswersFromItsOwnSessionAndWithItAsksAgain() {
        browser.passwordStep("uma"); // her policy lets the provider answer from its own session
        sso.proceed();
        upstreamSignIn("zed");
        assertTrue(sso.isShown());
        sso.proceed();
        assertFalse(driver.getCurrentUrl().contains("/realms/gh-partner/"), "the provider answered at once, as zed again");
        assertEquals(2, events.errors("uma", "gatehouse_sso_email_mismatch"));

        browser.passwordStep("stu"); // his policy makes the provider sign the user in again (prompt=login)
        sso.proceed();
        upstreamSwitchAccount("zed");
        upstreamSignIn("stu");
        assertTrue(sso.isShown(), "too weak for stu's policy");
        sso.proceed();
        upstreamReauthenticate("stu"); // the provider asks for stu's password again despite his session there
        assertTrue(sso.isShown());
        assertEquals(2, events.errors("stu", "gatehouse_sso_weak_context"));
    }

    @Test
    void cancellingAtTheProviderShowsTheStepAgainAndRetrySucceeds() {
        browser.passwordStep("xavier");
        sso.proceed();
        String state = SsoPage.stateAt(driver.getCurrentUrl());
        driver.open(realm.getBaseUrl() + "/broker/partner-oidc/endpoint?error=access_denied&state=" + state);

        assertTrue(sso.isShown(), "back at the step, not at the password");
        assertTrue(sso.alert().contains("not completed"), sso.alert());
        assertEquals(1, events.errors("xavier", "gatehouse_sso_not_completed"));

        sso.proceed();
        upstreamSignIn("xavier");
        assertSignedIn();
    }

    @Test
    void anotherBrowserCannotUseTheStateOfAStepUp() {
        browser.passwordStep("xavier");
        sso.proceed();
        String providerUrl = driver.getCurrentUrl();

        browser.fresh(); // the attacker's browser: no cookies of the victim's sign-in
        new Browser(partner, driver, oauth, loginPage).fresh();
        driver.open(providerUrl);
        upstreamSignIn("yvonne");

        assertNull(authorizationCode(), "a foreign state signs in nobody");
        assertTrue(events.of("LOGIN", "yvonne").isEmpty());
        assertTrue(events.of("LOGIN", "xavier").isEmpty());
    }

    @Test
    void aProviderAnswerReplayedAfterTheSignInSignsInNobody() {
        browser.passwordStep("xavier");
        sso.proceed();
        String providerUrl = driver.getCurrentUrl();
        upstreamSignIn("xavier");
        assertSignedIn();

        browser.fresh();
        driver.open(providerUrl); // the provider still holds the session, so it answers again at once
        assertNull(authorizationCode(), "the answer to a finished step-up is worth nothing");
        assertEquals(1, events.of("LOGIN", "xavier").size());
    }

    @Test
    void aSamlResponseReplayedFromAnotherBrowserSignsInNobody() throws Exception {
        browser.passwordStep("sam");
        sso.proceed();
        HtmlUnitDriver htmlUnit = (HtmlUnitDriver) driver.driver();
        htmlUnit.setJavascriptEnabled(false); // keep the provider's auto-posting form on the page to copy it
        String samlResponse;
        String relayState;
        try {
            upstreamSignIn("sam");
            samlResponse = driver.findElement(By.name("SAMLResponse")).getAttribute("value");
            relayState = driver.findElement(By.name("RelayState")).getAttribute("value");
            driver.findElement(By.tagName("form")).submit();
        } finally {
            htmlUnit.setJavascriptEnabled(true);
        }
        assertSignedIn();

        // The same signed response posted again, by a client without the victim's cookies.
        String form = "SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
        HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(realm.getBaseUrl() + "/broker/partner-saml/endpoint"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = replay.headers().firstValue("Location").orElse("");
        assertFalse(location.contains("code="), "no authorization code for a replayed response: " + location);
        assertEquals(1, events.of("LOGIN", "sam").size(), "only the real sign-in");
    }

    @Test
    void theStepCannotBeSkippedNorRestartedAround() {
        browser.passwordStep("xavier");
        assertTrue(sso.isShown());
        String stepUrl = driver.getCurrentUrl();

        driver.open(stepUrl);
        assertTrue(sso.isShown(), "reloading the step shows the step");
        oauth.openLoginForm();
        assertNull(authorizationCode(), "a new sign-in in the same browser does not pass the step");
        assertFalse(sso.isShown());
        assertNotNull(loginPage.getUsername(), "it starts with the password again");
        assertTrue(events.of("LOGIN", "xavier").isEmpty());
    }

    @Test
    void signInThroughAProviderStillRunsTheStepUpOfThePolicyInThePostLoginFlow() throws Exception {
        Mailbox mailbox = new Mailbox(mailServer);
        OtpPage otp = new OtpPage(driver);
        int mails = mailbox.count();
        oauth.openLoginForm();
        driver.findElement(By.id("social-partner-saml")).click();
        upstreamSignIn("bea");

        assertTrue(otp.isShown(), "bea's policy asks for an email code, also after a sign-in through a provider");
        assertNull(authorizationCode());
        otp.enter(Mailbox.code(mailbox.next(mails)));
        assertSignedIn();
        assertEquals("partner-saml", events.last("LOGIN", "bea").getDetails().get("identity_provider"));
    }

    @Test
    void signInThroughThePolicysOwnProviderIsTheVerification() {
        oauth.openLoginForm();
        driver.findElement(By.id("social-partner-saml")).click();
        upstreamSignIn("sam");

        assertFalse(sso.isShown(), "no second trip to the provider the user just came from");
        assertSignedIn();
        assertEquals("partner-saml", events.last("LOGIN", "sam").getDetails().get("identity_provider"));
    }

    @Test
    void internalUserIsNotSentToTheProvider() {
        browser.passwordStep("olivia");
        assertFalse(sso.isShown());
        assertSignedIn();
    }

    @Test
    void savingAnSsoPolicyIsValidatedAndEquipsTheProviderWithTheGuard() {
        assertRefused(ssoPolicy("Broken", "nowhere", "false"), "Unknown identity provider nowhere");
        ComponentRepresentation noProvider = ssoPolicy("Broken", "partner-saml", "false");
        noProvider.getConfig().remove("ssoIdentityProvider");
        assertRefused(noProvider, "needs the alias of an identity provider");
        ComponentRepresentation fallbackWithoutContexts = ssoPolicy("Broken", "partner-saml", "false");
        fallbackWithoutContexts.getConfig().putSingle("ssoFallback", "email-otp");
        assertRefused(fallbackWithoutContexts, "needs accepted authentication contexts");

        realm.admin().identityProviders().get("partner-saml").getMappers().stream()
                .filter(m -> "gatehouse-sso-step-up-guard".equals(m.getIdentityProviderMapper()))
                .forEach(m -> realm.admin().identityProviders().get("partner-saml").delete(m.getId()));
        ComponentRepresentation valid = ssoPolicy("Disabled SAML check", "partner-saml", "true");
        try (Response created = realm.admin().components().add(valid)) {
            assertEquals(201, created.getStatus());
            realm.admin().components().component(created.getLocation().getPath().replaceAll(".*/", "")).remove();
        }
        assertTrue(realm.admin().identityProviders().get("partner-saml").getMappers().stream()
                .anyMatch(m -> "gatehouse-sso-step-up-guard".equals(m.getIdentityProviderMapper())));
    }

    @Test
    void aDisabledProviderGivesAClearPageInsteadOfASignIn() {
        IdentityProviderRepresentation provider = realm.admin().identityProviders().get("partner-saml").toRepresentation();
        provider.setEnabled(false);
        realm.admin().identityProviders().get("partner-saml").update(provider);
        try {
            browser.passwordStep("sam");
            sso.proceed();
            assertTrue(driver.driver().getPageSource().contains("not possible right now"), driver.driver().getPageSource());
            assertNull(authorizationCode());
            assertEquals(1, events.errors("sam", "gatehouse_sso_unavailable"));
        } finally {
            provider.setEnabled(true);
            realm.admin().identityProviders().get("partner-saml").update(provider);
        }
    }

    /** A policy for fay saved through REST with only the required keys: fresh sign-in and age limit by default. */
    private ComponentRepresentation freshPolicyWithDefaults() {
        ComponentRepresentation c = ssoPolicy("Fresh OIDC partners", "partner-oidc", "true");
        c.getConfig().putSingle("groups", "/fresh");
        c.getConfig().remove("enabled");
        return c;
    }

    private String createPolicy(ComponentRepresentation policy) {
        try (Response created = realm.admin().components().add(policy)) {
            assertEquals(201, created.getStatus());
            return created.getLocation().getPath().replaceAll(".*/", "");
        }
    }

    private ComponentRepresentation ssoPolicy(String name, String provider, String enabled) {
        ComponentRepresentation c = new ComponentRepresentation();
        c.setName(name);
        c.setProviderId("gatehouse-external-user-policy");
        c.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        c.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", name);
        config.putSingle("enabled", enabled);
        config.putSingle("priority", "99");
        config.putSingle("groups", "/saml-partners");
        config.putSingle("method", "sso");
        config.putSingle("ssoIdentityProvider", provider);
        c.setConfig(config);
        return c;
    }

    private void assertRefused(ComponentRepresentation policy, String message) {
        try (Response response = realm.admin().components().add(policy)) {
            assertEquals(400, response.getStatus());
            String body = response.readEntity(String.class);
            assertTrue(body.contains(message), body);
        }
    }

    /** Signs in at the upstream provider's login page (reached through the broker). */
    private void upstreamSignIn(String username) {
        assertTrue(driver.getCurrentUrl().contains("/realms/gh-partner/"), "at the provider: " + driver.getCurrentUrl());
        loginPage.fillLogin(username, username + "-pw");
        loginPage.submit();
    }

    /** At the provider's re-authentication page for the user it has a session for: sign in there again. */
    private void upstreamReauthenticate(String username) {
        assertEquals(username, upstreamSessionUser(), "the provider asks its signed-in user to sign in again");
        loginPage.fillPassword(username + "-pw");
        loginPage.submit();
    }

    /** At the provider's re-authentication page for another user: restart to sign in as someone else. */
    private void upstreamSwitchAccount(String sessionUser) {
        assertEquals(sessionUser, upstreamSessionUser(), "the provider asks again instead of answering at once");
        driver.findElement(By.id("reset-login")).click();
    }

    private String upstreamSessionUser() {
        assertTrue(driver.getCurrentUrl().contains("/realms/gh-partner/"), "at the provider: " + driver.getCurrentUrl());
        return driver.findElement(By.id("kc-attempted-username")).getAttribute("value");
    }

    private List<String> links(String username, String provider) {
        return realm.admin().users().get(userId(username)).getFederatedIdentity().stream()
                .filter(l -> provider.equals(l.getIdentityProvider()))
                .map(FederatedIdentityRepresentation::getUserId)
                .toList();
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String authorizationCode() {
        String url = driver.getCurrentUrl();
        return url.startsWith(oauth.config().getRedirectUri()) && url.contains("code=") ? oauth.parseLoginResponse().getCode() : null;
    }

    private void assertSignedIn() {
        assertNotNull(authorizationCode(), "signed in: the client received an authorization code; at " + driver.getCurrentUrl());
    }
}
