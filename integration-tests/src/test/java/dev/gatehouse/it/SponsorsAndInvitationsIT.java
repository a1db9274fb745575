package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.keycloak.testframework.realm.ManagedRealm;
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

    @AfterEach
    void timeBack() {
        timeOffSet.set(0);
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
