package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPasswordUpdatePage;
import org.keycloak.testframework.ui.page.ProceedPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

/**
 * Sponsors of external users and invitations that expire (docs/governance.md). Realm gh-governance: a report-only
 * policy makes every address outside corp.example external; each test makes its own users, so tests share nothing.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class SponsorsAndInvitationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(fromJson = "governance-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectMailServer
    MailServer mailServer;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    ProceedPage proceedPage;

    @InjectPage
    LoginPasswordUpdatePage passwordPage;

    @InjectOAuthClient
    OAuthClient oauth;

    @AfterEach
    void timeBack() {
        timeOffSet.set(0);
    }

    @Test
    void sponsorRuleRecordsTheSponsorTheAttributeNamesAndFollowsIt() throws Exception {
        allowAdminOnlyAttributes();
        String sam = user("sam", "corp.example");
        String olivia = user("olivia", "corp.example");
        String eve = user("eve", "partner.example");
        String ada = user("ada", "partner.example");

        setAttribute(ada, "sponsor", username(sam));
        List<Map<String, Object>> sponsors = list(get(sponsorsOf(ada)));
        assertEquals(List.of(sam), sponsors.stream().map(x -> x.get("sponsorId")).toList());
        assertEquals("RULE", sponsors.get(0).get("source"));
        assertEquals("attribute:sponsor", sponsors.get(0).get("setBy"));

        String oliviaEmail = realm.admin().users().get(olivia).toRepresentation().getEmail();
        setAttribute(ada, "sponsor", oliviaEmail, username(eve));
        assertEquals(List.of(olivia), list(get(sponsorsOf(ada))).stream().map(x -> x.get("sponsorId")).toList(),
                "the rule's sponsors follow the attribute; an external name is skipped");
    }

    @Test
    void sponsorInvitesWithTheirOwnTokenAndActsOnlyOnTheirOwnInvitations() throws Exception {
        String sam = user("sam", "corp.example");
        String olivia = user("olivia", "corp.example");
        String eve = user("eve", "partner.example");
        String self = realm.getBaseUrl() + "/gatehouse-sponsor";
        String email = "mine-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";

        HttpResponse<String> created = bearer(sam, "POST", self + "/invitations", "{\"email\": \"" + email + "\", \"days\": 2}");
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> invitation = JSON.readValue(created.body(), new TypeReference<>() { });
        assertEquals(username(sam), invitation.get("sponsorUsername"));
        assertEquals(sam, invitation.get("invitedBy"));
        mailTo(email);
        assertEquals(List.of(invitation.get("id")), ids(list(bearer(sam, "GET", self + "/invitations?status=pending", null))));

        assertEquals(404, bearer(olivia, "POST", self + "/invitations/" + invitation.get("id") + "/revoke", null).statusCode(),
                "another sponsor's invitation is not theirs to revoke");
        assertEquals(403, bearer(eve, "POST", self + "/invitations", "{\"email\": \"x-" + email + "\"}").statusCode(),
                "an external user may not invite");
        assertEquals(401, AdminRest.send(adminClient, "GET", self + "/users", null).statusCode(), "another realm's token is refused");
        assertEquals(200, bearer(sam, "POST", self + "/invitations/" + invitation.get("id") + "/revoke", null).statusCode());
    }

    // ---- invitations

    @Test
    void invitedAddressAcceptsBeforeTheDeadlineSetsUpTheAccountWithItsSponsorAndSignsIn() throws Exception {
        String sam = user("sam", "corp.example");
        String email = "guest-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";
        Map<String, Object> invitation = invite(email, sam, "\"days\": 3, \"accessEnd\": \"2030-06-30\"");
        assertEquals("pending", invitation.get("status"));
        assertEquals("2030-06-30T23:59:59Z", invitation.get("accessEnd"));

        String link = linkIn(mailTo(email));
        fresh();
        driver.open(link);
        assertTrue(proceedPage.getInfo().contains("invited you"), proceedPage.getInfo());
        assertTrue(realm.admin().users().search(email, true).isEmpty(), "opening the link alone makes no account");
        proceedPage.clickProceedLink();
        passwordPage.changePassword("Guest-pw-1", "Guest-pw-1");

        Map<String, Object> redeemed = invitation((String) invitation.get("id"));
        assertEquals("redeemed", redeemed.get("status"));
        UserRepresentation guest = realm.admin().users().get((String) invitation.get("userId")).toRepresentation();
        assertEquals(email, guest.getEmail());
        assertTrue(guest.isEmailVerified(), "the link proved the address");
        List<Map<String, Object>> sponsors = list(get(sponsorsOf(guest.getId())));
        assertEquals(List.of(sam), sponsors.stream().map(x -> x.get("sponsorId")).toList());
        assertEquals("INVITER", sponsors.get(0).get("source"));
        EventRepresentation registered = realm.admin().getEvents(List.of("REGISTER"), null, guest.getId(), null, null, null, 0, 5).get(0);
        assertEquals(invitation.get("id"), registered.getDetails().get("gatehouse_invitation"));

        assertEquals(200, oauth.doPasswordGrantRequest(guest.getUsername(), "Guest-pw-1").getStatusCode(), "the invitee signs in");

        Map<String, Object> row = list(get(base() + "/inventory?format=json")).stream()
                .filter(r -> guest.getId().equals(r.get("id"))).findFirst().orElseThrow();
        assertEquals("2030-06-30T23:59:59Z", row.get("endDate"), "the requested end of access is the user's end date");
        assertEquals("redeemed", row.get("invitationState"));
        assertEquals(username(sam), row.get("sponsors"));
    }

    @Test
    void expiredInvitationIsRefusedWithAPageThatSaysSoAndAnEvent() throws Exception {
        String sam = user("sam", "corp.example");
        String email = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";
        Map<String, Object> invitation = invite(email, sam, "\"days\": 1");
        String link = linkIn(mailTo(email));

        timeOffSet.set(2 * 86_400);
        assertEquals(List.of(invitation.get("id")), ids(list(get(base() + "/invitations?status=expired&email=" + email))));
        fresh();
        driver.open(link);
        assertPage("This invitation has expired");
        assertLinkEvent((String) invitation.get("userId"), "gatehouse_invitation_expired");
        assertTrue(realm.admin().users().search(email, true).isEmpty(), "no account for an expired invitation");
    }

    @Test
    void revokedInvitationIsRefused() throws Exception {
        String sam = user("sam", "corp.example");
        String email = "gone-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";
        Map<String, Object> invitation = invite(email, sam, null);
        String link = linkIn(mailTo(email));
        HttpResponse<String> revoked = post(base() + "/invitations/" + invitation.get("id") + "/revoke", null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", invitation((String) invitation.get("id")).get("status"));

        fresh();
        driver.open(link);
        assertPage("This invitation was withdrawn");
        assertLinkEvent((String) invitation.get("userId"), "gatehouse_invitation_revoked");
        assertEquals(409, post(base() + "/invitations/" + invitation.get("id") + "/resend", "{}").statusCode(), "a revoked invitation is not resent");
    }

    @Test
    void linkUsedOnceIsRefusedWhenReplayed() throws Exception {
        String sam = user("sam", "corp.example");
        String email = "again-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";
        Map<String, Object> invitation = invite(email, sam, null);
        String link = linkIn(mailTo(email));
        fresh();
        driver.open(link);
        proceedPage.clickProceedLink();
        passwordPage.changePassword("Again-pw-1", "Again-pw-1");
        assertEquals("redeemed", invitation((String) invitation.get("id")).get("status"));

        fresh();
        driver.open(link);
        assertPage("This invitation has already been accepted");
        assertLinkEvent((String) invitation.get("userId"), "gatehouse_invitation_already_redeemed");
    }

    @Test
    void resendMakesTheEarlierLinkStopWorking() throws Exception {
        String sam = user("sam", "corp.example");
        String email = "resent-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";
        Map<String, Object> invitation = invite(email, sam, null);
        String first = linkIn(mailTo(email));
        HttpResponse<String> resent = post(base() + "/invitations/" + invitation.get("id") + "/resend", "{\"days\": 5}");
        assertEquals(200, resent.statusCode(), resent.body());
        String second = linkIn(mailTo(email));
        assertFalse(first.equals(second));

        fresh();
        driver.open(first);
        assertPage("A newer invitation email was sent to you");
        assertLinkEvent((String) invitation.get("userId"), "gatehouse_invitation_superseded");
        fresh();
        driver.open(second);
        assertTrue(proceedPage.getInfo().contains("invited you"), "the newest link works");
    }

    @Test
    void alteredOrForgedLinksAreRefused() throws Exception {
        String sam = user("sam", "corp.example");
        String email = "forge-" + UUID.randomUUID().toString().substring(0, 8) + "@partner.example";
        Map<String, Object> invitation = invite(email, sam, null);
        String link = linkIn(mailTo(email));
        String token = link.substring(link.indexOf("key=") + 4).split("&")[0];
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String altered = payload.replace(email, "mallory@partner.example");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(altered.getBytes()) + "." + parts[2];

        fresh();
        driver.open(link.replace(token, forged));
        assertPage("This invitation link is not valid");
        fresh();
        driver.open(link.replace(token, parts[0] + "." + parts[1] + ".AAAA"));
        assertPage("This invitation link is not valid");
        assertLinkEvent((String) invitation.get("userId"), "gatehouse_invitation_invalid");
        assertEquals("pending", invitation((String) invitation.get("id")).get("status"), "a forged link changes nothing");
    }

    @Test
    void invitationsToInternalAddressesOrWithIneligibleSponsorsAreRefused() throws Exception {
        String sam = user("sam", "corp.example");
        String eve = user("eve", "partner.example");
        String off = user("off", "corp.example");
        disable(off);
        String email = "x-" + UUID.randomUUID().toString().substring(0, 8);

        assertRefused(post(base() + "/invitations", "{\"email\": \"" + email + "@corp.example\", \"sponsor\": \"" + sam + "\"}"),
                "an internal address");
        assertRefused(post(base() + "/invitations", "{\"email\": \"" + email + "@partner.example\", \"sponsor\": \"" + eve + "\"}"),
                "sponsors must be internal users");
        assertRefused(post(base() + "/invitations", "{\"email\": \"" + email + "@partner.example\", \"sponsor\": \"" + off + "\"}"),
                "the sponsor is disabled");
        assertRefused(post(base() + "/invitations", "{\"email\": \"not an address\", \"sponsor\": \"" + sam + "\"}"),
                "valid email address");
        assertRefused(post(base() + "/invitations", "{\"email\": \"" + email + "@partner.example\", \"sponsor\": \"" + sam + "\", \"days\": 1000}"),
                "days must be");
        assertTrue(list(get(base() + "/invitations?email=" + email + "@partner.example")).isEmpty(), "nothing was saved");
    }

    // ---- sponsors

    @Test
    void adminSetsAndListsSponsorsAndEachChangeIsAnAdminEvent() throws Exception {
        String ada = user("ada", "partner.example");
        String sam = user("sam", "corp.example");

        HttpResponse<String> added = post(sponsorsOf(ada), "{\"sponsor\": \"" + username(sam) + "\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(200, post(sponsorsOf(ada), "{\"sponsor\": \"" + sam + "\"}").statusCode(), "adding again changes nothing");

        List<Map<String, Object>> sponsors = list(get(sponsorsOf(ada)));
        assertEquals(1, sponsors.size());
        assertEquals(sam, sponsors.get(0).get("sponsorId"));
        assertEquals("ADMIN", sponsors.get(0).get("source"));
        assertEquals(username(sam), sponsors.get(0).get("username"));

        List<AdminEventRepresentation> events = realm.admin().getAdminEvents(List.of("CREATE"), null, null, null, null,
                "users/" + ada + "/sponsors/" + sam, null, (String) null, (String) null, 0, 10, null);
        assertEquals(1, events.size(), "one admin event for the one change");
        assertEquals("USER", events.get(0).getResourceType());

        assertEquals(204, AdminRest.send(adminClient, "DELETE", sponsorsOf(ada) + "/" + sam, null).statusCode());
        assertTrue(list(get(sponsorsOf(ada))).isEmpty());
    }

    @Test
    void sponsorsWhoMayNotSponsorAreRefusedWithAClearError() throws Exception {
        String ada = user("ada", "partner.example");
        String eve = user("eve", "partner.example");
        String olivia = user("olivia", "corp.example");
        String gone = user("gone", "corp.example");
        disable(gone);

        assertRefused(post(sponsorsOf(ada), "{\"sponsor\": \"" + eve + "\"}"), "sponsors must be internal users");
        assertRefused(post(sponsorsOf(ada), "{\"sponsor\": \"nobody-" + UUID.randomUUID() + "\"}"), "no such sponsor");
        assertRefused(post(sponsorsOf(ada), "{\"sponsor\": \"" + gone + "\"}"), "the sponsor is disabled");
        assertRefused(post(sponsorsOf(ada), "{\"sponsor\": \"" + ada + "\"}"), "cannot sponsor themselves");
        assertRefused(post(sponsorsOf(olivia), "{\"sponsor\": \"" + user("sam", "corp.example") + "\"}"), "only external users have sponsors");
        String four = "[\"" + user("s1", "corp.example") + "\", \"" + user("s2", "corp.example") + "\", \""
                + user("s3", "corp.example") + "\", \"" + user("s4", "corp.example") + "\"]";
        assertRefused(AdminRest.send(adminClient, "PUT", sponsorsOf(ada), "{\"sponsors\": " + four + "}"), "maximum number of sponsors");
        assertTrue(list(get(sponsorsOf(ada))).isEmpty(), "a refused change changes nothing");
    }

    @Test
    void disabledSponsorFlagsTheirExternalUsersAndTellsTheAdminUntilANewSponsorIsSet() throws Exception {
        String ada = user("ada", "partner.example");
        String sam = user("sam", "corp.example");
        String olivia = user("olivia", "corp.example");
        assertEquals(201, post(sponsorsOf(ada), "{\"sponsor\": \"" + sam + "\"}").statusCode());
        assertFalse(flaggedUsers().contains(ada));

        disable(sam);

        assertTrue(flaggedUsers().contains(ada), "ada is flagged when her sponsor is disabled");
        Map<String, Object> flag = flagged().stream().filter(f -> ada.equals(f.get("userId"))).findFirst().orElseThrow();
        assertEquals("disabled", flag.get("departure"));
        assertEquals(username(sam), flag.get("sponsorUsername"));
        EventRepresentation told = departureEvent(ada);
        assertEquals("gatehouse_sponsor_departed", told.getError());
        assertEquals(sam, told.getDetails().get("gatehouse_sponsor"));
        assertEquals("disabled", told.getDetails().get("gatehouse_departure"));

        assertEquals(201, post(sponsorsOf(ada), "{\"sponsor\": \"" + olivia + "\"}").statusCode());
        assertFalse(flaggedUsers().contains(ada), "a new sponsor clears the flag");
    }

    @Test
    void deletedSponsorFlagsTheirExternalUsersAndLeavesNoSponsorship() throws Exception {
        String ada = user("ada", "partner.example");
        String sam = user("sam", "corp.example");
        String samName = username(sam);
        assertEquals(201, post(sponsorsOf(ada), "{\"sponsor\": \"" + sam + "\"}").statusCode());

        try (Response r = realm.admin().users().delete(sam)) {
            assertEquals(204, r.getStatus());
        }

        Map<String, Object> flag = flagged().stream().filter(f -> ada.equals(f.get("userId"))).findFirst().orElseThrow();
        assertEquals("deleted", flag.get("departure"));
        assertEquals(samName, flag.get("sponsorUsername"), "the deleted sponsor is still named");
        assertTrue(list(get(sponsorsOf(ada))).isEmpty());
        assertEquals("deleted", departureEvent(ada).getDetails().get("gatehouse_departure"));
    }

    // ---- helpers

    private HttpResponse<String> bearer(String userId, String method, String url, String json) throws Exception {
        String token = oauth.doPasswordGrantRequest(username(userId), username(userId) + "-pw").getAccessToken();
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token);
        request = json == null ? request.method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json));
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Unmanaged attributes (the sponsor rule's) editable by admins only, as docs/governance.md advises. */
    private void allowAdminOnlyAttributes() {
        var profile = realm.admin().users().userProfile();
        var config = profile.getConfiguration();
        config.setUnmanagedAttributePolicy(org.keycloak.representations.userprofile.config.UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        profile.update(config);
    }

    private void setAttribute(String userId, String name, String... values) {
        UserRepresentation u = realm.admin().users().get(userId).toRepresentation();
        Map<String, List<String>> attributes = u.getAttributes() == null ? new java.util.HashMap<>() : new java.util.HashMap<>(u.getAttributes());
        attributes.put(name, List.of(values));
        u.setAttributes(attributes);
        realm.admin().users().get(userId).update(u);
    }

    private Map<String, Object> invite(String email, String sponsor, String more) throws Exception {
        HttpResponse<String> r = post(base() + "/invitations", "{\"email\": \"" + email + "\", \"sponsor\": \"" + sponsor
                + "\", \"firstName\": \"Gil\", \"lastName\": \"Guest\"" + (more == null ? "" : ", " + more) + "}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readValue(r.body(), new TypeReference<>() { });
    }

    private Map<String, Object> invitation(String id) throws Exception {
        return JSON.readValue(get(base() + "/invitations/" + id).body(), new TypeReference<>() { });
    }

    private static List<Object> ids(List<Map<String, Object>> invitations) {
        return invitations.stream().map(i -> i.get("id")).toList();
    }

    /** The newest mail to this address (other tests' mails may arrive in between). */
    private MimeMessage mailTo(String email) throws Exception {
        long deadline = System.currentTimeMillis() + Mailbox.PATIENCE_MILLIS;
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] all = mailServer.getReceivedMessages();
            for (int i = all.length - 1; i >= seen; i--) {
                if (Mailbox.recipient(all[i]).equalsIgnoreCase(email) && !used.contains(all[i])) {
                    used.add(all[i]);
                    return all[i];
                }
            }
            mailServer.waitForIncomingEmail(1000, all.length + 1);
        }
        throw new AssertionError("no mail to " + email);
    }

    private final java.util.Set<MimeMessage> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private static final Pattern LINK = Pattern.compile("(https?://\\S+/login-actions/action-token\\?\\S+)");

    private static String linkIn(MimeMessage mail) throws Exception {
        Matcher m = LINK.matcher(Mailbox.plainText(mail));
        assertTrue(m.find(), "a link in the mail");
        return m.group(1);
    }

    /** A new browser session: no cookies of the realm. */
    private void fresh() {
        driver.open(realm.getBaseUrl() + "/account");
        driver.cookies().deleteAll();
    }

    private void assertPage(String text) {
        String page = driver.page().getPageSource();
        assertTrue(page.contains(text), () -> "expected '" + text + "' on " + driver.getCurrentUrl() + ": " + page);
    }

    /** The refusal event of a link: EXECUTE_ACTION_TOKEN_ERROR with Gatehouse's error, on the user the link is bound to. */
    private void assertLinkEvent(String userId, String error) {
        List<EventRepresentation> events = realm.admin().getEvents(List.of("EXECUTE_ACTION_TOKEN_ERROR"), null, userId,
                null, null, null, 0, 20);
        assertTrue(events.stream().anyMatch(e -> error.equals(e.getError())),
                () -> "no " + error + " event; got " + events.stream().map(EventRepresentation::getError).toList());
    }

    private String base() {
        return AdminRest.adminBase(realm) + "/gatehouse-governance";
    }

    private String sponsorsOf(String userId) {
        return base() + "/users/" + userId + "/sponsors";
    }

    /** A new user with a unique name at {@code domain} (password {@code <username>-pw}); answers the id. */
    private String user(String prefix, String domain) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation u = new UserRepresentation();
        u.setUsername(name);
        u.setEmail(name + "@" + domain);
        u.setEmailVerified(true);
        u.setFirstName(prefix);
        u.setLastName("Test");
        u.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(name + "-pw");
        password.setTemporary(false);
        u.setCredentials(List.of(password));
        try (Response r = realm.admin().users().create(u)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private String username(String userId) {
        return realm.admin().users().get(userId).toRepresentation().getUsername();
    }

    private void disable(String userId) {
        UserRepresentation u = realm.admin().users().get(userId).toRepresentation();
        u.setEnabled(false);
        realm.admin().users().get(userId).update(u);
    }

    private HttpResponse<String> get(String url) {
        HttpResponse<String> r = AdminRest.send(adminClient, "GET", url, null);
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private HttpResponse<String> post(String url, String json) {
        return AdminRest.send(adminClient, "POST", url, json);
    }

    private static List<Map<String, Object>> list(HttpResponse<String> response) throws Exception {
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    private static void assertRefused(HttpResponse<String> response, String reason) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains(reason), () -> "expected '" + reason + "' in " + response.body());
    }

    private List<Map<String, Object>> flagged() throws Exception {
        return list(get(base() + "/sponsors/flagged"));
    }

    private List<Object> flaggedUsers() throws Exception {
        return flagged().stream().map(f -> f.get("userId")).toList();
    }

    private EventRepresentation departureEvent(String userId) {
        List<EventRepresentation> events = realm.admin().getEvents(List.of("EXECUTE_ACTIONS_ERROR"), null, userId,
                null, null, null, 0, 10);
        assertFalse(events.isEmpty(), "an event tells the admin");
        return events.get(0);
    }
}
