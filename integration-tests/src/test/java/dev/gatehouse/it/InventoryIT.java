package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
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
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * The governance inventory export and the report-only impact summary on the real server. The realm: policy
 * "Partners verify by email" (enforce, email code, everyone outside corp.example) and the report-only policy
 * "Contractors, report-only" (contractor.example and group /contractors, higher priority). ada and cora are
 * verified by email; rita is in /contractors (only the report-only policy would apply); olivia is internal.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class InventoryIT {

    private static final String REALM = "gatehouse-inventory";
    private static final String SCIM_TOKEN = "scim-token-" + java.util.UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The users of valuesWithQuotesCommasAndLineBreaksSurviveCsvAndJson, each under a policy with an awkward name. */
    private static final Set<String> AWKWARD_USERS = Set.of("quinn", "lena");
    private static final String HEADER = "id,username,email,enabled,policy,policyOutcome,rule,sponsors,invitationState,"
            + "endDate,lastSignIn,lastVerification,attestationState,provisioningTargets";
    private static ScimTestServer scim;
    private static String targetId;

    @InjectRealm(fromJson = "inventory-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    private Browser browser;
    private Mailbox mailbox;
    private OtpPage otp;

    @BeforeAll
    static void scimServer() throws IOException {
        scim = ProvisioningTargets.startedScim(REALM, SCIM_TOKEN);
    }

    @AfterAll
    static void stopScim() {
        scim.stop();
    }

    @BeforeEach
    void browserAndTarget() {
        mailbox = new Mailbox(mailServer);
        otp = new OtpPage(driver);
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
        if (targetId == null) {
            targetId = AdminRest.addPageComponent(realm, "gatehouse-provisioning-target", Map.of("name", "app-scim", "kind", "scim",
                    "url", scim.baseUrl(), "auth", "bearer", "secret", "${vault.scim-token}"));
        }
    }

    @Test
    void exportListsEachExternalUserWithPolicyRuleSponsorSignInVerificationAndTargets() throws Exception {
        HttpResponse<String> sponsor = http("POST", base() + "/gatehouse-governance/users/" + userId("ada") + "/sponsors",
                "{\"sponsor\": \"olivia\"}");
        assertTrue(sponsor.statusCode() == 201 || sponsor.statusCode() == 200, sponsor.body());
        browser.signInWithCode("ada", mailbox, otp);
        ProvisioningTargets.awaitTrue(() -> scim.userByExternalId(userId("ada")) != null, "ada provisioned to the SCIM target");

        HttpResponse<String> csv = http("GET", base() + "/gatehouse-governance/inventory?format=csv", null);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        List<String> lines = List.of(csv.body().split("\r\n"));
        assertEquals(HEADER, lines.get(0));
        Map<String, String> ada = row(lines, "ada");
        assertEquals("ada@partner.example", ada.get("email"));
        assertEquals("true", ada.get("enabled"));
        assertEquals("Partners verify by email", ada.get("policy"));
        assertEquals("applies", ada.get("policyOutcome"));
        assertEquals("unmanaged-domain", ada.get("rule"));
        assertEquals("olivia", ada.get("sponsors"));
        assertFalse(ada.get("lastSignIn").isEmpty(), "the sign-in is known: " + ada);
        assertFalse(ada.get("lastVerification").isEmpty(), "the email-code verification is known: " + ada);
        assertEquals("app-scim", ada.get("provisioningTargets"));

        Map<String, String> rita = row(lines, "rita");
        assertEquals("Contractors, report-only", rita.get("policy"), "a name with a comma survives quoting");
        assertEquals("would-apply (report-only)", rita.get("policyOutcome"));
        assertEquals("group", rita.get("rule"));
        assertTrue(lines.stream().noneMatch(l -> l.contains("olivia@corp.example")), "an internal user is not exported");
        assertTrue(csv.body().contains(",\"Contractors, report-only\","), "RFC 4180 quoting");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreText() {
        String csv = http("GET", base() + "/gatehouse-governance/inventory?format=csv", null).body();
        assertTrue(csv.contains(",'+2-1,plus@partner.example,"), "the username starting with + is prefixed: " + csv);
        assertFalse(csv.contains(",+2-1,"));
    }

    @Test
    void jsonExportHasTheSameColumnsAsFields() throws Exception {
        HttpResponse<String> r = http("GET", base() + "/gatehouse-governance/inventory?format=json", null);
        assertEquals(200, r.statusCode(), r.body());
        List<Map<String, Object>> users = JSON.readValue(r.body(), new TypeReference<>() { });
        Map<String, Object> cora = users.stream().filter(u -> "cora".equals(u.get("username"))).findFirst().orElseThrow();
        assertEquals(List.of(HEADER.split(",")), List.copyOf(cora.keySet()));
        assertEquals("Partners verify by email", cora.get("policy"));
        assertEquals(Boolean.TRUE, cora.get("enabled"));
        assertEquals(Set.of("ada", "cora", "rita", "+2-1"), users.stream().map(u -> (String) u.get("username"))
                .filter(n -> !n.startsWith("bulk-") && !AWKWARD_USERS.contains(n)).collect(Collectors.toSet()));

        HttpResponse<String> bad = http("GET", base() + "/gatehouse-governance/inventory?format=xml", null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("format must be csv or json"), bad.body());
    }

    /** More users than one page (500): keyset paging returns each exactly once, in username order. */
    @Test
    void exportPagesThroughMoreUsersThanOneBatchEachOnce() throws Exception {
        List<UserRepresentation> bulk = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            UserRepresentation u = new UserRepresentation();
            u.setUsername("bulk-" + i);
            u.setEmail("bulk-" + i + "@partner.example");
            u.setEnabled(true);
            bulk.add(u);
        }
        PartialImportRepresentation partial = new PartialImportRepresentation();
        partial.setIfResourceExists(PartialImportRepresentation.Policy.SKIP.name());
        partial.setUsers(bulk);
        try (Response imported = realm.admin().partialImport(partial)) {
            assertEquals(200, imported.getStatus());
        }
        List<List<String>> records = Rfc4180.parse(http("GET", base() + "/gatehouse-governance/inventory?format=csv", null).body());
        List<String> ids = records.subList(1, records.size()).stream().map(r -> r.get(0)).toList();
        List<String> usernames = records.subList(1, records.size()).stream().map(r -> r.get(1).replaceFirst("^'", "")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no user twice");
        assertEquals(usernames.stream().sorted().toList(), usernames, "in username order");
        assertEquals(1_100, usernames.stream().filter(n -> n.startsWith("bulk-")).count());
    }

    /** As Keycloak's user listing: query-users to ask, view-users (or per-user permission) to see a user. */
    @Test
    void exportAndImpactArePermissionCheckedLikeKeycloaksUserAndEventLists() throws Exception {
        String queryOnly = adminToken("auditor-query", "query-users");
        HttpResponse<String> headerOnly = http("GET", base() + "/gatehouse-governance/inventory", null, queryOnly);
        assertEquals(200, headerOnly.statusCode(), headerOnly.body());
        assertEquals(HEADER, headerOnly.body().strip(), "no user the admin may not view");
        assertEquals(403, http("GET", base() + "/gatehouse-governance/impact?days=7", null, queryOnly).statusCode());

        String viewer = adminToken("auditor-view", "view-users", "view-events");
        HttpResponse<String> all = http("GET", base() + "/gatehouse-governance/inventory", null, viewer);
        assertTrue(all.body().contains("ada@partner.example"), all.body());
        assertEquals(200, http("GET", base() + "/gatehouse-governance/impact?days=7", null, viewer).statusCode());

        String nothing = adminToken("auditor-none", "view-realm");
        assertEquals(403, http("GET", base() + "/gatehouse-governance/inventory", null, nothing).statusCode());

        // Side by side with Keycloak's own GET /users for each of these admins: the same answer (403 for the same
        // admin) and, of the external users, exactly those Keycloak lists.
        Set<String> externals = exportedUsernames(http("GET", base() + "/gatehouse-governance/inventory?format=json", null).body());
        for (String token : List.of(queryOnly, viewer, nothing)) {
            HttpResponse<String> listing = http("GET", base() + "/users?briefRepresentation=true&max=100000", null, token);
            HttpResponse<String> export = http("GET", base() + "/gatehouse-governance/inventory?format=json", null, token);
            assertEquals(listing.statusCode(), export.statusCode(), "Keycloak's listing: " + listing.body());
            if (listing.statusCode() == 200) {
                List<Map<String, Object>> listed = JSON.readValue(listing.body(), new TypeReference<>() { });
                Set<String> keycloakShows = listed.stream().map(u -> (String) u.get("username")).filter(externals::contains)
                        .collect(Collectors.toSet());
                assertEquals(keycloakShows, exportedUsernames(export.body()));
            }
        }
    }

    /**
     * Values with double quotes, commas, CRLF and a bare LF (here policies' names; one name with line breaks only,
     * which nothing but the line breaks makes quoted): quoted and doubled as RFC 4180 says, so a strict RFC 4180
     * reader gets every record with all its fields and each value back unchanged; the JSON, read by Jackson, too.
     */
    @Test
    void valuesWithQuotesCommasAndLineBreaksSurviveCsvAndJson() throws Exception {
        Map<String, String> policyOf = Map.of("quinn", "Guests \"Q\", quoted\r\nacross\nlines", "lena", "Lines\r\nonly\nhere");
        int priority = 30;
        for (String username : List.of("quinn", "lena")) {
            String domain = username + ".example";
            AdminRest.addPageComponent(realm, "gatehouse-external-user-policy", Map.of("name", policyOf.get(username), "enabled", "true",
                    "priority", String.valueOf(priority++), "method", "email-otp", "externalDomains", domain));
            UserRepresentation user = new UserRepresentation();
            user.setUsername(username);
            user.setEmail(username + "@" + domain);
            user.setEmailVerified(true);
            user.setEnabled(true);
            try (Response created = realm.admin().users().create(user)) {
                assertEquals(201, created.getStatus());
            }
        }

        String csv = http("GET", base() + "/gatehouse-governance/inventory?format=csv", null).body();
        assertTrue(csv.contains(",\"Guests \"\"Q\"\", quoted\r\nacross\nlines\","), "quoted, quotes doubled: " + csv);
        assertTrue(csv.contains(",\"Lines\r\nonly\nhere\","), "quoted for its line breaks alone: " + csv);
        List<List<String>> records = Rfc4180.parse(csv);
        assertEquals(List.of(HEADER.split(",")), records.get(0));
        records.forEach(r -> assertEquals(records.get(0).size(), r.size(), "every record has every field: " + r));
        int policy = List.of(HEADER.split(",")).indexOf("policy");
        for (String username : policyOf.keySet()) {
            List<String> row = records.stream().filter(r -> r.get(1).equals(username)).findFirst().orElseThrow();
            assertEquals(policyOf.get(username), row.get(policy));
        }

        List<Map<String, Object>> json = JSON.readValue(http("GET", base() + "/gatehouse-governance/inventory?format=json", null).body(),
                new TypeReference<>() { });
        for (String username : policyOf.keySet()) {
            assertEquals(policyOf.get(username), json.stream().filter(u -> username.equals(u.get("username"))).findFirst().orElseThrow()
                    .get("policy"));
        }
    }

    @Test
    void impactCountsTheSignInsAReportOnlyPolicyWouldHaveChallengedByRule() throws Exception {
        Map<String, Object> before = contractors();
        browser.passwordStep("rita");
        assertNotNull(oauth.parseLoginResponse().getCode());
        browser.fresh();
        browser.passwordStep("rita");
        assertNotNull(oauth.parseLoginResponse().getCode());
        browser.fresh();
        browser.signInWithCode("cora", mailbox, otp);

        Map<String, Object> after = contractors();
        assertEquals("report-only", after.get("mode"));
        assertEquals(3, number(after, "signIns") - number(before, "signIns"), after.toString());
        Map<String, Map<String, Object>> rules = byRule(after);
        Map<String, Map<String, Object>> rulesBefore = byRule(before);
        assertEquals(2, number(rules.get("group"), "signIns") - number(rulesBefore.get("group"), "signIns"), after.toString());
        assertEquals(1, number(rules.get("group"), "distinctUsers"), "rita alone, twice");
        assertEquals(1, number(rules.get("listed-domain"), "signIns") - number(rulesBefore.get("listed-domain"), "signIns"));
        assertEquals(2, number(after, "distinctUsers"));

        HttpResponse<String> bad = http("GET", base() + "/gatehouse-governance/impact?days=abc", null);
        assertEquals(400, bad.statusCode());
        assertEquals(400, http("GET", base() + "/gatehouse-governance/impact?days=7&policy=Nope", null).statusCode());
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    private static Set<String> exportedUsernames(String json) throws IOException {
        List<Map<String, Object>> users = JSON.readValue(json, new TypeReference<>() { });
        return users.stream().map(u -> (String) u.get("username")).collect(Collectors.toSet());
    }

    private Map<String, Object> contractors() throws IOException {
        HttpResponse<String> r = http("GET", base() + "/gatehouse-governance/impact?days=1&policy="
                + URLEncoder.encode("Contractors, report-only", StandardCharsets.UTF_8), null);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> summary = JSON.readValue(r.body(), new TypeReference<>() { });
        assertEquals(Boolean.TRUE, summary.get("eventsEnabled"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> policies = (List<Map<String, Object>>) summary.get("policies");
        assertEquals(1, policies.size(), r.body());
        return policies.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byRule(Map<String, Object> policy) {
        return ((List<Map<String, Object>>) policy.get("byRule")).stream()
                .collect(Collectors.toMap(r -> (String) r.get("rule"), Function.identity()));
    }

    private static long number(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The CSV line of a user as header → value (the test's values hold no quotes but the comma'd policy name). */
    private static Map<String, String> row(List<String> lines, String username) {
        String[] header = lines.get(0).split(",");
        String line = lines.stream().filter(l -> l.contains("," + username + ",")).findFirst()
                .orElseThrow(() -> new AssertionError(username + " not exported: " + lines));
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], i < cells.size() ? cells.get(i) : "");
        }
        return row;
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    /** A realm user holding these realm-management roles, signed in with admin-cli: an admin of this realm only. */
    private String adminToken(String username, String... roles) {
        if (realm.admin().users().search(username, true).isEmpty()) {
            UserRepresentation u = new UserRepresentation();
            u.setUsername(username);
            u.setEmail(username + "@corp.example");
            u.setEmailVerified(true);
            u.setFirstName(username);
            u.setLastName("Auditor");
            u.setEnabled(true);
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType("password");
            password.setValue(username + "-pw");
            password.setTemporary(false);
            u.setCredentials(List.of(password));
            try (Response created = realm.admin().users().create(u)) {
                assertEquals(201, created.getStatus());
            }
            ClientRepresentation management = realm.admin().clients().findByClientId("realm-management").get(0);
            List<RoleRepresentation> wanted = new ArrayList<>();
            for (String role : roles) {
                wanted.add(realm.admin().clients().get(management.getId()).roles().get(role).toRepresentation());
            }
            realm.admin().users().get(userId(username)).roles().clientLevel(management.getId()).add(wanted);
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + username + "&password=" + username + "-pw";
        HttpRequest request = HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return (String) JSON.readValue(r.body(), Map.class).get("access_token");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String base() {
        return AdminRest.adminBase(realm);
    }

    private HttpResponse<String> http(String method, String url, String json) {
        return AdminRest.send(adminClient, method, url, json);
    }

    private static HttpResponse<String> http(String method, String url, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
