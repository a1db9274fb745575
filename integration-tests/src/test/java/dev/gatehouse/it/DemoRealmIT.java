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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/** The README's demo realms (dist/src/demo) do what the demo banner promises, with the users it names. */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class DemoRealmIT {

    @InjectRealm(fromJson = "demo/gatehouse-demo-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "vendor", fromJson = "demo/vendor-realm.json")
    ManagedRealm vendor;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    private Browser browser;

    @BeforeEach
    void newBrowser() {
        new Browser(vendor, driver, oauth, loginPage).fresh();
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
    }

    @Test
    void internalOliviaSignsInWithThePasswordOnly() {
        browser.passwordStep("olivia", "olivia");
        assertSignedIn();
    }

    @Test
    void externalAdaIsAskedForAnEmailCode() throws Exception {
        Mailbox mailbox = new Mailbox(mailServer);
        int mails = mailbox.count();
        browser.passwordStep("ada", "ada");
        OtpPage otp = new OtpPage(driver);
        assertTrue(otp.isShown());
        otp.enter(Mailbox.code(mailbox.next(mails)));
        assertSignedIn();
    }

    @Test
    void vendorPatVerifiesAtTheVendorsProviderAndMalloryCannotStandIn() {
        SsoPage sso = new SsoPage(driver);
        browser.passwordStep("pat", "pat");
        assertTrue(sso.isShown());
        assertTrue(sso.why().contains("every 8 hours"), sso.why());
        sso.proceed();
        String request = driver.getCurrentUrl();
        for (String parameter : List.of("prompt=login", "max_age=300", "code_challenge_method=S256")) {
            assertTrue(request.contains(parameter), "fresh sign-in and PKCE towards the vendor: " + request);
        }
        loginPage.fillLogin("mallory", "mallory-at-vendor");
        loginPage.submit();
        assertNull(authorizationCode(), "mallory at the vendor is not pat");

        // The vendor asks again (prompt=login), so pat retries at once, without signing mallory out there.
        browser.passwordStep("pat", "pat");
        sso.proceed();
        driver.findElement(By.id("reset-login")).click();
        loginPage.fillLogin("pat", "pat-at-vendor");
        loginPage.submit();
        assertFalse(sso.isShown());
        assertSignedIn();
    }

    @Test
    void theDemoAsShippedGetsTheStepUpInItsProvidersFlows() {
        var provider = realm.admin().identityProviders().get("vendor-sso").toRepresentation();
        assertEquals("gatehouse post login", provider.getPostBrokerLoginFlowAlias());
        assertEquals("gatehouse first broker login", provider.getFirstBrokerLoginFlowAlias());
        assertTrue(realm.admin().flows().getRequiredAction("gatehouse-verification-check").isEnabled());
    }

    @Test
    void anUpstreamAccountClaimingAdasAddressCannotTakeOverHerAccountWithHerPassword() throws Exception {
        UserRepresentation eve = new UserRepresentation();
        eve.setUsername("eve");
        eve.setEnabled(true);
        eve.setEmail("ada@partner.example");
        eve.setEmailVerified(false);
        eve.setFirstName("Eve");
        eve.setLastName("Attacker");
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue("eve-at-vendor");
        password.setTemporary(false);
        eve.setCredentials(List.of(password));
        vendor.admin().users().create(eve).close();
        try {
            Mailbox mailbox = new Mailbox(mailServer);
            int mails = mailbox.count();
            oauth.loginForm().param("kc_idp_hint", "vendor-sso").open();
            loginPage.fillLogin("eve", "eve-at-vendor");
            loginPage.submit();
            new FirstLoginPages(driver, loginPage).addToExistingAccountWithPassword("ada");

            assertTrue(new OtpPage(driver).isShown(), "ada's email code, not only her password: " + driver.getCurrentUrl());
            assertNull(authorizationCode());
            mailbox.next(mails);
            String adaId = realm.admin().users().search("ada", true).get(0).getId();
            assertTrue(realm.admin().users().get(adaId).getFederatedIdentity().isEmpty(), "eve's account is not linked to ada");
        } finally {
            vendor.admin().users().get(vendor.admin().users().search("eve", true).get(0).getId()).remove();
        }
    }

    @Test
    void demoUsersHoldKeycloaksDefaultRolesSoOfflineTokensAndTheAccountApiWork() throws Exception {
        oauth.scope("openid offline_access");
        try {
            browser.passwordStep("olivia", "olivia");
            AccessTokenResponse tokens = oauth.doAccessTokenRequest(authorizationCode());
            assertEquals(200, tokens.getStatusCode(), tokens.getErrorDescription());
            assertEquals("Offline", oauth.parseRefreshToken(tokens.getRefreshToken()).getType());

            HttpResponse<String> account = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(realm.getBaseUrl() + "/account/"))
                    .header("Authorization", "Bearer " + tokens.getAccessToken()).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, account.statusCode(), account.body());
            assertTrue(account.body().contains("olivia@corp.example"), account.body());
        } finally {
            oauth.scope("openid");
        }
    }

    @Test
    void patLinksHerVendorAccountOnHerFirstSignInThroughTheVendor() {
        oauth.loginForm().param("kc_idp_hint", "vendor-sso").open();
        loginPage.fillLogin("pat", "pat-at-vendor");
        loginPage.submit();
        new FirstLoginPages(driver, loginPage).addToExistingAccountWithPassword("pat");
        SsoPage sso = new SsoPage(driver);
        assertTrue(sso.isShown(), "linking needs pat's verification at the vendor: " + driver.getCurrentUrl());
        sso.proceed(); // the vendor asks pat to sign in again (a fresh sign-in), for the account being linked
        if (driver.getCurrentUrl().contains("/realms/vendor/")) {
            if (driver.driver().findElements(org.openqa.selenium.By.id("username")).isEmpty()) {
                loginPage.fillPassword("pat-at-vendor");
            } else {
                loginPage.fillLogin("pat", "pat-at-vendor");
            }
            loginPage.submit();
        }
        assertSignedIn();
        String patId = realm.admin().users().search("pat", true).get(0).getId();
        assertEquals(1, realm.admin().users().get(patId).getFederatedIdentity().size());
        realm.admin().users().get(patId).removeFederatedIdentity("vendor-sso");
    }

    @Test
    void aRefusedRefreshIsSavedAsAnEvent() {
        long since = System.currentTimeMillis();
        browser.passwordStep("olivia", "olivia");
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(authorizationCode());
        String olivia = realm.admin().users().search("olivia", true).get(0).getId();
        realm.admin().users().get(olivia).logout();

        AccessTokenResponse refused = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertEquals("invalid_grant", refused.getError());
        // Keycloak does not save this type by default: the demo realm lists it (the docs show such events).
        assertTrue(realm.admin().getEvents(List.of("REFRESH_TOKEN_ERROR"), oauth.config().getClientId(), null, null, null,
                null, 0, 100).stream().anyMatch(e -> e.getTime() >= since), "the realm saves refused refreshes");
    }

    private String authorizationCode() {
        String url = driver.getCurrentUrl();
        return url.startsWith(oauth.config().getRedirectUri()) && url.contains("code=") ? oauth.parseLoginResponse().getCode() : null;
    }

    private void assertSignedIn() {
        assertNotNull(authorizationCode(), "signed in; at " + driver.getCurrentUrl());
    }
}
