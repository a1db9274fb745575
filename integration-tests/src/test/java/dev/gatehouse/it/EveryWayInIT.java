package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.DefaultOAuthClientConfiguration;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;

/**
 * Every way into realm gh-enforce, set up as the docs' minimal setup says — only the browser flow changed,
 * identity providers added the ordinary way (no post login flow, Keycloak's "first broker login") — for each kind
 * of user: ada and lena (email code), pat (SSO at upstream-oidc), bob (email code, token access blocked), tess (test-mode
 * user of an email-code policy), tom (same domain, not a test user: untouched) and olivia (internal). Realm
 * gh-upstream is their OIDC and SAML provider, where mallory's account claims lena's address without verifying it.
 * Each way in ends verified or refused.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class EveryWayInIT {

    private static final Pattern ACTION_LINK = Pattern.compile("(https?://\\S+/login-actions/action-token\\S+)");

    @InjectRealm(fromJson = "enforce-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "upstream", fromJson = "enforce-upstream-realm.json")
    ManagedRealm upstream;

    @InjectOAuthClient(config = EnforceClient.class)
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    @InjectAdminClient
    Keycloak adminClient;

    private OtpPage otp;
    private SsoPage sso;
    private Browser browser;
    private RealmEvents events;
    private FirstLoginPages firstLogin;

    /** The test client with the device grant and standard token exchange switched on. */
    public static final class EnforceClient extends DefaultOAuthClientConfiguration {
        @Override
        public ClientBuilder configure(ClientBuilder client) {
            return super.configure(client)
                    .attribute("oauth2.device.authorization.grant.enabled", "true")
                    .attribute("standard.token.exchange.enabled", "true");
        }
    }

    @BeforeEach
    void newBrowser() {
        otp = new OtpPage(driver);
        sso = new SsoPage(driver);
        firstLogin = new FirstLoginPages(driver, loginPage);
        browser = new Browser(realm, driver, oauth, loginPage);
        freshBrowser();
        events = new RealmEvents(realm);
    }

    // --- the wiring -----------------------------------------------------------------------------------------

    @Test
    void gatehouseWiresEveryProviderAndTheBackstopWithoutHandWork() {
        for (String alias : List.of("upstream-oidc", "upstream-saml")) {
            IdentityProviderRepresentation provider = realm.admin().identityProviders().get(alias).toRepresentation();
            assertEquals("gatehouse post login", provider.getPostBrokerLoginFlowAlias(), alias);
            assertEquals("gatehouse first broker login", provider.getFirstBrokerLoginFlowAlias(), alias);
        }
        List<AuthenticationExecutionInfoRepresentation> firstLogin =
                realm.admin().flows().getExecutions("gatehouse first broker login");
        assertEquals("gatehouse-external-user-step-up", firstLogin.get(firstLogin.size() - 1).getProviderId(),
                "Keycloak's first broker login, with the step-up at the end");
        RequiredActionProviderRepresentation backstop = realm.admin().flows().getRequiredAction("gatehouse-verification-check");
        assertTrue(backstop.isEnabled());

        IdentityProviderRepresentation added = new IdentityProviderRepresentation();
        added.setAlias("added-later");
        added.setProviderId("oidc");
        added.setConfig(Map.of("authorizationUrl", "http://localhost:8080/x", "tokenUrl", "http://localhost:8080/y",
                "clientId", "c", "clientSecret", "s", "clientAuthMethod", "client_secret_post"));
        realm.admin().identityProviders().create(added).close();
        try {
            IdentityProviderRepresentation wired = realm.admin().identityProviders().get("added-later").toRepresentation();
            assertEquals("gatehouse post login", wired.getPostBrokerLoginFlowAlias(), "a new provider is wired at once");
            assertEquals("gatehouse first broker login", wired.getFirstBrokerLoginFlowAlias());
        } finally {
            realm.admin().identityProviders().get("added-later").remove();
        }

        String gaps = whatIf("ada");
        assertTrue(gaps.contains("Registration"), gaps);
        assertTrue(gaps.contains("Reset credentials"), gaps);
        assertFalse(gaps.contains("upstream-oidc") || gaps.contains("Browser flow"), "the providers and the browser flow verify: " + gaps);
    }

    // --- the browser flow -------------------------------------------------------------------------------------

    @Test
    void passwordSignInIsVerifiedForEveryUserAPolicyAppliesTo() throws Exception {
        for (String user : List.of("ada", "bob", "tess")) {
            freshBrowser();
            var mails = mailsNow();
            browser.passwordStep(user);
            assertCodeAskedThenSignedIn(user, mails);
        }
        freshBrowser();
        browser.passwordStep("pat");
        assertTrue(sso.isShown(), "pat verifies at the vendor's provider");
        assertNull(authorizationCode());
        sso.proceed();
        upstreamSignIn("pat");
        assertSignedIn("pat");
        for (String user : List.of("olivia", "tom")) {
            freshBrowser();
            browser.passwordStep(user);
            assertSignedIn(user);
        }
    }

    // --- sign-ins that start at an identity provider ------------------------------------------------------------

    @Test
    void signInStartingAtAProviderRunsTheStepUp() throws Exception {
        for (String user : List.of("ada", "bob", "tess")) {
            freshBrowser();
            var mails = mailsNow();
            oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
            upstreamSignIn(user);
            assertCodeAskedThenSignedIn(user, mails);
            assertEquals("upstream-oidc", events.last("LOGIN", user).getDetails().get("identity_provider"));
        }
        freshBrowser();
        var mails = mailsNow();
        oauth.openLoginForm();
        driver.findElement(By.id("social-upstream-saml")).click(); // the login page's button
        upstreamSignIn("ada");
        assertCodeAskedThenSignedIn("ada", mails);

        freshBrowser();
        oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
        upstreamSignIn("pat");
        assertSignedIn("pat"); // signing in at the policy's own provider is the verification
        for (String user : List.of("olivia", "tom")) {
            freshBrowser();
            oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
            upstreamSignIn(user);
            assertSignedIn(user);
        }
    }

    @Test
    void aNewUserFromAProviderVerifiesBeforeTheAccountIsLinked() throws Exception {
        var mails = mailsNow();
        oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
        upstreamSignIn("newbie");
        firstLogin.fillProfileIfAsked();
        assertTrue(otp.isShown(), "a new user a policy applies to verifies in first broker login: " + page());
        assertNull(authorizationCode());
        otp.enter(Mailbox.code(newMailTo("newbie@partner.example", mails)));
        assertSignedIn("newbie");
    }

    // --- linking an upstream account to an existing user --------------------------------------------------------

    @Test
    void takeoverByLinkingAnUnverifiedUpstreamAccountWithThePasswordIsRefused() throws Exception {
        var mails = mailsNow();
        oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
        upstreamSignIn("mallory"); // upstream claims lena@partner.example, unverified
        firstLogin.addToExistingAccountWithPassword("lena-pw"); // the attacker knows lena's password

        assertTrue(otp.isShown(), "linking needs lena's verification, not only her password: " + page());
        assertNull(authorizationCode());
        assertTrue(links("lena").isEmpty(), "nothing is linked before the verification");
        Mailbox.code(newCodeTo("lena@partner.example", mails)); // the code went to lena, not to the attacker
        assertTrue(events.of("LOGIN", "lena").isEmpty(), "lena is not signed in");

        // Later, the upstream credentials alone do not sign in as lena: still an unknown account.
        freshBrowser();
        oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
        upstreamSignIn("mallory");
        firstLogin.fillProfileIfAsked();
        assertTrue(firstLogin.offersLinking(), "asked again to link: " + page());
        assertNull(authorizationCode());
        assertTrue(events.of("LOGIN", "lena").isEmpty());
    }

    @Test
    void linkingWithThePasswordAndTheUsersOwnCodeLinksTheAccount() throws Exception {
        var mails = mailsNow();
        oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
        upstreamSignIn("mallory"); // here: lena's own account upstream, and lena at the keyboard
        firstLogin.addToExistingAccountWithPassword("lena-pw");
        assertTrue(otp.isShown(), page());
        try {
            otp.enter(Mailbox.code(newCodeTo("lena@partner.example", mails)));
            assertSignedIn("lena");
            assertEquals(List.of("up-mallory"), links("lena").stream().map(FederatedIdentityRepresentation::getUserId).toList(),
                    "linked once verified");
        } finally {
            links("lena").forEach(l -> realm.admin().users().get(userId("lena")).removeFederatedIdentity(l.getIdentityProvider()));
        }
    }

    @Test
    void linkingByTheEmailLinkAlsoNeedsTheVerification() throws Exception {
        var mails = mailsNow();
        oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
        upstreamSignIn("mallory");
        firstLogin.addToExistingAccount(); // Keycloak mails lena a link to confirm
        String link = actionLink(newMailTo("lena@partner.example", mails));
        var beforeCode = mailsNow();
        driver.open(link);
        assertTrue(otp.isShown(), "after the email link, the policy's verification: " + page());
        assertNull(authorizationCode());
        assertTrue(links("lena").isEmpty(), "not linked before it");
        try {
            otp.enter(Mailbox.code(newMailTo("lena@partner.example", beforeCode)));
            assertSignedIn("lena");
            assertEquals(1, links("lena").size());
        } finally {
            links("lena").forEach(l -> realm.admin().users().get(userId("lena")).removeFederatedIdentity(l.getIdentityProvider()));
        }
    }

    // --- registration, reset credentials, action-token links --------------------------------------------------

    @Test
    void registrationOfAUserAPolicyAppliesToEndsAtTheBackstop() throws Exception {
        register("rita", "rita@partner.example");
        assertRefusedByTheBackstop("rita", "registration");
        var mails = mailsNow();
        browser.passwordStep("rita", "rita-pw-Long1");
        assertCodeAskedThenSignedIn("rita", mails);

        freshBrowser();
        register("rob", "rob@corp.example");
        assertSignedIn("rob");
    }

    @Test
    void resetCredentialsEndsAtTheBackstopAndTheUserSignsInAgain() throws Exception {
        realm.admin().users().get(userId("ada")).logout();
        resetPassword("ada", "ada-pw-Reset1");
        assertRefusedByTheBackstop("ada", "reset-credentials");
        freshBrowser();
        var mails = mailsNow();
        browser.passwordStep("ada", "ada-pw-Reset1");
        assertCodeAskedThenSignedIn("ada", mails);
        setPassword("ada", "ada-pw");

        freshBrowser();
        resetPassword("olivia", "olivia-pw-Reset1");
        assertSignedIn("olivia");
        setPassword("olivia", "olivia-pw");
    }

    @Test
    void anExecuteActionsEmailLinkIssuesNothing() throws Exception {
        realm.admin().users().get(userId("ada")).logout();
        var mails = mailsNow();
        realm.admin().users().get(userId("ada")).executeActionsEmail(List.of("UPDATE_PASSWORD"));
        driver.open(actionLink(newMailTo("", mails)));
        if (!driver.driver().findElements(By.partialLinkText("proceed")).isEmpty()) {
            driver.findElement(By.partialLinkText("proceed")).click();
        }
        newPassword("ada-pw-Action1");
        assertNull(authorizationCode(), "an info page, no session: " + page());
        assertTrue(page().contains("updated"), page());
        assertTrue(realm.admin().users().get(userId("ada")).getUserSessions().isEmpty(), "no SSO session for ada");
        setPassword("ada", "ada-pw");
    }

    // --- SAML, the account console, impersonation --------------------------------------------------------------

    @Test
    void samlIdpInitiatedSsoIssuesAnAssertionOnlyAfterTheVerification() throws Exception {
        HtmlUnitDriver htmlUnit = (HtmlUnitDriver) driver.driver();
        htmlUnit.setJavascriptEnabled(false); // keep the assertion's auto-posting form on the page
        try {
            var mails = mailsNow();
            driver.open(realm.getBaseUrl() + "/protocol/saml/clients/saml-app");
            loginPage.fillLogin("ada", "ada-pw");
            loginPage.submit();
            assertTrue(otp.isShown(), page());
            assertTrue(driver.driver().findElements(By.name("SAMLResponse")).isEmpty());
            otp.enter(Mailbox.code(newMailTo("", mails)));
            assertFalse(driver.driver().findElements(By.name("SAMLResponse")).isEmpty(), "an assertion after the code: " + page());

            freshBrowser();
            driver.open(realm.getBaseUrl() + "/protocol/saml/clients/saml-app");
            loginPage.fillLogin("olivia", "olivia-pw");
            loginPage.submit();
            assertFalse(driver.driver().findElements(By.name("SAMLResponse")).isEmpty(), "internal: at once");
        } finally {
            htmlUnit.setJavascriptEnabled(true);
        }
    }

    @Test
    void samlSpInitiatedSsoIssuesAnAssertionOnlyAfterTheVerification() throws Exception {
        HtmlUnitDriver htmlUnit = (HtmlUnitDriver) driver.driver();
        htmlUnit.setJavascriptEnabled(false);
        try {
            var mails = mailsNow();
            driver.open(realm.getBaseUrl() + "/protocol/saml?SAMLRequest=" + authnRequest());
            loginPage.fillLogin("ada", "ada-pw");
            loginPage.submit();
            assertTrue(otp.isShown(), page());
            assertTrue(driver.driver().findElements(By.name("SAMLResponse")).isEmpty());
            otp.enter(Mailbox.code(newMailTo("", mails)));
            assertFalse(driver.driver().findElements(By.name("SAMLResponse")).isEmpty(), "an assertion after the code: " + page());
        } finally {
            htmlUnit.setJavascriptEnabled(true);
        }
    }

    /** A minimal unsigned AuthnRequest from saml-app, for the HTTP-Redirect binding (deflated, base64, URL-encoded). */
    private static String authnRequest() {
        String xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
                + "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_" + java.util.UUID.randomUUID() + "\" Version=\"2.0\" "
                + "IssueInstant=\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\" "
                + "AssertionConsumerServiceURL=\"http://localhost:8500/saml-app/acs\" "
                + "ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"><saml:Issuer>saml-app</saml:Issuer>"
                + "</samlp:AuthnRequest>";
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFLATED, true);
        deflater.setInput(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[4096];
        int length = deflater.deflate(buffer);
        deflater.end();
        return java.net.URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer, length)),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theAccountConsoleSignInNeedsTheVerification() {
        // The account console's own sign-in request (a public client with PKCE), as its page sends it.
        driver.open(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=account-console&response_type=code"
                + "&scope=openid&redirect_uri=" + java.net.URLEncoder.encode(realm.getBaseUrl() + "/account/", java.nio.charset.StandardCharsets.UTF_8)
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        loginPage.fillLogin("ada", "ada-pw");
        loginPage.submit();
        assertTrue(otp.isShown(), "the account console's sign-in runs the step-up: " + page());
    }

    @Test
    void impersonatingAUserWhosePolicyVerifiesIsRefused() {
        impersonate("ada");
        oauth.openLoginForm();
        assertNull(authorizationCode());
        assertFalse(otp.isShown(), "no code is mailed to ada for an admin's session");
        assertTrue(page().contains("signing in on their behalf is not allowed"), page());
        EventRepresentation refused = events.of("LOGIN_ERROR", "ada").get(0);
        assertEquals("gatehouse_impersonation_refused", refused.getError());
        assertNotNull(refused.getDetails().get("gatehouse_impersonator"), "names the admin");

        freshBrowser();
        impersonate("olivia");
        oauth.openLoginForm();
        assertSignedIn("olivia");
    }

    // --- a realm whose flows leave a way in to the backstop alone ---------------------------------------------

    @Test
    void withoutTheStepUpInTheBrowserFlowTheBackstopRefusesAndTheTokenEndpointToo() {
        realm.admin().users().get(userId("ada")).logout();
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setBrowserFlow("browser"); // Keycloak's own, without the step-up
        realm.admin().update(rep);
        try {
            assertTrue(whatIf("ada").contains("Browser flow 'browser'"), "what-if names the gap");
            browser.passwordStep("ada");
            assertRefusedByTheBackstop("ada", "authenticate");
            freshBrowser();
            browser.passwordStep("olivia");
            assertSignedIn("olivia");

            // With the backstop switched off as well, the code still buys no tokens.
            RequiredActionProviderRepresentation backstop = realm.admin().flows().getRequiredAction("gatehouse-verification-check");
            backstop.setEnabled(false);
            realm.admin().flows().updateRequiredAction("gatehouse-verification-check", backstop);
            try {
                freshBrowser();
                browser.passwordStep("ada");
                String code = authorizationCode();
                assertNotNull(code, "nothing in the browser stops ada now: " + page());
                AccessTokenResponse tokens = oauth.doAccessTokenRequest(code);
                assertEquals(400, tokens.getStatusCode());
                assertEquals("invalid_grant", tokens.getError());
                assertTrue(tokens.getErrorDescription().contains("did not include the verification"), tokens.getErrorDescription());
            } finally {
                backstop.setEnabled(true);
                realm.admin().flows().updateRequiredAction("gatehouse-verification-check", backstop);
            }
        } finally {
            rep.setBrowserFlow("gatehouse browser");
            realm.admin().update(rep);
            realm.admin().users().get(userId("ada")).logout();
        }
    }

    @Test
    void anAdminsOwnPostLoginFlowWithoutTheStepUpIsLeftAloneReportedAndBackstopped() throws Exception {
        realm.admin().users().get(userId("ada")).logout();
        org.keycloak.representations.idm.AuthenticationFlowRepresentation own = new org.keycloak.representations.idm.AuthenticationFlowRepresentation();
        own.setAlias("admin post login");
        own.setProviderId("basic-flow");
        own.setTopLevel(true);
        own.setBuiltIn(false);
        realm.admin().flows().createFlow(own).close();
        realm.admin().flows().addExecution("admin post login", Map.of("provider", "allow-access-authenticator"));
        AuthenticationExecutionInfoRepresentation allow = realm.admin().flows().getExecutions("admin post login").get(0);
        allow.setRequirement("REQUIRED");
        realm.admin().flows().updateExecutions("admin post login", allow);
        IdentityProviderRepresentation provider = realm.admin().identityProviders().get("upstream-oidc").toRepresentation();
        provider.setPostBrokerLoginFlowAlias("admin post login");
        realm.admin().identityProviders().get("upstream-oidc").update(provider);
        try {
            assertEquals("admin post login",
                    realm.admin().identityProviders().get("upstream-oidc").toRepresentation().getPostBrokerLoginFlowAlias(),
                    "the admin's choice stays");
            assertTrue(whatIf("ada").contains("upstream-oidc: post login flow 'admin post login'"), "what-if names the gap");

            oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
            upstreamSignIn("ada");
            assertRefusedByTheBackstop("ada", "post-broker-login");
            freshBrowser();
            oauth.loginForm().param("kc_idp_hint", "upstream-oidc").open();
            upstreamSignIn("olivia");
            assertSignedIn("olivia");
        } finally {
            provider.setPostBrokerLoginFlowAlias("gatehouse post login");
            realm.admin().identityProviders().get("upstream-oidc").update(provider);
            String id = realm.admin().flows().getFlows().stream().filter(f -> "admin post login".equals(f.getAlias()))
                    .findFirst().orElseThrow().getId();
            realm.admin().flows().deleteFlow(id);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private void freshBrowser() {
        new Browser(upstream, driver, oauth, loginPage).fresh();
        browser.fresh();
    }

    private void assertCodeAskedThenSignedIn(String user, java.util.Set<String> mailsBefore) throws Exception {
        assertTrue(otp.isShown(), user + " is asked for the emailed code: " + page());
        assertNull(authorizationCode(), "nothing is issued before the code");
        otp.enter(Mailbox.code(newMailTo(realm.admin().users().search(user, true).get(0).getEmail(), mailsBefore)));
        assertSignedIn(user);
    }

    private void assertRefusedByTheBackstop(String user, String path) {
        assertNull(authorizationCode(), "refused: " + page());
        assertTrue(page().contains("did not include the verification"), page());
        EventRepresentation refused = events.of("LOGIN_ERROR", user).stream()
                .filter(e -> "gatehouse_verification_missing".equals(e.getError())).findFirst()
                .orElseThrow(() -> new AssertionError("no backstop event for " + user));
        assertEquals(path, refused.getDetails().get("gatehouse_path"));
        assertTrue(realm.admin().users().get(userId(user)).getUserSessions().isEmpty(), "no SSO session for " + user);
    }

    /** Ids of the messages GreenMail holds now (it lists them grouped by mailbox, not in the order they came). */
    private java.util.Set<String> mailsNow() throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var message : mailServer.getReceivedMessages()) {
            ids.add(message.getMessageID());
        }
        return ids;
    }

    /** A message to the address that was not there before; waits for it. */
    private jakarta.mail.internet.MimeMessage newMailTo(String address, java.util.Set<String> before) throws Exception {
        return newMailTo(address, before, false);
    }

    /** The new message with a one-time code to the address (Keycloak's own link emails may come too). */
    private jakarta.mail.internet.MimeMessage newCodeTo(String address, java.util.Set<String> before) throws Exception {
        return newMailTo(address, before, true);
    }

    private jakarta.mail.internet.MimeMessage newMailTo(String address, java.util.Set<String> before, boolean withCode) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            var all = mailServer.getReceivedMessages();
            for (var message : all) {
                if (!before.contains(message.getMessageID()) && Mailbox.recipient(message).contains(address)
                        && (!withCode || !message.getSubject().toLowerCase().contains("link"))) {
                    return message;
                }
            }
            mailServer.waitForIncomingEmail(1_000, all.length + 1);
        }
        throw new AssertionError("no new email to " + address);
    }

    private static String actionLink(jakarta.mail.internet.MimeMessage message) throws Exception {
        Matcher m = ACTION_LINK.matcher(Mailbox.plainText(message));
        assertTrue(m.find(), "a link in the email");
        return m.group(1);
    }

    private void upstreamSignIn(String username) {
        assertTrue(driver.getCurrentUrl().contains("/realms/gh-upstream/"), "at the provider: " + driver.getCurrentUrl());
        loginPage.fillLogin(username, username + "-pw");
        loginPage.submit();
    }

    private void register(String username, String email) {
        oauth.openLoginForm();
        driver.findElement(By.partialLinkText("Register")).click();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("firstName")).sendKeys("New");
        driver.findElement(By.id("lastName")).sendKeys("User");
        driver.findElement(By.id("password")).sendKeys(username + "-pw-Long1");
        driver.findElement(By.id("password-confirm")).sendKeys(username + "-pw-Long1");
        driver.findElement(By.id("kc-register-form")).submit();
    }

    private void resetPassword(String username, String password) throws Exception {
        var mails = mailsNow();
        oauth.openLoginForm();
        driver.findElement(By.partialLinkText("Forgot")).click();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("kc-reset-password-form")).submit();
        driver.open(actionLink(newMailTo("", mails)));
        newPassword(password);
    }

    private void newPassword(String password) {
        driver.findElement(By.id("password-new")).sendKeys(password);
        driver.findElement(By.id("password-confirm")).sendKeys(password);
        driver.findElement(By.id("kc-passwd-update-form")).submit();
    }

    private void setPassword(String username, String password) {
        var credential = new org.keycloak.representations.idm.CredentialRepresentation();
        credential.setType("password");
        credential.setValue(password);
        credential.setTemporary(false);
        realm.admin().users().get(userId(username)).resetPassword(credential);
    }

    /** Keycloak's impersonation through the admin API; the session cookies it sets go into the test browser. */
    private void impersonate(String username) {
        HttpResponse<String> response = AdminRest.send(adminClient, "POST",
                AdminRest.adminBase(realm) + "/users/" + userId(username) + "/impersonation", null);
        assertEquals(200, response.statusCode(), response.body());
        driver.open(realm.getBaseUrl() + "/account");
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (name.startsWith("KEYCLOAK_") && !value.isEmpty()) {
                driver.driver().manage().addCookie(new Cookie(name, value, "/realms/" + realm.getName() + "/"));
            }
        }
    }

    private String whatIf(String username) {
        HttpResponse<String> response = AdminRest.send(adminClient, "GET",
                AdminRest.adminBase(realm) + "/gatehouse/what-if?username=" + username, null);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private List<FederatedIdentityRepresentation> links(String username) {
        return realm.admin().users().get(userId(username)).getFederatedIdentity();
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String page() {
        return driver.getCurrentUrl() + "\n" + driver.driver().getPageSource();
    }

    private String authorizationCode() {
        String url = driver.getCurrentUrl();
        return url.startsWith(oauth.config().getRedirectUri()) && url.contains("code=") ? oauth.parseLoginResponse().getCode() : null;
    }

    private void assertSignedIn(String user) {
        assertNotNull(authorizationCode(), user + " is signed in: the client received an authorization code; at " + page());
    }
}
