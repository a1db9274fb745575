package dev.gatehouse.it;

import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

/** The test browser as a person uses it: a new browser session, the password step of a sign-in. */
final class Browser {

    private final ManagedRealm realm;
    private final ManagedWebDriver driver;
    private final OAuthClient oauth;
    private final LoginPage loginPage;

    Browser(ManagedRealm realm, ManagedWebDriver driver, OAuthClient oauth, LoginPage loginPage) {
        this.realm = realm;
        this.driver = driver;
        this.oauth = oauth;
        this.loginPage = loginPage;
    }

    /** Forgets the realm's cookies (HtmlUnit deletes only those of the current page): a new browser session. */
    void fresh() {
        driver.open(realm.getBaseUrl() + "/account");
        driver.cookies().deleteAll();
    }

    /** Opens the client's sign-in and submits the username and password. */
    void passwordStep(String username, String password) {
        oauth.openLoginForm();
        loginPage.fillLogin(username, password);
        loginPage.submit();
    }

    /** The test realms' convention: the password is the username followed by -pw. */
    void passwordStep(String username) {
        passwordStep(username, username + "-pw");
    }

    /** Signs in with the password and the emailed code; answers the authorization code. */
    String signInWithCode(String username, Mailbox mailbox, OtpPage otp) throws Exception {
        int mails = mailbox.count();
        passwordStep(username);
        org.junit.jupiter.api.Assertions.assertTrue(otp.isShown(), "the step-up asks " + username + " for a code");
        otp.enter(Mailbox.code(mailbox.next(mails)));
        String code = oauth.parseLoginResponse().getCode();
        org.junit.jupiter.api.Assertions.assertNotNull(code);
        return code;
    }
}
