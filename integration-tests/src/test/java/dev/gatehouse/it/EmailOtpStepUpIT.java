package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
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
import org.keycloak.util.JsonSerialization;

/**
 * External users step up by an email one-time passcode on the real server; internal users are untouched.
 * The realm's policy: users outside corp.example are external, 3 wrong codes allowed, 2 resends, 30 s apart.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailOtpStepUpIT {

    /** Every code a test saw, to prove none reached an event or a log line. */
    private static final Set<String> CODES_SEEN = ConcurrentHashMap.newKeySet();

    @InjectRealm(fromJson = "stepup-realm.json")
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

    private Mailbox mailbox;
    private OtpPage otp;
    private Browser browser;

    @BeforeEach
    void newBrowserSession() {
        mailbox = new Mailbox(mailServer);
        otp = new OtpPage(driver);
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
    }

    @Test
    void internalUserSignsInWithoutCode() {
        int mails = passwordStep("olivia", "olivia-pw");

        assertFalse(otp.isShown());
        assertSignedIn();
        assertEquals(mails, mailbox.count(), "no code is sent to an internal user");
        assertEquals("none", lastEvent("LOGIN", "olivia").getDetails().get("gatehouse_step_up"));
    }

    @Test
    void externalUserCannotFinishWithoutTheCodeAndCanWithIt() throws Exception {
        int mails = passwordStep("ada", "ada-pw");

        assertTrue(otp.isShown(), "an external user is asked for a code after the password");
        assertNull(authorizationCode(), "no authorization code before the one-time code");
        assertEquals("one-time-code", otp.codeInputAttribute("autocomplete"));
        assertEquals("numeric", otp.codeInputAttribute("inputmode"));

        MimeMessage mail = mailbox.next(mails);
        assertEquals("ada@partner.example", Mailbox.recipient(mail));
        assertEquals("Your sign-in code", mail.getSubject());
        String code = seen(Mailbox.code(mail));
        assertTrue(Mailbox.html(mail).contains(code), "the HTML part carries the code too");

        driver.open(driver.getCurrentUrl()); // reloading the page sends no second code
        assertTrue(otp.isShown());
        assertEquals(mails + 1, mailbox.count());

        otp.enter(code);
        assertSignedIn();
        Map<String, String> details = lastEvent("LOGIN", "ada").getDetails();
        assertEquals("email-otp", details.get("gatehouse_step_up"));
        assertEquals("Partners verify by email", details.get("gatehouse_policy"));
        assertEquals("unmanaged-domain", details.get("gatehouse_rule"));
    }

    @Test
    void unverifiedEmailInManagedDomainIsTreatedAsExternal() {
        int mails = passwordStep("mallory", "mallory-pw");

        assertTrue(otp.isShown(), "an email a user could type in themselves does not prove they are internal");
        seen(codeOf(mailbox.next(mails)));
    }

    @Test
    void wrongCodesAreRefusedAndTheLastOneResetsTheSignIn() {
        int mails = passwordStep("grace", "grace-pw");
        String code = seen(codeOf(mailbox.next(mails)));

        otp.enter(OtpPage.wrongCode(code));
        assertTrue(otp.fieldError().contains("Attempts left: 2"), otp.fieldError());
        otp.enter(OtpPage.wrongCode(code));
        assertTrue(otp.fieldError().contains("Attempts left: 1"), otp.fieldError());
        otp.enter(OtpPage.wrongCode(code));

        assertFalse(otp.isShown(), "after the last wrong code the password is asked again");
        assertTrue(loginPage.getUsername() != null);
        assertTrue(otp.alert().contains("Too many wrong codes"), otp.alert());
        assertEquals(2, errors("grace", "gatehouse_otp_invalid"));
        assertEquals(1, errors("grace", "gatehouse_otp_attempts_exceeded"));

        // The code of the reset sign-in is dead; the next sign-in's code works.
        mails = passwordStep("grace", "grace-pw");
        String next = seen(codeOf(mailbox.next(mails)));
        if (!next.equals(code)) {
            otp.enter(code);
            assertTrue(otp.fieldError().contains("not right"), otp.fieldError());
        }
        otp.enter(next);
        assertSignedIn();
    }

    @Test
    void wrongCodesCountAsFailedLoginsForBruteForceDetection() throws InterruptedException {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setBruteForceProtected(true);
        rep.setFailureFactor(30);
        realm.admin().update(rep);
        try {
            int mails = passwordStep("grace", "grace-pw");
            String code = seen(codeOf(mailbox.next(mails)));
            otp.enter(OtpPage.wrongCode(code));
            otp.enter(OtpPage.wrongCode(code));

            String graceId = realm.admin().users().search("grace", true).get(0).getId();
            int failures = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
            while (failures < 2 && System.nanoTime() < deadline) { // Keycloak records failures on a background thread
                failures = ((Number) realm.admin().attackDetection().bruteForceUserStatus(graceId).get("numFailures")).intValue();
                Thread.sleep(100);
            }
            assertEquals(2, failures);
        } finally {
            realm.admin().attackDetection().clearAllBruteForce();
            rep.setBruteForceProtected(false);
            realm.admin().update(rep);
        }
    }

    @Test
    void expiredCodeIsRefusedAndANewOneCanBeRequested() {
        int mails = passwordStep("ada", "ada-pw");
        String code = seen(codeOf(mailbox.next(mails)));

        timeOffSet.set(301);
        otp.enter(code);
        assertTrue(otp.fieldError().contains("expired"), otp.fieldError());
        assertEquals(1, errors("ada", "gatehouse_otp_expired"));

        otp.resend();
        String fresh = seen(codeOf(mailbox.next(mails + 1)));
        otp.enter(fresh);
        assertSignedIn();
    }

    @Test
    void usedCodeCannotBeReplayedInALaterSignIn() {
        int mails = passwordStep("ada", "ada-pw");
        String used = seen(codeOf(mailbox.next(mails)));
        otp.enter(used);
        assertSignedIn();

        browser.fresh();
        mails = passwordStep("ada", "ada-pw");
        String fresh = seen(codeOf(mailbox.next(mails)));
        if (!fresh.equals(used)) {
            otp.enter(used);
            assertTrue(otp.fieldError().contains("not right"), otp.fieldError());
            assertNull(authorizationCode());
        }
        otp.enter(fresh);
        assertSignedIn();
    }

    @Test
    void codeFromOneBrowserSessionFailsInAnother() {
        int mails = passwordStep("ada", "ada-pw");
        String first = seen(codeOf(mailbox.next(mails)));

        browser.fresh(); // another browser: a new authentication session
        mails = passwordStep("ada", "ada-pw");
        String second = seen(codeOf(mailbox.next(mails)));
        if (!second.equals(first)) {
            otp.enter(first);
            assertTrue(otp.fieldError().contains("not right"), otp.fieldError());
        }
        otp.enter(second);
        assertSignedIn();
    }

    @Test
    void resendCooldownAndLimitHold() {
        int mails = passwordStep("ada", "ada-pw");
        String first = seen(codeOf(mailbox.next(mails)));

        otp.resend();
        assertTrue(otp.fieldError().contains("wait"), otp.fieldError());
        assertEquals(mails + 1, mailbox.count(), "no code is sent during the cooldown");
        assertEquals(1, errors("ada", "gatehouse_otp_resend_throttled"));

        timeOffSet.set(31);
        otp.resend();
        String second = seen(codeOf(mailbox.next(mails + 1)));
        if (!second.equals(first)) {
            otp.enter(first);
            assertTrue(otp.fieldError().contains("not right"), "a resend makes the previous code useless");
        }
        timeOffSet.set(62);
        otp.resend();
        String third = seen(codeOf(mailbox.next(mails + 2)));
        assertFalse(otp.canResend(), "two resends are the limit");

        otp.enter(third);
        assertSignedIn();
    }

    @Test
    void userWithoutEmailGetsAClearPageAndNoSession() {
        int mails = passwordStep("nomad", "nomad-pw");

        assertFalse(otp.isShown());
        assertTrue(driver.driver().getPageSource().contains("no usable email address"));
        assertNull(authorizationCode());
        assertEquals(mails, mailbox.count());
        assertEquals(1, errors("nomad", "gatehouse_otp_no_email"));
        String id = realm.admin().users().search("nomad", true).get(0).getId();
        assertTrue(realm.admin().users().get(id).getUserSessions().isEmpty());
    }

    @Test
    void mailServerDownGivesAClearPageAndNoSession() {
        RealmRepresentation rep = realm.admin().toRepresentation();
        Map<String, String> smtp = Map.copyOf(rep.getSmtpServer());
        Map<String, String> broken = new java.util.HashMap<>(smtp);
        broken.put("port", "1");
        rep.setSmtpServer(broken);
        realm.admin().update(rep);
        try {
            passwordStep("ada", "ada-pw");
            assertTrue(driver.driver().getPageSource().contains("could not send your code"));
            assertNull(authorizationCode());
            assertEquals(1, errors("ada", "gatehouse_otp_send_failed"));
        } finally {
            rep.setSmtpServer(smtp);
            realm.admin().update(rep);
        }
    }

    @Test
    void theEleventhWrongCodeAcrossSignInsIsRefusedWithBruteForceDetectionOff() {
        assertFalse(Boolean.TRUE.equals(realm.admin().toRepresentation().isBruteForceProtected()));
        // Saved through REST with the budget keys left out: 10 wrong codes a day, the documented default.
        String policy = createPolicy("Budget defaults", "budget-codes.example", Map.of("otpMaxAttempts", "3"));
        String user = createUser("bruno", "bruno@budget-codes.example");
        try {
            for (int signIn = 1; signIn <= 3; signIn++) { // 3 sign-ins of 3 wrong codes each: 9
                String code = seen(codeOf(mailbox.next(passwordStep("bruno", "bruno-pw"))));
                for (int i = 0; i < 3; i++) {
                    otp.enter(OtpPage.wrongCode(code));
                }
                assertTrue(otp.alert().contains("Too many wrong codes"), "sign-in " + signIn + ": " + otp.alert());
            }
            int mails = passwordStep("bruno", "bruno-pw");
            String code = seen(codeOf(mailbox.next(mails)));
            otp.enter(OtpPage.wrongCode(code)); // the 10th
            assertTrue(otp.fieldError().contains("Attempts left: 2"), otp.fieldError());
            otp.enter(code); // the 11th attempt, right or wrong, is not even compared
            assertBudgetPage();
            assertNull(authorizationCode());
            EventRepresentation refused = lastError("bruno", "gatehouse_otp_budget_spent");
            assertEquals("wrong-codes", refused.getDetails().get("gatehouse_budget"));
            assertEquals("Budget defaults", refused.getDetails().get("gatehouse_policy"));

            browser.fresh();
            mails = passwordStep("bruno", "bruno-pw");
            assertBudgetPage();
            assertEquals(mails, mailbox.count(), "no code is mailed that could not be entered");
        } finally {
            realm.admin().users().get(user).remove();
            realm.admin().components().component(policy).remove();
        }
    }

    @Test
    void codeMailsOverTheBudgetAreNotSentAndTheWindowRolls() {
        String policy = createPolicy("Mail budget", "budget-mails.example", Map.of("otpBudgetMails", "3",
                "otpBudgetWindowMinutes", "60", "otpResendCooldownSeconds", "0", "otpMaxResends", "5"));
        String user = createUser("mona", "mona@budget-mails.example");
        try {
            int mails = passwordStep("mona", "mona-pw");
            seen(codeOf(mailbox.next(mails)));
            otp.resend();
            seen(codeOf(mailbox.next(mails + 1)));
            otp.resend();
            seen(codeOf(mailbox.next(mails + 2)));
            otp.resend(); // a 4th mail within the hour
            assertBudgetPage();
            assertEquals(mails + 3, mailbox.count(), "the mail over the budget is not sent");
            assertEquals("mails", lastError("mona", "gatehouse_otp_budget_spent").getDetails().get("gatehouse_budget"));

            browser.fresh(); // nor in a new sign-in
            passwordStep("mona", "mona-pw");
            assertBudgetPage();
            assertEquals(mails + 3, mailbox.count());

            timeOffSet.enableForCaches(); // the store's slots expire on the server's (shifted) clock
            timeOffSet.set(3601);
            browser.fresh();
            passwordStep("mona", "mona-pw");
            assertTrue(otp.isShown(), "an hour later the budget is back");
            otp.enter(seen(codeOf(mailbox.next(mails + 3))));
            assertSignedIn();
        } finally {
            realm.admin().users().get(user).remove();
            realm.admin().components().component(policy).remove();
        }
    }

    private void assertBudgetPage() {
        assertFalse(otp.isShown());
        assertTrue(driver.driver().getPageSource().contains("Too many codes were requested or entered for this account"),
                driver.driver().getPageSource());
    }

    private EventRepresentation lastError(String username, String error) {
        return events("LOGIN_ERROR", username).stream().filter(e -> error.equals(e.getError())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + error + " event for " + username));
    }

    /** A policy saved through the admin REST API with only the keys given; priority over the realm's own policy. */
    private String createPolicy(String name, String externalDomain, Map<String, String> settings) {
        ComponentRepresentation c = new ComponentRepresentation();
        c.setName(name);
        c.setProviderId("gatehouse-external-user-policy");
        c.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        c.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", name);
        config.putSingle("priority", "50");
        config.putSingle("externalDomains", externalDomain);
        settings.forEach(config::putSingle);
        c.setConfig(config);
        try (Response created = realm.admin().components().add(c)) {
            assertEquals(201, created.getStatus(), created.readEntity(String.class));
            return created.getLocation().getPath().replaceAll(".*/", "");
        }
    }

    private String createUser(String username, String email) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(username);
        u.setEmail(email);
        u.setEmailVerified(true);
        u.setEnabled(true);
        u.setFirstName(username);
        u.setLastName("Test");
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(username + "-pw");
        password.setTemporary(false);
        u.setCredentials(List.of(password));
        try (Response created = realm.admin().users().create(u)) {
            assertEquals(201, created.getStatus());
            return created.getLocation().getPath().replaceAll(".*/", "");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noCodeAppearsInAnyEventOrLogLine() throws Exception {
        assertTrue(CODES_SEEN.size() >= 5, "the other tests ran first and saw codes");
        String events = JsonSerialization.writeValueAsString(realm.admin().getEvents(null, null, null, null, null, null, 0, 10_000))
                + JsonSerialization.writeValueAsString(realm.admin().getAdminEvents());
        String log = Files.readString(GatehouseServerConfig.logFile());
        assertTrue(log.contains("Gatehouse sent a one-time code"), "the debug log of the step-up was captured");
        for (String code : CODES_SEEN) {
            Pattern standalone = Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])");
            assertFalse(standalone.matcher(events).find(), "code in events");
            assertFalse(standalone.matcher(log).find(), "code in the server log");
        }
    }

    /** The password step; answers how many mails there were before it. */
    private int passwordStep(String username, String password) {
        int mails = mailbox.count();
        browser.passwordStep(username, password);
        return mails;
    }

    private String authorizationCode() {
        String url = driver.getCurrentUrl();
        return url.contains("code=") && !url.contains("/login-actions/") ? oauth.parseLoginResponse().getCode() : null;
    }

    private void assertSignedIn() {
        assertNotNull(authorizationCode(), "signed in: the client received an authorization code");
    }

    private static String codeOf(MimeMessage mail) {
        try {
            return Mailbox.code(mail);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String seen(String code) {
        CODES_SEEN.add(code);
        return code;
    }

    private List<EventRepresentation> events(String type, String username) {
        String userId = realm.admin().users().search(username, true).get(0).getId();
        return realm.admin().getEvents(List.of(type), null, userId, null, null, null, 0, 1000);
    }

    private EventRepresentation lastEvent(String type, String username) {
        List<EventRepresentation> events = events(type, username);
        assertFalse(events.isEmpty(), "no " + type + " event for " + username);
        return events.get(0);
    }

    /** LOGIN_ERROR events with this error since the test started (events of earlier tests are older). */
    private long errors(String username, String error) {
        long since = TEST_START.get();
        return events("LOGIN_ERROR", username).stream()
                .filter(e -> error.equals(e.getError()) && e.getTime() >= since)
                .count();
    }

    private static final ThreadLocal<Long> TEST_START = ThreadLocal.withInitial(System::currentTimeMillis);

    @BeforeEach
    void markStart() {
        TEST_START.set(System.currentTimeMillis());
    }
}
