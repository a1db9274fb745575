package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.User;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.page.RegisterPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.demotarget.ScimTestServer;
import dev.gatehouse.demotarget.WebhookTestReceiver;

/**
 * The provisioning paths ProvisioningIT does not walk: basic auth, providers without PATCH or filter support,
 * registration and first broker login, re-sync on login, the external and policy audiences, the webhook's
 * retries and deprovisioning messages, deactivation on delete, export and import of targets, Retry-After taken
 * literally, metric values, and the preview of a disabled target.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningPathsIT {

    private static final String REALM = "gh-prov-paths";
    private static final String TOKEN = "paths-token-" + UUID.randomUUID();
    private static final String BASIC_PASSWORD = "paths-basic-" + UUID.randomUUID();
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(("paths-" + UUID.randomUUID()).getBytes());
    private static final String TARGET_PROVIDER_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    /** The default provider, a second one, and providers that say they support no PATCH / no filter. */
    private static ScimTestServer scim;
    private static ScimTestServer other;
    private static ScimTestServer noPatch;
    private static ScimTestServer noFilter;
    private static WebhookTestReceiver receiver;

    @InjectRealm(fromJson = "provisioning-paths-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "prov-upstream", fromJson = "provisioning-upstream-realm.json")
    ManagedRealm upstream;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectPage
    RegisterPage registerPage;

    private final List<String> targetIds = new ArrayList<>();

    @BeforeAll
    static void servers() throws IOException {
        scim = new ScimTestServer(TOKEN);
        other = new ScimTestServer(TOKEN);
        noPatch = new ScimTestServer(TOKEN, false, true);
        noFilter = new ScimTestServer(TOKEN, true, false);
        for (ScimTestServer s : List.of(scim, other, noPatch, noFilter)) {
            s.start();
        }
        receiver = new WebhookTestReceiver(WHSEC);
        receiver.start();
        Path vault = GatehouseServerConfig.vaultDir();
        Files.writeString(vault.resolve(REALM.replace("_", "__") + "_scim-token"), TOKEN);
        Files.writeString(vault.resolve(REALM + "_scim-basic"), BASIC_PASSWORD);
        Files.writeString(vault.resolve(REALM + "_scim-basic-wrong"), "not-" + BASIC_PASSWORD);
        Files.writeString(vault.resolve(REALM + "_hook-secret"), WHSEC);
    }

    @AfterAll
    static void stopServers() {
        for (ScimTestServer s : List.of(scim, other, noPatch, noFilter)) {
            s.stop();
        }
        receiver.stop();
    }

    @BeforeEach
    void freshServers() throws IOException {
        // Only a server a test stopped is started again: a restart leaves Keycloak's pooled connections to the old
        // one half-closed, and the next call within a moment (the connection test on save) would fail on them.
        for (ScimTestServer s : List.of(scim, other, noPatch, noFilter)) {
            s.ensureStarted();
            s.reset();
        }
    }

    @AfterEach
    void removeTargets() {
        targetIds.forEach(id -> {
            try {
                realm.admin().components().component(id).remove();
            } catch (RuntimeException alreadyGone) {
                // removed by the test
            }
        });
        targetIds.clear();
    }

    // -- authentication and provider capabilities -------------------------------------------------------------

    @Test
    void basicAuthSendsTheUsernameAndVaultPasswordAndAWrongPasswordIsRefusedByTheServer() {
        scim.acceptBasic("gatehouse", BASIC_PASSWORD);
        String good = target("basic-app", Map.of("url", scim.baseUrl(), "auth", "basic", "username", "gatehouse",
                "secret", "${vault.scim-basic}"));
        String basil = createUser("basil");
        awaitTrue(() -> scim.userByExternalId(basil) != null, "basil delivered with basic auth");
        assertEquals(0, scim.unauthenticated(), "the right password is never refused");
        remove(good);

        // Saved without a reachability check on save (a setting another branch adds; ignored where unknown).
        String bad = target("basic-wrong", Map.of("url", scim.baseUrl(), "auth", "basic", "username", "gatehouse",
                "secret", "${vault.scim-basic-wrong}", "maxAttempts", "1", "testOnSave", "false"));
        String bruno = createUser("bruno");
        // A refused credential makes the target wait (not a dead letter): the row's last error says so.
        awaitTrue(() -> scim.unauthenticated() > 0 && contains(targets().lastError(bad), "refused our credentials (401)"),
                "the server refused the wrong password with 401");
        assertNull(scim.userByExternalId(bruno), "nothing was created with the wrong password");
    }

    @Test
    void withoutPatchSupportMembershipAndDeactivationAreReadAndReplaced() {
        target("no-patch", Map.of("url", noPatch.baseUrl(), "auth", "bearer", "secret", "${vault.scim-token}"));
        String pat = createUser("pat");
        String pia = createUser("pia");
        awaitTrue(() -> noPatch.userByExternalId(pat) != null && noPatch.userByExternalId(pia) != null, "both created");
        join(pat, "staff");
        join(pia, "staff");
        awaitTrue(() -> memberOf(noPatch, "staff", pat) && memberOf(noPatch, "staff", pia), "both members of staff");
        assertEquals(1, noPatch.groups().size(), "one group, found again for the second member");

        leave(pat, "staff");
        awaitTrue(() -> !memberOf(noPatch, "staff", pat), "pat out of staff");
        assertTrue(memberOf(noPatch, "staff", pia), "the other member stays");
        setEnabled(pia, false);
        awaitTrue(() -> !noPatch.userByExternalId(pia).isActive().orElse(true), "pia inactive at the target");

        awaitQueueEmpty(targetIds.get(0));
        assertTrue(noPatch.requests().stream().noneMatch(r -> r.startsWith("PATCH ")), "no PATCH sent: " + noPatch.requests());
        assertTrue(noPatch.requests().stream().anyMatch(r -> r.startsWith("PUT /Groups/")), "membership by PUT");
        assertEquals(0, targets().deadLetters(targetIds.get(0)).size());
    }

    @Test
    void withoutFilterSupportExistingUsersAndGroupsAreFoundByListing() {
        String target = target("no-filter", Map.of("url", noFilter.baseUrl(), "auth", "bearer", "secret", "${vault.scim-token}"));
        noFilter.seedUser("fiona");
        String fiona = createUser("fiona");
        awaitTrue(() -> noFilter.userByExternalId(fiona) != null, "fiona adopted at the target");
        assertEquals(1, noFilter.users().size(), "the user the target had is adopted, not duplicated");

        String finn = createUser("finn");
        awaitTrue(() -> noFilter.userByExternalId(finn) != null, "finn created");
        join(fiona, "staff");
        awaitTrue(() -> memberOf(noFilter, "staff", fiona), "fiona in staff");
        join(finn, "staff");
        awaitTrue(() -> memberOf(noFilter, "staff", finn), "finn in the same staff group");
        assertEquals(1, noFilter.groups().size(), "the existing group was found by listing, not created twice");

        leave(fiona, "staff");
        awaitTrue(() -> !memberOf(noFilter, "staff", fiona), "fiona removed from the group found by listing");
        awaitQueueEmpty(target);
        assertEquals(0, targets().deadLetters(target).size(), "nothing dead-lettered for want of a filter");
    }

    // -- how users arrive --------------------------------------------------------------------------------------

    @Test
    void selfRegistrationProvisionsTheNewUser() {
        target("app", scimTarget(Map.of()));
        freshBrowser(realm);
        oauth.openLoginForm();
        loginPage.clickRegister();
        registerPage.register("Reggie", "Registered", "reggie@example.org", "reggie", "Reggie-pw-2026!");
        String reggie = awaitUserId("reggie");
        try {
            awaitTrue(() -> scim.userByExternalId(reggie) != null, "the registered user at the target");
            assertEquals("reggie", scim.userByExternalId(reggie).getUserName().orElseThrow());
            assertEquals("Registered", familyName(scim, reggie));
        } finally {
            realm.admin().users().get(reggie).remove();
        }
    }

    @Test
    void firstBrokerLoginProvisionsTheBrokeredUser() {
        target("app", scimTarget(Map.of()));
        freshBrowser(upstream);
        freshBrowser(realm);
        oauth.openLoginForm();
        loginPage.clickSocial("upstream");
        loginPage.fillLogin("uli", "uli-pw");
        loginPage.submit();
        String uli = awaitUserId("uli");
        try {
            awaitTrue(() -> scim.userByExternalId(uli) != null, "the brokered user at the target: " + driver.getCurrentUrl());
            assertEquals("Upstream", familyName(scim, uli));
            assertEquals("uli@upstream.example", scim.userByExternalId(uli).getEmails().get(0).getValue().orElseThrow());
        } finally {
            realm.admin().users().get(uli).remove();
        }
    }

    @Test
    void resyncOnLoginSendsTheUserAgainAtEverySignInOnlyWhereSet() {
        target("resync", scimTarget(Map.of("resyncOnLogin", "true")));
        String quiet = target("quiet", Map.of("url", other.baseUrl(), "auth", "bearer", "secret", "${vault.scim-token}"));
        String rosa = createUser("rosa");
        awaitTrue(() -> scim.userByExternalId(rosa) != null && other.userByExternalId(rosa) != null, "rosa at both");
        awaitQueueEmpty(quiet);
        // Both applications lose rosa without telling Keycloak.
        scim.forget(rosa);
        other.forget(rosa);
        int quietRequests = other.requests().size();

        oauth.doPasswordGrantRequest("rosa", "rosa-pw");
        awaitTrue(() -> scim.userByExternalId(rosa) != null, "the sign-in sent rosa again to the re-syncing target");
        // Rows of one sign-in are written in one transaction: the quiet target's would be queued by now.
        awaitQueueEmpty(quiet);
        assertNull(other.userByExternalId(rosa), "a target without resyncOnLogin hears nothing of a later sign-in");
        assertEquals(quietRequests, other.requests().size());
    }

    @Test
    void externalAudienceProvisionsOnlyExternalUsersAndDeprovisionsOneWhoLeavesIt() {
        assertAudience(List.of("partner.example"), Map.of("users", "external"),
                "xena@partner.example", "ian@corp.example", "xena@corp.example");
    }

    @Test
    void policyAudienceProvisionsOnlyUsersThatPolicyTargetsAndDeprovisionsOneWhoLeavesIt() {
        // Partners' users are external too, but not under policy Vendors.
        assertAudience(List.of("partner.example", "vendor.example"), Map.of("users", "policy", "usersPolicy", "Policy2"),
                "vera@vendor.example", "pete@partner.example", "vera@partner.example");
    }

    /**
     * With report-only policies Policy1, Policy2… (one per external domain), the target's audience receives the
     * user with email {@code inside}, not the one with {@code outside}; the first, given email {@code leaving},
     * is deactivated at the target.
     */
    private void assertAudience(List<String> policyDomains, Map<String, String> audience, String inside, String outside,
                                String leaving) {
        List<String> policies = new ArrayList<>();
        try {
            for (String domain : policyDomains) {
                policies.add(policy("Policy" + (policies.size() + 1), domain, policies.size() + 1));
            }
            String target = target("audience-app", scimTarget(audience));
            String in = createUser(inside.substring(0, inside.indexOf('@')), inside);
            String out = createUser(outside.substring(0, outside.indexOf('@')), outside);
            awaitTrue(() -> scim.userByExternalId(in) != null, inside + " provisioned");
            awaitQueueEmpty(target);
            assertNull(scim.userByExternalId(out), outside + " is not in the audience");

            setEmail(in, leaving);
            awaitTrue(() -> !scim.userByExternalId(in).isActive().orElse(true), "left the audience: deactivated");
        } finally {
            policies.forEach(id -> realm.admin().components().component(id).remove());
        }
    }

    // -- webhooks and deprovisioning ---------------------------------------------------------------------------

    @Test
    void webhookRetriesServerErrorsSignsDeprovisionAndDeleteAndDeadLettersABadRequest() {
        String hook = target("hook", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secret}",
                "maxAttempts", "5"));
        receiver.failNext(503);
        String will = createUser("will");
        awaitTrue(() -> receiver.failed().stream().anyMatch(b -> b.contains(will) && b.contains("\"type\":\"user.provisioned\"")),
                "the first attempt got 503");
        timeOffSet.set(60);
        awaitTrue(() -> accepted("user.provisioned", will) != null, "the retry delivered a signed user.provisioned");

        setEnabled(will, false);
        awaitTrue(() -> accepted("user.deprovisioned", will) != null, "disabling sends a signed user.deprovisioned");
        realm.admin().users().get(will).remove();
        awaitTrue(() -> accepted("user.deleted", will) != null, "deleting sends a signed user.deleted");
        assertTrue(receiver.refused().isEmpty(), "every message verified");

        receiver.failNext(400);
        String wade = createUser("wade");
        awaitTrue(() -> targets().deadLetters(hook).stream().anyMatch(d -> wade.equals(d.get("userId"))), "the 400 dead-lettered");
        Map<String, Object> dead = targets().deadLetters(hook).get(0);
        assertTrue(String.valueOf(dead.get("reason")).contains("HTTP 400"), dead.toString());
        assertEquals(1, ((Number) dead.get("attempts")).intValue(), "a 400 is not retried");
    }

    @Test
    void deletingAUserAtADeactivatingTargetLeavesThemInactiveThere() {
        String target = target("app", scimTarget(Map.of("deprovision", "deactivate")));
        String delia = createUser("delia");
        awaitTrue(() -> scim.userByExternalId(delia) != null, "delia created");
        assertTrue(scim.userByExternalId(delia).isActive().orElse(false));
        realm.admin().users().get(delia).remove();
        awaitTrue(() -> !scim.userByExternalId(delia).isActive().orElse(true), "delia inactive, not deleted");
        awaitQueueEmpty(target);
        assertEquals(1, scim.users().size());
        assertTrue(scim.requests().stream().noneMatch(r -> r.startsWith("DELETE ")), "no DELETE sent");
    }

    // -- export and import ------------------------------------------------------------------------------------

    @Test
    void partialExportCarriesTargetsWithVaultReferencesOnlyAndImportRecreatesThem() throws IOException {
        target("exported-scim", scimTarget(Map.of("users", "group", "usersGroup", "/partners")));
        target("exported-hook", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.hook-secret}"));
        RealmRepresentation export = realm.admin().partialExport(false, false);
        String json = JsonSerialization.writeValueAsString(export);
        assertFalse(json.contains(TOKEN), "no SCIM token in the export");
        assertFalse(json.contains(WHSEC.substring(6)), "no webhook secret in the export");
        List<ComponentExportRepresentation> exported = export.getComponents().get(TARGET_PROVIDER_TYPE).stream()
                .filter(c -> "gatehouse-provisioning-target".equals(c.getProviderId())).toList();
        assertEquals(2, exported.size(), json);
        Map<String, String> secrets = new HashMap<>();
        exported.forEach(c -> secrets.put(c.getName(), c.getConfig().getFirst("secret")));
        assertEquals(Map.of("exported-scim", "${vault.scim-token}", "exported-hook", "${vault.hook-secret}"), secrets);

        // Imported into a new realm (its vault entries are made for it, as on a new server).
        String copyName = REALM + "-copy";
        Path vault = GatehouseServerConfig.vaultDir();
        Files.writeString(vault.resolve(copyName + "_scim-token"), TOKEN);
        Files.writeString(vault.resolve(copyName + "_hook-secret"), WHSEC);
        RealmRepresentation copy = new RealmRepresentation();
        copy.setRealm(copyName);
        copy.setEnabled(true);
        copy.setGroups(List.of(group("partners")));
        exported.forEach(c -> c.setId(null));
        MultivaluedHashMap<String, ComponentExportRepresentation> components = new MultivaluedHashMap<>();
        components.put(TARGET_PROVIDER_TYPE, exported);
        copy.setComponents(components);
        adminClient.realms().create(copy);
        try {
            List<ComponentRepresentation> imported = adminClient.realm(copyName).components()
                    .query(null, TARGET_PROVIDER_TYPE).stream()
                    .filter(c -> "gatehouse-provisioning-target".equals(c.getProviderId())).toList();
            Map<String, String> importedSecrets = new HashMap<>();
            imported.forEach(c -> importedSecrets.put(c.getName(), c.getConfig().getFirst("secret")));
            assertEquals(secrets, importedSecrets);
            ComponentRepresentation scimCopy = imported.stream().filter(c -> c.getName().equals("exported-scim")).findFirst().orElseThrow();
            assertEquals("/partners", scimCopy.getConfig().getFirst("usersGroup"));
            assertEquals(scim.baseUrl(), scimCopy.getConfig().getFirst("url"));
        } finally {
            adminClient.realm(copyName).remove();
        }
    }

    // -- delivery timing and metrics ------------------------------------------------------------------------------

    @Test
    void retryAfterIsHonouredNotSoonerThanItsSecondsButOnceTheyPassed() {
        String target = target("app", scimTarget(Map.of()));
        scim.forceNext("POST", 429, "30", "{\"detail\":\"slow down\"}");
        String rita = createUser("rita");
        awaitTrue(() -> contains(targets().lastError(target), "429"), "the first attempt got 429 with Retry-After 30");

        timeOffSet.set(10);
        // A later user is delivered: the worker has run with the clock 10 s on, and left rita waiting.
        String mark = createUser("mark");
        awaitTrue(() -> scim.userByExternalId(mark) != null, "the marker delivered");
        assertNull(scim.userByExternalId(rita), "10 s after a Retry-After of 30 s nothing is re-sent");
        assertEquals(1, targets().pending(target));

        timeOffSet.set(31);
        awaitTrue(() -> scim.userByExternalId(rita) != null, "31 s on, the row is delivered");
        assertEquals(2, scim.requests().stream().filter(r -> r.startsWith("POST /Users") && r.contains("\"rita\"")).count(),
                "rita was sent twice: the 429 and the delivery");
    }

    @Test
    void metricsShowTheQueueGrowingWhileATargetIsDownAndEmptyingWhenItIsBack() {
        String target = target("app", scimTarget(Map.of()));
        double failuresBefore = metric("gatehouse_provisioning_failures_total");
        scim.stop();
        String max = createUser("max");
        String moe = createUser("moe");
        awaitTrue(() -> metric("gatehouse_provisioning_queue_depth") >= 2, "queue depth counts the waiting rows");
        awaitTrue(() -> metric("gatehouse_provisioning_failures_total") > failuresBefore, "the failed attempt is counted");
        assertTrue(metric("gatehouse_provisioning_oldest_pending_seconds") > 0, "the oldest row has an age");

        try {
            scim.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        timeOffSet.set(2 * 3600);
        awaitTrue(() -> scim.userByExternalId(max) != null && scim.userByExternalId(moe) != null, "both delivered");
        awaitQueueEmpty(target);
        awaitTrue(() -> metric("gatehouse_provisioning_queue_depth") == 0, "queue depth back to 0");
        assertEquals(0, metric("gatehouse_provisioning_oldest_pending_seconds"), "no age without a waiting row");
    }

    // -- preview ------------------------------------------------------------------------------------------------

    @Test
    void previewOfADisabledTargetReportsWhatASyncWouldDoToEnrolledUsersOnly() throws IOException {
        String target = target("app", scimTarget(Map.of("ignoredGroups", "internal-only")));
        String pam = createUser("pam");
        String paul = createUser("paul");
        String pru = createUser("pru");
        join(pam, "staff");
        awaitTrue(() -> memberOf(scim, "staff", pam) && scim.userByExternalId(paul) != null && scim.userByExternalId(pru) != null,
                "pam, paul and pru at the target");
        awaitQueueEmpty(target);
        scim.seedUser("stranger");

        // Disabled, the target hears nothing: Keycloak and the target drift apart.
        configure(target, Map.of("enabled", "false"));
        setLastName(pam, "Renamed");
        join(paul, "staff");
        setEnabled(pru, false);
        // Known to Keycloak and present at the target, but never enrolled there: a sync leaves otto alone.
        String otto = createUser("otto");
        scim.seedUser("otto");
        setEnabled(otto, false);

        HttpResponse<String> test = targets().admin("POST", "/targets/" + target + "/test");
        assertTrue(test.body().contains("\"reachable\":true"), "a disabled target can be tested: " + test.body());
        int requestsBefore = scim.requests().size();
        Map<String, Object> preview = preview(target);
        assertEquals(List.of("ada", "olivia"), names(preview, "create"), preview.toString());
        assertEquals(List.of("pam"), names(preview, "update"), preview.toString());
        assertEquals(List.of("paul"), names(preview, "membership"), preview.toString());
        assertEquals(List.of("pru"), names(preview, "deactivate"), preview.toString());
        assertEquals(List.of(), names(preview, "delete"), preview.toString());
        assertEquals(List.of("acme"), names(preview, "createGroups"), preview.toString());
        assertEquals(2, ((Number) preview.get("unmanagedAtTarget")).intValue(), "stranger and otto: " + preview);
        assertTrue(scim.requests().subList(requestsBefore, scim.requests().size()).stream().allMatch(r -> r.startsWith("GET ")),
                "a preview changes nothing");

        configure(target, Map.of("enabled", "false", "deprovision", "delete"));
        Map<String, Object> deleting = preview(target);
        assertEquals(List.of("pru"), names(deleting, "delete"), deleting.toString());
        assertEquals(List.of(), names(deleting, "deactivate"), deleting.toString());

        // The sync does what the preview said; afterwards there is nothing left to do.
        configure(target, Map.of("enabled", "true", "deprovision", "delete"));
        assertEquals("done", targets().syncAndWait(target).get("state"));
        awaitTrue(() -> scim.userByExternalId(pru) == null && memberOf(scim, "staff", paul) && "Renamed".equals(familyName(scim, pam)),
                "the sync applied the preview");
        awaitQueueEmpty(target);
        Map<String, Object> after = preview(target);
        for (String list : List.of("create", "update", "membership", "deactivate", "delete", "createGroups")) {
            assertEquals(List.of(), names(after, list), list + ": " + after);
        }
        assertTrue(scim.users().stream().anyMatch(u -> "otto".equals(u.getUserName().orElse(null)) && u.isActive().orElse(false)),
                "otto, never enrolled, is untouched at the target");
    }

    // -- attribute mapping ----------------------------------------------------------------------------------------

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @Test
    void mappedAttributesReachTheScimTargetAndAChangeOrRemovalInKeycloakFollows() throws IOException {
        allowCustomAttributes();
        String target = target("mapped", scimTarget(Map.of("pushGroups", "false",
                "attributeMap", "department=" + ENTERPRISE + ":department##phone=phoneNumbers[work]##job=title")));
        String mia = createUser("mia", Map.of("department", List.of("Research"), "phone", List.of("+44 20 7946 0000"),
                "job", List.of("Analyst"), "shoeSize", List.of("unmapped-size-38")));
        awaitTrue(() -> scim.userByExternalId(mia) != null, "mia created at the target");
        User created = scim.userByExternalId(mia);
        assertTrue(created.getSchemas().contains(ENTERPRISE), "the extension schema is declared: " + created);
        assertEquals("Research", created.path(ENTERPRISE).path("department").asText(), created.toString());
        assertEquals("+44 20 7946 0000", created.path("phoneNumbers").path(0).path("value").asText(), created.toString());
        assertEquals("work", created.path("phoneNumbers").path(0).path("type").asText());
        assertEquals("Analyst", created.getTitle().orElse(null));
        assertFalse(created.toString().contains("unmapped-size"), "an attribute without a mapping is not sent");
        assertEquals(List.of(), names(preview(target), "update"), "the preview sees the mapped attributes as sent");

        update(mia, rep -> {
            rep.getAttributes().put("department", List.of("Finance"));
            rep.getAttributes().remove("phone");
        });
        awaitTrue(() -> "Finance".equals(scim.userByExternalId(mia).path(ENTERPRISE).path("department").asText()),
                "the new department at the target");
        User changed = scim.userByExternalId(mia);
        assertTrue(changed.path("phoneNumbers").isMissingNode() || changed.path("phoneNumbers").isEmpty(),
                "the removed phone is gone at the target: " + changed);
        assertEquals("Analyst", changed.getTitle().orElse(null), "the unchanged title stays");

        // Drift while the target is disabled: the preview counts the title removed in Keycloak as an update.
        awaitQueueEmpty(target);
        configure(target, Map.of("enabled", "false"));
        update(mia, rep -> rep.getAttributes().remove("job"));
        assertEquals(List.of("mia"), names(preview(target), "update"));
        configure(target, Map.of("enabled", "true"));
        assertEquals("done", targets().syncAndWait(target).get("state"));
        awaitTrue(() -> scim.userByExternalId(mia).getTitle().isEmpty(), "the sync removed the title at the target");
        assertEquals(0, targets().deadLetters(target).size());
    }

    @Test
    void savingATargetWithAnUnknownScimPathOrAMappingOntoUserNameIsRefusedWithTheReason() {
        Map.Entry<Integer, String> unknown = targets().refused("bad-map", scimTarget(Map.of("attributeMap", "dept=department")));
        assertEquals(400, unknown.getKey(), unknown.getValue());
        assertTrue(unknown.getValue().contains("department is not a SCIM path Gatehouse can send"), unknown.getValue());
        assertTrue(unknown.getValue().contains(ENTERPRISE + ":employeeNumber"), "the allowed paths are named: " + unknown.getValue());

        Map.Entry<Integer, String> userName = targets().refused("bad-map", scimTarget(Map.of("attributeMap", "login=userName")));
        assertEquals(400, userName.getKey(), userName.getValue());
        assertTrue(userName.getValue().contains("userName is sent by Gatehouse from the Keycloak user itself"), userName.getValue());

        Map.Entry<Integer, String> hook = targets().refused("bad-map", Map.of("kind", "webhook", "url", receiver.url(),
                "secret", "${vault.hook-secret}", "attributeMap", "job=title"));
        assertEquals(400, hook.getKey(), hook.getValue());
        assertTrue(hook.getValue().contains("Attribute mapping is for SCIM targets"), hook.getValue());
        assertTrue(realm.admin().components().query(null, TARGET_PROVIDER_TYPE).stream()
                .noneMatch(c -> "bad-map".equals(c.getName())), "nothing was stored");
    }

    // -- helpers ------------------------------------------------------------------------------------------------

    private ProvisioningTargets targets() {
        return new ProvisioningTargets(realm, adminClient);
    }

    private String target(String name, Map<String, String> config) {
        String id = targets().create(name, config);
        targetIds.add(id);
        return id;
    }

    private void remove(String targetId) {
        realm.admin().components().component(targetId).remove();
        targetIds.remove(targetId);
    }

    private static Map<String, String> scimTarget(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}"));
        config.putAll(extra);
        return config;
    }

    /** Changes settings of a stored target, as an admin saving its page. */
    private void configure(String targetId, Map<String, String> settings) {
        ComponentRepresentation rep = realm.admin().components().component(targetId).toRepresentation();
        settings.forEach((k, v) -> rep.getConfig().putSingle(k, v));
        realm.admin().components().component(targetId).update(rep);
    }

    /** A report-only Gatehouse policy (each enabled policy needs its own priority). */
    private String policy(String name, String externalDomain, int priority) {
        ComponentRepresentation policy = new ComponentRepresentation();
        policy.setName(name);
        policy.setProviderId("gatehouse-external-user-policy");
        policy.setProviderType(TARGET_PROVIDER_TYPE);
        policy.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", name);
        config.putSingle("mode", "report-only");
        config.putSingle("priority", Integer.toString(priority));
        config.putSingle("externalDomains", externalDomain);
        policy.setConfig(config);
        try (Response r = realm.admin().components().add(policy)) {
            assertEquals(201, r.getStatus(), () -> r.readEntity(String.class));
            String path = r.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private String createUser(String username) {
        return targets().createUser(username, capitalized(username), "Paths");
    }

    /** A user created by an admin with custom attributes (removed after the test). */
    private String createUser(String username, Map<String, List<String>> attributes) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setFirstName(capitalized(username));
        user.setLastName("Paths");
        user.setEmail(username + "@example.org");
        user.setEnabled(true);
        user.setAttributes(new HashMap<>(attributes));
        try (Response response = realm.admin().users().create(user)) {
            assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
            String path = response.getLocation().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            realm.cleanup().add(r -> r.users().get(id).remove());
            return id;
        }
    }

    /** Keycloak's user profile keeps attributes it does not declare only when unmanaged attributes are enabled. */
    private void allowCustomAttributes() {
        UPConfig before = realm.admin().users().userProfile().getConfiguration();
        UPConfig allowing = realm.admin().users().userProfile().getConfiguration();
        allowing.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.admin().users().userProfile().update(allowing);
        realm.cleanup().add(r -> r.users().userProfile().update(before));
    }

    private String createUser(String username, String email) {
        return targets().createUser(username, capitalized(username), "Paths", email);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String awaitUserId(String username) {
        awaitTrue(() -> !realm.admin().users().search(username, true).isEmpty(), username + " exists in Keycloak: " + driver.getCurrentUrl());
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private void setEnabled(String userId, boolean enabled) {
        update(userId, rep -> rep.setEnabled(enabled));
    }

    private void setEmail(String userId, String email) {
        update(userId, rep -> rep.setEmail(email));
    }

    /** An admin's change to the user (an UPDATE admin event). */
    private void update(String userId, java.util.function.Consumer<UserRepresentation> change) {
        UserResource user = realm.admin().users().get(userId);
        UserRepresentation rep = user.toRepresentation();
        change.accept(rep);
        user.update(rep);
    }

    private void setLastName(String userId, String lastName) {
        targets().setLastName(userId, lastName);
    }

    private void join(String userId, String group) {
        realm.admin().users().get(userId).joinGroup(realm.admin().groups().groups(group, 0, 10).get(0).getId());
    }

    private void leave(String userId, String group) {
        realm.admin().users().get(userId).leaveGroup(realm.admin().groups().groups(group, 0, 10).get(0).getId());
    }

    private static org.keycloak.representations.idm.GroupRepresentation group(String name) {
        org.keycloak.representations.idm.GroupRepresentation g = new org.keycloak.representations.idm.GroupRepresentation();
        g.setName(name);
        return g;
    }

    private void freshBrowser(ManagedRealm which) {
        driver.open(which.getBaseUrl() + "/account");
        driver.cookies().deleteAll();
    }

    private static boolean memberOf(ScimTestServer server, String groupName, String externalId) {
        Group group = server.groupByName(groupName);
        User user = server.userByExternalId(externalId);
        return group != null && user != null
                && group.getMembers().stream().anyMatch(m -> user.getId().orElseThrow().equals(m.getValue().orElse(null)));
    }

    private static String familyName(ScimTestServer server, String externalId) {
        User user = server.userByExternalId(externalId);
        return user == null ? null : user.getName().flatMap(n -> n.getFamilyName()).orElse(null);
    }

    private static WebhookTestReceiver.Message accepted(String type, String userId) {
        return receiver.accepted().stream()
                .filter(m -> m.body().contains("\"type\":\"" + type + "\"") && m.body().contains(userId))
                .findFirst().orElse(null);
    }

    private Map<String, Object> preview(String targetId) throws IOException {
        HttpResponse<String> r = targets().admin("GET", "/targets/" + targetId + "/preview");
        assertEquals(200, r.statusCode(), r.body());
        return ProvisioningTargets.JSON.readValue(r.body(), new TypeReference<>() { });
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> preview, String list) {
        return (List<String>) ((Map<String, Object>) preview.get(list)).get("users");
    }

    private void awaitQueueEmpty(String targetId) {
        awaitTrue(() -> targets().pending(targetId) == 0, "the target's queue drained");
    }

    private static boolean contains(String text, String part) {
        return text != null && text.contains(part);
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE);

    /** A meter's value on the management endpoint, summed over its series (tags); 0 when absent. */
    private static double metric(String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            double sum = 0;
            Matcher m = SAMPLE.matcher(r.body());
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    sum += Double.parseDouble(m.group(3));
                }
            }
            return sum;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        ProvisioningTargets.awaitTrue(condition, what);
    }
}
