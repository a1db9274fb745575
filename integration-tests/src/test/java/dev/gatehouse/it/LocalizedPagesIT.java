package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

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

/**
 * Gatehouse's pages and email speak the user's language, chosen by Keycloak's usual rules: the page's language
 * menu ({@code kc_locale}), the user's {@code locale} attribute, the client's {@code ui_locales}, the locale
 * cookie, the browser's Accept-Language, else the realm default. Realm gh-pages has internationalization on with
 * en, de, fr, es, pt-BR and ja; ada and hans (locale de) verify by email code, keiko and sven (group
 * /sso-partners) at "Partner SSO".
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class LocalizedPagesIT {

    @InjectRealm(fromJson = "pages-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    private Browser browser;
    private OtpPage otp;
    private SsoPage sso;
    private Mailbox mailbox;

    @BeforeEach
    void newBrowserSession() {
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
        otp = new OtpPage(driver);
        sso = new SsoPage(driver);
        mailbox = new Mailbox(mailServer);
    }

    @Test
    void userWithLocaleDeGetsTheCodePageAndTheEmailInGerman() throws Exception {
        int mails = mailbox.count();
        browser.passwordStep("hans");

        assertTrue(otp.isShown());
        assertEquals("de", pageLanguage());
        assertEquals("Bestätigen Sie, dass Sie es sind", title());
        assertTrue(text("gatehouse-otp-instruction").startsWith("Wir haben einen Einmalcode an h***@partner.example gesendet. Er ist 5 Minuten"),
                text("gatehouse-otp-instruction"));
        assertEquals("Einmalcode (6 Ziffern)", driver.findElement(By.cssSelector("label[for=code]")).getText().replace("*", "").trim());
        assertEquals("Bestätigen", driver.findElement(By.id("gatehouse-otp-submit")).getText());
        assertTrue(text("gatehouse-otp-why").startsWith("Ihre Organisation bittet"), text("gatehouse-otp-why"));

        MimeMessage mail = mailbox.next(mails);
        assertEquals("Ihr Anmeldecode", mail.getSubject());
        String code = Mailbox.code(mail);
        String plain = Mailbox.plainText(mail);
        assertTrue(plain.contains("Der Code ist 5 Minuten lang gültig und funktioniert nur einmal."), plain);
        assertTrue(plain.contains("Diese E-Mail enthält keinen Link"), plain);
        String html = Mailbox.html(mail);
        assertTrue(html.contains("<html lang=\"de\""), html);
        assertTrue(html.contains("aria-label=\"Ihr Code lautet " + String.join(" ", code.split("")) + "\""), html);
        assertTrue(html.contains(">" + code + "</span>"), "the code alone in its element, to select and copy: " + html);

        otp.enter(OtpPage.wrongCode(code));
        assertEquals("Dieser Code ist nicht richtig. Verbleibende Versuche: 2.", otp.fieldError());
        assertEquals("true", otp.codeInputAttribute("aria-invalid"));
        assertEquals("input-error-code gatehouse-otp-instruction", otp.codeInputAttribute("aria-describedby"),
                "the error is read out with the field");
    }

    @Test
    void userWithoutLocaleGetsTheRealmDefaultEnglish() throws Exception {
        int mails = mailbox.count();
        browser.passwordStep("ada");

        assertEquals("en", pageLanguage());
        assertEquals("Confirm it is you", title());
        assertEquals("gatehouse-otp-instruction", otp.codeInputAttribute("aria-describedby"));
        MimeMessage mail = mailbox.next(mails);
        assertEquals("Your sign-in code", mail.getSubject());
        String html = Mailbox.html(mail);
        assertTrue(html.contains("<html lang=\"en\""), html);
        assertTrue(Mailbox.plainText(mail).contains("The code is valid for 5 minutes and works once."));
        assertTrue(!html.contains("<a ") && !html.contains("<img"), "no link, no image, no tracking pixel: " + html);
    }

    @Test
    void oneMinuteIsSingularOnThePageAndInTheEmail() throws Exception {
        org.keycloak.representations.idm.ComponentRepresentation policy = realm.admin().components()
                .query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider").stream()
                .filter(c -> "Partners verify by email".equals(c.getName())).findFirst().orElseThrow();
        policy.getConfig().putSingle("otpLifetimeSeconds", "60");
        realm.admin().components().component(policy.getId()).update(policy);
        try {
            int mails = mailbox.count();
            browser.passwordStep("hans");
            assertTrue(text("gatehouse-otp-instruction").endsWith("Er ist 1 Minute lang gültig."), text("gatehouse-otp-instruction"));
            String german = Mailbox.plainText(mailTo("hans@partner.example", mails));
            assertTrue(german.contains("Der Code ist 1 Minute lang gültig"), german);

            browser.fresh();
            browser.passwordStep("ada");
            assertTrue(text("gatehouse-otp-instruction").endsWith("It is valid for 1 minute."), text("gatehouse-otp-instruction"));
            String english = Mailbox.plainText(mailTo("ada@partner.example", mails));
            assertTrue(english.contains("The code is valid for 1 minute and works once."), english);
        } finally {
            policy.getConfig().putSingle("otpLifetimeSeconds", "300");
            realm.admin().components().component(policy.getId()).update(policy);
        }
    }

    /** The first mail to {@code address} after the first {@code countBefore}. */
    private MimeMessage mailTo(String address, int countBefore) throws Exception {
        for (int n = countBefore; ; n++) {
            MimeMessage mail = mailbox.at(n);
            if (address.equals(Mailbox.recipient(mail))) {
                return mail;
            }
        }
    }

    @Test
    void uiLocalesFromTheClientSelectsTheSsoPageLanguage() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("ja", new String[] {"ご本人確認", "Partner SSO で続行"});
        expected.put("de", new String[] {"Bestätigen Sie, dass Sie es sind", "Weiter mit Partner SSO"});
        expected.put("fr", new String[] {"Confirmez votre identité", "Continuer avec Partner SSO"});
        expected.put("es", new String[] {"Confirme su identidad", "Continuar con Partner SSO"});
        expected.put("pt-BR", new String[] {"Confirme que é você", "Continuar com Partner SSO"});
        expected.forEach((language, texts) -> {
            browser.fresh();
            oauth.loginForm().uiLocales(language).open();
            loginPage.fillLogin("keiko", "keiko-pw");
            loginPage.submit();

            assertTrue(sso.isShown(), language);
            assertEquals(language, pageLanguage());
            assertEquals(texts[0], title(), language);
            assertEquals(texts[1], sso.buttonText(), language);
        });
    }

    @Test
    void languageMenuSwitchesTheSsoPageAndErrorsKeepTheirApostrophes() {
        browser.passwordStep("sven");
        assertEquals("en", pageLanguage());
        String french = driver.findElement(By.cssSelector("#login-select-toggle option[value*='kc_locale=fr']")).getAttribute("value");
        driver.open(URI.create(realm.getBaseUrl()).resolve(french).toString()); // choosing "Français" in the menu

        assertTrue(sso.isShown());
        assertEquals("fr", pageLanguage());
        assertEquals("Continuer avec Partner SSO", sso.buttonText());

        sso.proceed();
        String state = SsoPage.stateAt(driver.getCurrentUrl());
        driver.open(realm.getBaseUrl() + "/broker/partner-oidc/endpoint?error=access_denied&state=" + state);

        assertTrue(sso.isShown());
        assertEquals("fr", pageLanguage(), "the choice holds for the rest of the sign-in");
        assertEquals("La connexion auprès de votre entreprise n'a pas abouti. Réessayez quand vous êtes prêt.", sso.alert());
        assertEquals("gatehouse-sso-error gatehouse-sso-instruction",
                driver.findElement(By.id("gatehouse-sso-continue")).getAttribute("aria-describedby"), "the button names the error");
        assertTrue(sso.why().startsWith("Votre organisation demande"), sso.why());
    }

    private String pageLanguage() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    private String title() {
        return driver.findElement(By.id("kc-page-title")).getText().trim();
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }
}
