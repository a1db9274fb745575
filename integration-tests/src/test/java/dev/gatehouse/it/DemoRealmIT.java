package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.openqa.selenium.By;

/** The README's demo realms (dist/src/demo) do what the demo banner promises, with the users it names. */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class DemoRealmIT {

    @InjectRealm(fromJson = "demo/gatehouse-demo-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "vendor", fromJson = "demo/vendor-upstream-realm.json")
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

    private String authorizationCode() {
        String url = driver.getCurrentUrl();
        return url.startsWith(oauth.config().getRedirectUri()) && url.contains("code=") ? oauth.parseLoginResponse().getCode() : null;
    }

    private void assertSignedIn() {
        assertNotNull(authorizationCode(), "signed in; at " + driver.getCurrentUrl());
    }
}
