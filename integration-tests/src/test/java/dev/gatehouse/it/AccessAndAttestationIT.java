package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import de.captaingoldfish.scim.sdk.common.resources.User;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Time-bound access and attestation (docs/governance.md): end dates set by an admin and by a policy's maximum,
 * sponsors reminded and extending (and refused past the maximum), attestation mails whose confirm and revoke links
 * are clicked in the browser, unanswered users disabled and later deleted unless re-enabled, users without a
 * required sponsor staged the same way, every change deprovisioned at a real SCIM server, and every attack on a link
 * refused with a page and an event. Governance runs every second on the test server; time is moved, never slept.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class AccessAndAttestationIT {

    private static final String REALM = "gh-access";
    private static final String SCIM_TOKEN = "scim-token-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("(https?://\\S+/gatehouse-access/link\\?key=\\S+)");
    private static final long DAY = 86_400;

    private static ScimTestServer scim;

    @InjectRealm(fromJson = "access-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectMailServer
    MailServer mail;

    @InjectWebDriver
    ManagedWebDriver driver;

    private final List<String> components = new ArrayList<>();
    private String sam;
    private long since;

    @BeforeAll
    static void servers() throws IOException {
        scim = ProvisioningTargets.startedScim(REALM, SCIM_TOKEN);
    }

    @AfterAll
    static void stopServers() {
        scim.stop();
    }

    @BeforeEach
    void target() {
        scim.reset();
        since = System.currentTimeMillis();
        sam = realm.admin().users().search("sam", true).get(0).getId();
        components.add(AdminRest.addPageComponent(realm, "gatehouse-provisioning-target", Map.of("name", "app", "kind", "scim",
                "url", scim.baseUrl(), "auth", "bearer", "secret", "${vault.scim-token}")));
    }

    @AfterEach
    void cleanUp() {
        timeOffSet.set(0);
        components.forEach(id -> realm.admin().components().component(id).remove());
        components.clear();
    }

    // ---- the life of external users with a sponsor ------------------------------------------------------------

    @Test
    void sponsoredUsersAreRemindedExtendedAttestedDisabledAndDeletedAndDeprovisionedAtTheTarget() throws Exception {
        policy(Map.of("maxAccessDays", "60", "reminderDaysBeforeEnd", "7", "attestationDays", "30",
                "attestationGraceDays", "7", "deletionGraceDays", "14", "requireSponsor", "true"));
        String ada = external("ada");
        String bob = external("bob");
        String carl = external("carl");
        String erin = external("erin");
        for (String u : List.of(ada, bob, carl, erin)) {
            sponsor(u, sam);
        }
        String dan = external("dan"); // no sponsor, under a policy that requires one
        awaitTrue(() -> active(carl) && active(dan), "the users are provisioned to the SCIM target");

        // end dates: the policy's maximum for everyone, an admin's date within it, refused past it
        awaitTrue(() -> access(bob).get("end") != null, "the policy's maximum gives bob an end date");
        HttpResponse<String> tooLong = setEnd(ada, "{\"days\": 61}");
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("at most 60 days"), tooLong.body());
        assertEquals(200, setEnd(ada, "{\"days\": 20}").statusCode());
        var change = realm.admin().getAdminEvents().stream()
                .filter(e -> ("users/" + ada + "/access/end").equals(e.getResourcePath())).findFirst();
        assertTrue(change.isPresent(), "the admin's change is an admin event");
        assertEquals(change.get().getAuthDetails().getUserId(), endOf(ada).get("setBy"), "the end date names the admin who set it");

        Map<String, Object> plan = dryRun("15");
        assertTrue(steps(plan, ada).contains("remind"), "the dry run names ada's reminder: " + plan);
        assertEquals(400, AdminRest.send(adminClient, "GET", base() + "/dry-run?days=abc", null).statusCode());

        // dan has no sponsor: notified by the next governance run, before any time passes (the grace runs from then)
        awaitTrue(() -> !stage(dan, "notified").isEmpty(), "dan, without a required sponsor, is notified at once");

        // 14 days on: sam is reminded of ada's end; the extension past the maximum is refused, within it works, once
        int mails = mail.getReceivedMessages().length;
        moveDays(14);
        MimeMessage reminder = mailTo("sam@corp.example", "Access ending soon", mails);
        String extend = linksAfter(Mailbox.plainText(reminder), email(ada)).get(0);
        driver.open(extend);
        fill("days", "61");
        click("gatehouse-link-submit");
        assertPage("at most 60 days");
        assertTrue(linkErrors("gatehouse_governance_beyond_maximum", ada) >= 1, "the refusal is an event");
        driver.open(extend);
        fill("days", "50");
        click("gatehouse-link-submit");
        assertPage("now ends");
        Instant extended = Instant.parse((String) endOf(ada).get("end"));
        assertTrue(extended.isAfter(Instant.now().plus(Duration.ofDays(60))), "ada's access runs 50 days from the moved clock: " + extended);
        assertEquals(sam, endOf(ada).get("setBy"));
        driver.open(extend);
        assertPage("used already");

        // dan, notified at day 0, is disabled once the grace period (7 days) is over
        awaitTrue(() -> !enabled(dan), "dan, without a required sponsor, is disabled after the grace period");
        assertTrue(stage(dan, "disabled").stream().anyMatch(e -> "no-sponsor".equals(e.getDetails().get("gatehouse_governance_reason"))));
        awaitTrue(() -> !active(dan), "dan deprovisioned");

        // 31 days on: one attestation mail to sam listing his users, with a confirm and a revoke link each
        mails = mail.getReceivedMessages().length;
        moveDays(31);
        MimeMessage round = mailTo("sam@corp.example", "Please confirm", mails);
        String text = Mailbox.plainText(round);
        for (String u : List.of(ada, bob, carl, erin)) {
            assertTrue(text.contains(email(u)), "the round lists " + email(u));
        }
        assertEquals(1, mailsTo("sam@corp.example", "Please confirm", mails), "one mail for all of sam's users");
        assertFalse(stage(ada, "notified").isEmpty(), "notified is an event");
        driver.open(linksAfter(text, email(ada)).get(0));
        assertPage("still need access");
        click("gatehouse-link-submit");
        assertPage("is confirmed");
        driver.open(linksAfter(text, email(bob)).get(1));
        click("gatehouse-link-submit");
        assertPage("is removed");
        assertFalse(enabled(bob), "a revoked user is disabled at once");
        awaitTrue(() -> !active(bob), "bob deprovisioned at the target");
        awaitTrue(() -> !exists(dan), "dan, disabled past the deletion grace, is deleted");

        // 39 days on: nobody answered for carl and erin: disabled, deprovisioned; an admin re-enables erin
        moveDays(39);
        awaitTrue(() -> !enabled(carl) && !enabled(erin), "unanswered users are disabled after the grace period");
        assertTrue(enabled(ada), "the confirmed user goes on");
        awaitTrue(() -> !active(carl), "carl deprovisioned at the target");
        assertTrue(stage(carl, "disabled").stream().anyMatch(e -> "unanswered".equals(e.getDetails().get("gatehouse_governance_reason"))));
        enable(erin);
        awaitTrue(() -> !stage(erin, "re-enabled").isEmpty(), "the re-enable restarts erin's path");

        // 54 days on: carl is deleted (and bob, revoked at day 31); erin, re-enabled, is not; ada goes on
        String carlAtTarget = scim.userByExternalId(carl).getId().orElseThrow();
        int requestsBefore = scim.requests().size();
        moveDays(54);
        awaitTrue(() -> !exists(carl) && !exists(bob), "disabled users are deleted after the deletion grace");
        // The target deprovisions by deactivating (the default): the deletion reaches it as one more deactivation,
        // and carl stays there, inactive (docs/provisioning.md, `deprovision`).
        awaitTrue(() -> scim.requests().stream().skip(requestsBefore).anyMatch(r -> r.contains("/Users/" + carlAtTarget)),
                "carl's deletion reaches the SCIM target");
        assertFalse(active(carl), "carl stays deactivated at the target");
        assertTrue(exists(erin) && enabled(erin), "a re-enabled user is not deleted");
        assertTrue(enabled(ada));
        assertFalse(stage(carl, "deleted").isEmpty(), "deleted is an event");
    }

    @Test
    void accessAndAMembershipEndAtTheirEndDates() throws Exception {
        policy(Map.of("maxAccessDays", "30", "reminderDaysBeforeEnd", "2"));
        String fay = external("fay");
        sponsor(fay, sam);
        GroupRepresentation projects = realm.admin().groups().groups("projects", 0, 1).get(0);
        realm.admin().users().get(fay).joinGroup(projects.getId());
        assertEquals(200, setEnd(fay, "{\"days\": 10}").statusCode());
        HttpResponse<String> membership = AdminRest.send(adminClient, "PUT", access(fay, "/groups/" + projects.getId() + "/end"), "{\"days\": 5}");
        assertEquals(200, membership.statusCode(), membership.body());
        HttpResponse<String> notMember = AdminRest.send(adminClient, "PUT",
                access(sam, "/end"), "{\"days\": 5}");
        assertEquals(400, notMember.statusCode(), "an internal user has no end date: " + notMember.body());
        awaitTrue(() -> active(fay), "fay provisioned");

        Map<String, Object> plan = dryRun("11");
        List<String> steps = steps(plan, fay);
        assertTrue(steps.contains("end-access") && steps.contains("remind"), "the dry run names both ends and reminders: " + plan);

        moveDays(6);
        awaitTrue(() -> realm.admin().users().get(fay).groups().stream().noneMatch(g -> "projects".equals(g.getName())),
                "the membership ends at its end date");
        assertTrue(enabled(fay), "the user's own access runs on");
        moveDays(11);
        awaitTrue(() -> !enabled(fay), "the user is disabled at the end date");
        awaitTrue(() -> !active(fay), "and deprovisioned at the target");
        assertEquals(2, stage(fay, "access-ended").size(), "each end is an event");
    }

    // ---- attacks on links -------------------------------------------------------------------------------------

    @Test
    void forgedForeignReplayedExpiredAndNotTheirLinksAreRefusedWithAPageAndAnEvent() throws Exception {
        policy(Map.of("attestationDays", "30", "attestationGraceDays", "7"));
        String gil = external("gil");
        String hal = external("hal");
        String ivy = external("ivy");
        for (String u : List.of(gil, hal, ivy)) {
            sponsor(u, sam);
        }
        int mails = mail.getReceivedMessages().length;
        moveDays(31);
        String text = Mailbox.plainText(mailTo("sam@corp.example", "Please confirm", mails));
        String gilConfirm = linksAfter(text, email(gil)).get(0);
        String halConfirm = linksAfter(text, email(hal)).get(0);
        String ivyConfirm = linksAfter(text, email(ivy)).get(0);
        String ivyRevoke = linksAfter(text, email(ivy)).get(1);

        // forged: one character of the signature changed
        int at = gilConfirm.lastIndexOf('.') + 5;
        String forged = gilConfirm.substring(0, at) + (gilConfirm.charAt(at) == 'x' ? 'y' : 'x') + gilConfirm.substring(at + 1);
        driver.open(forged);
        assertPage("not valid");
        awaitTrue(() -> linkErrorsAnyUser("gatehouse_governance_link_invalid") >= 1, "a forged link is an event");

        // foreign: this realm's link at another realm
        driver.open(gilConfirm.replace("/realms/" + REALM + "/", "/realms/master/"));
        assertPage("not valid");

        // the sponsor is no longer hal's sponsor
        assertEquals(204, AdminRest.send(adminClient, "DELETE", base() + "/users/" + hal + "/sponsors/" + sam, null).statusCode());
        driver.open(halConfirm);
        assertPage("not for you");
        assertTrue(linkErrors("gatehouse_governance_not_sponsor", hal) >= 1);

        // a sponsor who is external themselves
        setEmail(sam, "sam@partner.example");
        try {
            driver.open(gilConfirm);
            assertPage("only enabled people of your own organisation");
            assertTrue(linkErrors("gatehouse_governance_sponsor_not_eligible", gil) >= 1);
        } finally {
            setEmail(sam, "sam@corp.example");
        }

        // confirming never enables a user an admin disabled meanwhile
        disable(gil);
        driver.open(gilConfirm);
        click("gatehouse-link-submit");
        assertPage("stays so");
        assertFalse(enabled(gil), "confirming does not re-enable");

        // replayed
        driver.open(gilConfirm);
        assertPage("used already");
        assertTrue(linkErrors("gatehouse_governance_link_used", gil) >= 1);

        // opening a link changes nothing: ivy's revoke page shown, not clicked, ivy still enabled; then it expires
        driver.open(ivyRevoke);
        assertPage("Remove the access");
        assertTrue(enabled(ivy), "opening a link (as a mail scanner does) changes nothing");
        moveDays(39);
        driver.open(ivyConfirm);
        assertPage("expired");
        assertTrue(linkErrors("gatehouse_governance_link_expired", ivy) >= 1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The Partners policy (partner.example is external, no step-up) with these governance settings. */
    private void policy(Map<String, String> governance) {
        Map<String, String> config = new HashMap<>(Map.of("name", "Partners", "mode", "enforce", "method", "none",
                "externalDomains", "partner.example"));
        config.putAll(governance);
        components.add(AdminRest.addPageComponent(realm, "gatehouse-external-user-policy", config));
    }

    private String external(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation u = new UserRepresentation();
        u.setUsername(name);
        u.setEmail(name + "@partner.example");
        u.setEmailVerified(true);
        u.setFirstName(prefix);
        u.setLastName("Guest");
        u.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(name + "-pw");
        u.setCredentials(List.of(password));
        try (Response r = realm.admin().users().create(u)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            realm.cleanup().add(rr -> {
                try {
                    rr.users().get(id).remove();
                } catch (RuntimeException alreadyGone) {
                    // deleted by governance
                }
            });
            return id;
        }
    }

    private void sponsor(String userId, String sponsorId) {
        HttpResponse<String> r = AdminRest.send(adminClient, "POST", base() + "/users/" + userId + "/sponsors",
                "{\"sponsor\": \"" + sponsorId + "\"}");
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
    }

    private void moveDays(long days) {
        timeOffSet.set((int) (days * DAY));
    }

    private String base() {
        return AdminRest.adminBase(realm) + "/gatehouse-governance";
    }

    private String access(String userId, String rest) {
        return base() + "/users/" + userId + "/access" + rest;
    }

    private HttpResponse<String> setEnd(String userId, String json) {
        return AdminRest.send(adminClient, "PUT", access(userId, "/end"), json);
    }

    private Map<String, Object> access(String userId) {
        HttpResponse<String> r = AdminRest.send(adminClient, "GET", access(userId, ""), null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> endOf(String userId) {
        Map<String, Object> end = (Map<String, Object>) access(userId).get("end");
        assertNotNull(end, "an end date");
        return end;
    }

    private Map<String, Object> dryRun(String days) {
        HttpResponse<String> r = AdminRest.send(adminClient, "GET", base() + "/dry-run?days=" + days, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    private static List<String> steps(Map<String, Object> plan, String userId) {
        return ((List<Map<String, Object>>) plan.get("steps")).stream().filter(s -> userId.equals(s.get("userId")))
                .map(s -> (String) s.get("step")).toList();
    }

    private static Map<String, Object> json(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }


    private String email(String userId) {
        return realm.admin().users().get(userId).toRepresentation().getEmail();
    }

    private boolean exists(String userId) {
        return realm.admin().users().search(null, null, null, null, 0, 1000).stream().anyMatch(u -> userId.equals(u.getId()));
    }

    private boolean enabled(String userId) {
        return realm.admin().users().get(userId).toRepresentation().isEnabled();
    }

    private void enable(String userId) {
        UserRepresentation u = realm.admin().users().get(userId).toRepresentation();
        u.setEnabled(true);
        realm.admin().users().get(userId).update(u);
    }

    private void disable(String userId) {
        UserRepresentation u = realm.admin().users().get(userId).toRepresentation();
        u.setEnabled(false);
        realm.admin().users().get(userId).update(u);
    }

    private void setEmail(String userId, String email) {
        UserRepresentation u = realm.admin().users().get(userId).toRepresentation();
        u.setEmail(email);
        realm.admin().users().get(userId).update(u);
    }

    private boolean active(String userId) {
        User user = scim.userByExternalId(userId);
        return user != null && user.isActive().orElse(false);
    }

    /** The newest mail to {@code to} whose subject contains {@code subject}, among those after the first {@code after}. */
    private MimeMessage mailTo(String to, String subject, int after) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            MimeMessage[] all = mail.getReceivedMessages();
            for (int i = all.length - 1; i >= after; i--) {
                if (Mailbox.recipient(all[i]).equals(to) && all[i].getSubject().contains(subject)) {
                    return all[i];
                }
            }
            ProvisioningTargets.pause(200);
        }
        throw new AssertionError("no mail '" + subject + "' to " + to);
    }

    private int mailsTo(String to, String subject, int after) throws Exception {
        MimeMessage[] all = mail.getReceivedMessages();
        int n = 0;
        for (int i = after; i < all.length; i++) {
            if (Mailbox.recipient(all[i]).equals(to) && all[i].getSubject().contains(subject)) {
                n++;
            }
        }
        return n;
    }

    /** The links listed after a user's email address in a mail: extend; or confirm, then revoke. */
    private static List<String> linksAfter(String text, String email) {
        int at = text.indexOf(email);
        assertTrue(at >= 0, "the mail names " + email + ":\n" + text);
        int next = text.indexOf("@partner.example)", at + email.length());
        String block = text.substring(at, next < 0 ? text.length() : next);
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(block);
        while (m.find()) {
            links.add(m.group(1));
        }
        assertFalse(links.isEmpty(), "links for " + email);
        return links;
    }

    private void fill(String id, String value) {
        WebElement field = driver.driver().findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private void click(String id) {
        driver.driver().findElement(By.id(id)).click();
    }

    private void assertPage(String text) {
        String page = driver.driver().getPageSource();
        assertTrue(page.contains(text), "the page says '" + text + "':\n" + page);
    }

    /** Governance stage events of a user (EXECUTE_ACTIONS with the stage detail) since the test began. */
    private List<EventRepresentation> stage(String userId, String stage) {
        return realm.admin().getEvents(List.of("EXECUTE_ACTIONS"), null, userId, null, null, null, 0, 1000).stream()
                .filter(e -> e.getTime() >= since)
                .filter(e -> stage.equals(e.getDetails() == null ? null : e.getDetails().get("gatehouse_governance_stage")))
                .toList();
    }

    private long linkErrors(String error, String userId) {
        return realm.admin().getEvents(List.of("EXECUTE_ACTION_TOKEN_ERROR"), null, userId, null, null, null, 0, 1000).stream()
                .filter(e -> e.getTime() >= since && error.equals(e.getError())).count();
    }

    private long linkErrorsAnyUser(String error) {
        return realm.admin().getEvents(List.of("EXECUTE_ACTION_TOKEN_ERROR"), null, null, null, null, null, 0, 1000).stream()
                .filter(e -> e.getTime() >= since && error.equals(e.getError())).count();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        ProvisioningTargets.awaitTrue(condition, what);
    }
}
