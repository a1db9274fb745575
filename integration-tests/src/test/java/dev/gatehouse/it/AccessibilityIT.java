package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Every Gatehouse page and the code email pass axe-core's WCAG 2.1 A/AA rules (and its best practices) with no
 * serious or critical violation, in English and German, in real headless Chromium. With
 * {@code -Dgatehouse.screenshots=true} the same browser saves what it checked into docs/img.
 * Realm gh-pages as in {@link LocalizedPagesIT}.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class AccessibilityIT {

    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");
    private static final List<String> BLOCKING = List.of("serious", "critical");

    @InjectRealm(fromJson = "pages-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectMailServer
    MailServer mailServer;

    private Chromium chromium;
    private Mailbox mailbox;
    private final List<String> blocking = new ArrayList<>();

    @BeforeEach
    void startBrowser() {
        chromium = new Chromium();
        mailbox = new Mailbox(mailServer);
    }

    @AfterEach
    void stopBrowser() {
        chromium.close();
    }

    @Test
    void codePageItsErrorAndTheEmailPassInEnglish() throws Exception {
        codePageAndEmail("ada", "", "en");
    }

    @Test
    void codePageItsErrorAndTheEmailPassInGerman() throws Exception {
        codePageAndEmail("hans", "-de", "de");
    }

    @Test
    void ssoPageAndItsErrorPassInEnglish() throws Exception {
        ssoPage("keiko", null, "", "en");
    }

    @Test
    void ssoPageAndItsErrorPassInGerman() throws Exception {
        ssoPage("sven", "de", "-de", "de");
    }

    private void codePageAndEmail(String user, String suffix, String language) throws Exception {
        int mails = mailbox.count();
        chromium.open(oauth.loginForm().build());
        chromium.signIn(user, user + "-pw");
        assertFalse(chromium.all("gatehouse-otp-form").isEmpty(), "at the code page");
        assertEquals(language, chromium.driver().executeScript("return document.documentElement.lang"));
        check("code page " + language, "login-email-otp" + suffix);

        MimeMessage mail = mailbox.next(mails);
        String code = Mailbox.code(mail);
        chromium.submit("code", OtpPage.wrongCode(code), "gatehouse-otp-submit");
        assertFalse(chromium.all("input-error-code").isEmpty(), "the wrong code is refused at the field");
        check("code page with error " + language, "login-email-otp-error" + suffix);

        chromium.open(asMailReaderShowsIt(mail).toUri().toString());
        assertTrue(chromium.driver().getPageSource().contains(code), "the email shows the code");
        check("code email " + language, "email-otp" + suffix);
        assertNoBlockingViolations();
    }

    private void ssoPage(String user, String uiLocales, String suffix, String language) throws Exception {
        var login = oauth.loginForm();
        chromium.open((uiLocales == null ? login : login.uiLocales(uiLocales)).build());
        chromium.signIn(user, user + "-pw");
        assertFalse(chromium.all("gatehouse-sso-form").isEmpty(), "at the SSO page");
        check("SSO page " + language, "login-sso" + suffix);

        chromium.click("gatehouse-sso-continue");
        String state = SsoPage.stateAt(chromium.driver().getCurrentUrl());
        chromium.open(realm.getBaseUrl() + "/broker/partner-oidc/endpoint?error=access_denied&state=" + state);
        assertFalse(chromium.all("gatehouse-sso-form").isEmpty(), "back at the SSO page");
        check("SSO page with error " + language, "login-sso-error" + suffix);
        assertNoBlockingViolations();
    }

    /** Runs axe on the current page, prints a summary line per page, and notes the blocking violations. */
    private void check(String page, String screenshot) throws IOException {
        Results results = new AxeBuilder().withTags(TAGS).analyze(chromium.driver());
        assertFalse(results.isErrored(), results.getErrorMessage());
        Map<String, Long> byImpact = new TreeMap<>(results.getViolations().stream()
                .collect(Collectors.groupingBy(Rule::getImpact, Collectors.counting())));
        System.out.printf("axe %s: %d violations %s %s, %d passes%n", page, results.getViolations().size(), byImpact,
                results.getViolations().stream().map(r -> r.getId() + "(" + r.getImpact() + ")").toList(),
                results.getPasses().size());
        for (Rule rule : results.getViolations()) {
            if (BLOCKING.contains(rule.getImpact())) {
                blocking.add(page + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getHelp() + " at "
                        + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList());
            }
        }
        if (Boolean.getBoolean("gatehouse.screenshots")) {
            Path dir = Path.of(System.getProperty("gatehouse.screenshots.dir", "../docs/img"));
            Files.createDirectories(dir);
            Files.write(dir.resolve(screenshot + ".png"), chromium.screenshot());
        }
    }

    private void assertNoBlockingViolations() {
        assertEquals(List.of(), blocking, "serious or critical accessibility violations");
    }

    /**
     * The HTML part as a mail reader presents it: the layout of the realm's email theme has no head, and a
     * reader titles the message with its subject, so the subject becomes the document title here.
     */
    private static Path asMailReaderShowsIt(MimeMessage mail) throws Exception {
        String html = Mailbox.html(mail);
        String title = "<head><meta charset=\"utf-8\"><title>" + mail.getSubject().replace("&", "&amp;").replace("<", "&lt;")
                + "</title></head>";
        Path file = Files.createTempFile("gatehouse-email-", ".html");
        Files.writeString(file, html.replaceFirst("<body>", title + "<body>"));
        file.toFile().deleteOnExit();
        return file;
    }
}
