package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

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
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * Every way a user, their attributes or their groups change in Keycloak 26.7, one test per way, each showing the
 * change at a SCIM target — or, where Keycloak gives no sign of the change, that it arrives with the documented
 * remedy (first sign-in, full sync). The matrix is docs/provisioning.md "Every way a user changes".
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class UserChangePathsIT {

    private static final String REALM = "gh-user-paths";
    private static final String TOKEN = "user-paths-token-" + UUID.randomUUID();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String LDAP_BASE = "dc=paths,dc=example";
    private static final String LDAP_ADMIN = "cn=admin," + LDAP_BASE;
    private static final String LDAP_ADMIN_PASSWORD = "ldap-admin-" + UUID.randomUUID();

    private static ScimTestServer scim;
    private static InMemoryDirectoryServer ldap;

    @InjectRealm(fromJson = "user-paths-realm.json")
    ManagedRealm realm;

    @InjectRealm(ref = "user-paths-up", fromJson = "user-paths-upstream-realm.json")
    ManagedRealm upstream;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    private String target;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        scim = ProvisioningTargets.startedScim(REALM, TOKEN);
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(LDAP_BASE);
        config.addAdditionalBindCredentials(LDAP_ADMIN, LDAP_ADMIN_PASSWORD);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: " + LDAP_BASE, "objectClass: domain", "dc: paths");
        ldap.add("dn: ou=people," + LDAP_BASE, "objectClass: organizationalUnit", "ou: people");
        ldap.startListening();
    }

    @AfterAll
    static void stopServers() {
        scim.stop();
        ldap.shutDown(true);
    }

    @BeforeEach
    void target() {
        scim.reset();
        target = targets().create("app", scimTarget(Map.of()));
    }

    @AfterEach
    void cleanUp() {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).run();
            } catch (RuntimeException alreadyGone) {
                // removed by the test
            }
        }
        cleanups.clear();
        realm.admin().components().component(target).remove();
    }

    // -- admin REST and console ---------------------------------------------------------------------------------

    @Test
    void adminRestCreateEditGroupsDisableAndDeleteReachTheTarget() {
        String ann = createUser("ann", "ann@example.org");
        awaitTrue(() -> scim.userByExternalId(ann) != null, "created by an admin: at the target");
        update(ann, rep -> rep.setLastName("Edited"));
        awaitTrue(() -> "Edited".equals(familyName(ann)), "edited by an admin");
        join(ann, "staff");
        awaitTrue(() -> scim.isMember("staff", ann), "joined a group");
        leave(ann, "staff");
        awaitTrue(() -> !scim.isMember("staff", ann), "left the group");
        update(ann, rep -> rep.setEnabled(false));
        awaitTrue(() -> !active(ann), "disabled: inactive at the target");
        update(ann, rep -> rep.setEnabled(true));
        awaitTrue(() -> active(ann), "enabled again: active again");
        realm.admin().users().get(ann).remove();
        awaitTrue(() -> !active(ann), "deleted: deactivated at the target (deprovision=deactivate)");
    }

    // -- partial import -------------------------------------------------------------------------------------------

    @Test
    void partialImportAddsUsersWhoReachTheTargetWithTheirGroups() {
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UserRepresentation u = userRep("imp" + i, "imp" + i + "@example.org");
            if (i % 2 == 0) {
                u.setGroups(List.of("/staff"));
            }
            users.add(u);
        }
        partialImport(users, PartialImportRepresentation.Policy.FAIL);
        List<String> ids = users.stream().map(u -> userId(u.getUsername())).toList();
        ids.forEach(id -> cleanups.add(() -> realm.admin().users().get(id).remove()));
        awaitTrue(() -> ids.stream().allMatch(id -> scim.userByExternalId(id) != null), "all 40 imported users at the target");
        assertTrue(scim.isMember("staff", ids.get(0)) && scim.isMember("staff", ids.get(38)), "with the groups the import gave them");
        assertFalse(scim.isMember("staff", ids.get(1)), "and only those");
    }

    @Test
    void partialImportOverwriteSendsTheUserAsImportedAndKeepsThemAtTheTarget() {
        String otto = createUser("otto", "otto@example.org");
        join(otto, "staff");
        awaitTrue(() -> scim.isMember("staff", otto), "otto enrolled, in staff");

        // The export's form of the user: same id, new last name, other group.
        UserRepresentation again = userRep("otto", "otto@example.org");
        again.setId(otto);
        again.setLastName("Overwritten");
        again.setGroups(List.of("/elsewhere"));
        partialImport(List.of(again), PartialImportRepresentation.Policy.OVERWRITE);
        awaitTrue(() -> "Overwritten".equals(familyName(otto)) && scim.isMember("elsewhere", otto), "the imported state at the target");
        awaitQueueEmpty();
        assertTrue(active(otto), "deleted and created again in one import: still active at the target");
        assertFalse(scim.isMember("staff", otto), "the group the import dropped is left");
        assertEquals(1, scim.users().stream().filter(u -> "otto".equals(u.getUserName().orElse(null))).count(), "one otto at the target");
    }

    // -- realm import --------------------------------------------------------------------------------------------

    @Test
    void realmImportedUsersReachTheTargetAtTheirFirstSignIn() throws Exception {
        String name = "gh-user-paths-imported";
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(name + "_scim-token"), TOKEN);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        UserRepresentation ivy = userRep("ivy", "ivy@example.org");
        rep.setUsers(List.of(ivy));
        org.keycloak.representations.idm.ClientRepresentation cli = new org.keycloak.representations.idm.ClientRepresentation();
        cli.setClientId("cli");
        cli.setPublicClient(true);
        cli.setDirectAccessGrantsEnabled(true);
        rep.setClients(List.of(cli));
        org.keycloak.representations.idm.ComponentExportRepresentation component = new org.keycloak.representations.idm.ComponentExportRepresentation();
        component.setName("imported-app");
        component.setProviderId("gatehouse-provisioning-target");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", "imported-app");
        scimTarget(Map.of()).forEach(config::putSingle);
        component.setConfig(config);
        MultivaluedHashMap<String, org.keycloak.representations.idm.ComponentExportRepresentation> components = new MultivaluedHashMap<>();
        components.add("org.keycloak.services.ui.extend.UiPageProvider", component);
        rep.setComponents(components);
        adminClient.realms().create(rep);
        try {
            String ivyId = adminClient.realm(name).users().search("ivy", true).get(0).getId();
            assertNull(scim.userByExternalId(ivyId), "imported with the realm: no event, nothing queued");
            HttpResponse<String> token = post(realm.getBaseUrl().replace(REALM, name) + "/protocol/openid-connect/token",
                    "application/x-www-form-urlencoded", "grant_type=password&client_id=cli&username=ivy&password=ivy-pw", null);
            assertEquals(200, token.statusCode(), token.body());
            awaitTrue(() -> scim.userByExternalId(ivyId) != null, "ivy at the target after her first sign-in");
        } finally {
            adminClient.realm(name).remove();
        }
    }

    // -- Keycloak's inbound SCIM API -------------------------------------------------------------------------------

    @Test
    void keycloakScimApiCreateReplaceAndDeleteReachTheTarget() throws Exception {
        String bearer = scimApiToken();
        String base = realm.getBaseUrl() + "/scim/v2/Users";
        HttpResponse<String> created = post(base, "application/scim+json", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"sam",
                 "name":{"givenName":"Sam","familyName":"Scim"},"emails":[{"value":"sam@example.org","primary":true}],"active":true}""",
                bearer);
        assertEquals(201, created.statusCode(), created.body());
        String sam = ProvisioningTargets.JSON.readTree(created.body()).path("id").asText();
        cleanups.add(() -> realm.admin().users().get(sam).remove());
        awaitTrue(() -> scim.userByExternalId(sam) != null, "created through Keycloak's SCIM API: at the target");

        HttpResponse<String> replaced = send("PUT", base + "/" + sam, "application/scim+json", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"sam",
                 "name":{"givenName":"Sam","familyName":"Replaced"},"emails":[{"value":"sam@example.org","primary":true}],"active":true}"""
                .formatted(sam), bearer);
        assertEquals(200, replaced.statusCode(), replaced.body());
        awaitTrue(() -> "Replaced".equals(familyName(sam)), "replaced through the SCIM API");

        HttpResponse<String> deleted = send("DELETE", base + "/" + sam, null, null, bearer);
        assertEquals(204, deleted.statusCode(), deleted.body());
        awaitTrue(() -> !active(sam), "deleted through the SCIM API: deactivated at the target");
    }

    // -- the user themself ------------------------------------------------------------------------------------------

    @Test
    void accountConsoleProfileChangeReachesTheTarget() throws Exception {
        String abe = createUser("abe", "abe@example.org");
        awaitTrue(() -> scim.userByExternalId(abe) != null, "abe at the target");
        String token = oauth.doPasswordGrantRequest("abe", "abe-pw").getAccessToken();
        HttpResponse<String> r = post(realm.getBaseUrl() + "/account", "application/json",
                "{\"username\":\"abe\",\"email\":\"abe@example.org\",\"firstName\":\"Abe\",\"lastName\":\"Selfmade\"}", token);
        assertEquals(204, r.statusCode(), r.body());
        awaitTrue(() -> "Selfmade".equals(familyName(abe)), "the account console's change at the target");
    }

    @Test
    void updateProfileRequiredActionReachesTheTarget() {
        String una = createUser("ursula", "ursula@example.org");
        awaitTrue(() -> scim.userByExternalId(una) != null, "ursula at the target");
        update(una, rep -> rep.setRequiredActions(List.of("UPDATE_PROFILE")));
        freshBrowser(realm);
        oauth.openLoginForm();
        loginPage.fillLogin("ursula", "ursula-pw");
        loginPage.submit();
        awaitTrue(() -> !driver.driver().findElements(By.id("lastName")).isEmpty(), "the update-profile page: " + driver.getCurrentUrl());
        driver.driver().findElement(By.id("lastName")).clear();
        driver.driver().findElement(By.id("lastName")).sendKeys("Required");
        driver.driver().findElement(By.cssSelector("[type=submit]")).click();
        awaitTrue(() -> "Required".equals(familyName(una)), "the required action's change at the target");
    }

    @Test
    void aLaterSignInThroughAnIdentityProviderThatSyncsEveryLoginReachesTheTarget() {
        brokeredSignIn();
        String una = userId("una");
        cleanups.add(() -> realm.admin().users().get(una).remove());
        awaitTrue(() -> "Upstream".equals(familyName(una)), "first broker login: una at the target");

        UserRepresentation upstreamUna = upstream.admin().users().search("una", true).get(0);
        upstreamUna.setLastName("Renamed-Upstream");
        upstream.admin().users().get(upstreamUna.getId()).update(upstreamUna);
        cleanups.add(() -> {
            upstreamUna.setLastName("Upstream");
            upstream.admin().users().get(upstreamUna.getId()).update(upstreamUna);
        });
        brokeredSignIn();
        awaitTrue(() -> "Renamed-Upstream".equals(realm.admin().users().get(una).toRepresentation().getLastName()),
                "the provider (sync mode FORCE) changed una in Keycloak");
        awaitTrue(() -> "Renamed-Upstream".equals(familyName(una)), "and at the target");
    }

    // -- groups ---------------------------------------------------------------------------------------------------

    @Test
    void renamingAGroupMovesItsMembersToTheNewNameAtTheTarget() {
        String gus = createUser("gus", "gus@example.org");
        GroupRepresentation team = createGroup("team-old");
        realm.admin().users().get(gus).joinGroup(team.getId());
        awaitTrue(() -> scim.isMember("team-old", gus), "gus in team-old at the target");
        team.setName("team-new");
        realm.admin().groups().group(team.getId()).update(team);
        // One delivery adds gus to the new name, then removes him from the old one: both awaited.
        awaitTrue(() -> scim.isMember("team-new", gus) && !scim.isMember("team-old", gus),
                "gus in the renamed group at the target, and out of the old name");
    }

    @Test
    void deletingAGroupRemovesItsMembersFromItAtTheTarget() {
        String dora = createUser("dora", "dora@example.org");
        GroupRepresentation doomed = createGroup("doomed");
        realm.admin().users().get(dora).joinGroup(doomed.getId());
        awaitTrue(() -> scim.isMember("doomed", dora), "dora in doomed at the target");
        realm.admin().groups().group(doomed.getId()).remove();
        awaitTrue(() -> !scim.isMember("doomed", dora), "the group deleted in Keycloak: dora out of it at the target");
        assertTrue(active(dora));
    }

    @Test
    void movingAGroupOutOfTheAudienceGroupDeprovisionsItsMembers() {
        onlyTarget("partners-app", Map.of("users", "group", "usersGroup", "/partners"));
        GroupRepresentation moving = new GroupRepresentation();
        moving.setName("moving");
        String partners = realm.admin().groups().groups("partners", 0, 10).get(0).getId();
        try (Response r = realm.admin().groups().group(partners).subGroup(moving)) {
            assertEquals(201, r.getStatus());
        }
        String movingId = realm.admin().getGroupByPath("/partners/moving").getId();
        cleanups.add(() -> realm.admin().groups().group(movingId).remove());
        String mo = createUser("moe", "moe@example.org");
        realm.admin().users().get(mo).joinGroup(movingId);
        oauth.doPasswordGrantRequest("moe", "moe-pw");
        awaitTrue(() -> scim.userByExternalId(mo) != null && active(mo), "moe, under /partners, at the target");

        GroupRepresentation top = realm.admin().groups().group(movingId).toRepresentation();
        try (Response r = realm.admin().groups().add(top)) {
            assertTrue(r.getStatus() == 201 || r.getStatus() == 204, "moved to the top level: " + r.getStatus());
        }
        assertEquals("/moving", realm.admin().groups().group(movingId).toRepresentation().getPath());
        awaitTrue(() -> !active(mo), "the group moved out of /partners: moe deprovisioned at the group's target");
    }

    // -- Organizations, identity-provider links, Workflows, lockout ---------------------------------------------------

    @Test
    void leavingAndRejoiningAnOrganizationReachesATargetWhoseAudienceIsItsMembers() {
        String policy = policy("Org members", Map.of("organizations", "paths-org"));
        cleanups.add(() -> realm.admin().components().component(policy).remove());
        onlyTarget("org-app", Map.of("users", "external"));
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName("Paths Org");
        org.setAlias("paths-org");
        org.setEnabled(true);
        OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
        domain.setName("paths-org.example");
        org.addDomain(domain);
        try (Response r = realm.admin().organizations().create(org)) {
            assertEquals(201, r.getStatus());
        }
        String orgId = realm.admin().organizations().getAll().stream().filter(o -> "paths-org".equals(o.getAlias()))
                .findFirst().orElseThrow().getId();
        cleanups.add(() -> realm.admin().organizations().get(orgId).delete().close());

        String olga = createUser("olga", "olga@example.org");
        try (Response r = realm.admin().organizations().get(orgId).members().addMember(olga)) {
            assertEquals(201, r.getStatus());
        }
        oauth.doPasswordGrantRequest("olga", "olga-pw");
        awaitTrue(() -> active(olga), "olga, an organization member, at the target");
        try (Response r = realm.admin().organizations().get(orgId).members().member(olga).delete()) {
            assertEquals(204, r.getStatus());
        }
        awaitTrue(() -> !active(olga), "removed from the organization: out of the audience, deprovisioned");
        try (Response r = realm.admin().organizations().get(orgId).members().addMember(olga)) {
            assertEquals(201, r.getStatus());
        }
        awaitTrue(() -> active(olga), "a member again: active again");
    }

    @Test
    void removingAnIdentityProviderLinkReachesATargetWhoseAudienceIsLinkedUsers() {
        String policy = policy("Upstream users", Map.of("identityProviders", "upstream"));
        cleanups.add(() -> realm.admin().components().component(policy).remove());
        onlyTarget("linked-app", Map.of("users", "external"));
        String lin = createUser("lin", "lin@example.org");
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider("upstream");
        link.setUserId("upstream-lin");
        link.setUserName("lin");
        try (Response r = realm.admin().users().get(lin).addFederatedIdentity("upstream", link)) {
            assertEquals(204, r.getStatus());
        }
        oauth.doPasswordGrantRequest("lin", "lin-pw");
        awaitTrue(() -> active(lin), "lin, linked to upstream, at the target");
        realm.admin().users().get(lin).removeFederatedIdentity("upstream");
        awaitTrue(() -> !active(lin), "the link removed by an admin: out of the audience, deprovisioned");
    }

    @Test
    void aWorkflowStepThatSetsAnAttributeReachesTheTarget() {
        allowCustomAttributes();
        ComponentRepresentation app = realm.admin().components().component(target).toRepresentation();
        app.getConfig().putSingle("attributeMap", "department=" + ENTERPRISE + ":department");
        realm.admin().components().component(target).update(app);
        HttpResponse<String> created = admin("POST", "/workflows", """
                {"name": "paths-set-department", "on": "user-created",
                 "steps": [{"uses": "set-user-attribute", "after": "1s", "with": {"department": "Research"}}]}""");
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String workflow = location.substring(location.lastIndexOf('/') + 1);
        cleanups.add(() -> admin("DELETE", "/workflows/" + workflow, null));
        String wes = createUser("wes", "wes@example.org");
        awaitTrue(() -> "Research".equals(realm.admin().users().get(wes).toRepresentation().firstAttribute("department")),
                "the workflow set wes's department");
        awaitTrue(() -> scim.userByExternalId(wes) != null
                && "Research".equals(scim.userByExternalId(wes).path(ENTERPRISE).path("department").asText()),
                "the department at the target");
    }

    @Test
    void permanentLockoutDeprovisionsTheUser() {
        RealmRepresentation before = realm.admin().toRepresentation();
        RealmRepresentation locking = realm.admin().toRepresentation();
        locking.setBruteForceProtected(true);
        locking.setPermanentLockout(true);
        locking.setMaxTemporaryLockouts(0);
        locking.setFailureFactor(2);
        realm.admin().update(locking);
        cleanups.add(() -> {
            RealmRepresentation restore = realm.admin().toRepresentation();
            restore.setBruteForceProtected(before.isBruteForceProtected());
            restore.setPermanentLockout(before.isPermanentLockout());
            restore.setMaxTemporaryLockouts(before.getMaxTemporaryLockouts());
            restore.setFailureFactor(before.getFailureFactor());
            realm.admin().update(restore);
        });
        String lou = createUser("lou", "lou@example.org");
        awaitTrue(() -> active(lou), "lou at the target");
        for (int i = 0; i < 3 && realm.admin().users().get(lou).toRepresentation().isEnabled(); i++) {
            oauth.doPasswordGrantRequest("lou", "wrong-" + i);
        }
        awaitTrue(() -> !realm.admin().users().get(lou).toRepresentation().isEnabled(), "lou locked out permanently (disabled)");
        awaitTrue(() -> !active(lou), "and deprovisioned at the target");
    }

    // -- user federation (LDAP) ------------------------------------------------------------------------------------

    @Test
    void ldapUserReachesTheTargetAtFirstSignInAndAChangeThroughKeycloakFollows() throws Exception {
        String ldapId = ldapProvider();
        ldapUser("lara", "Lara", "Ldap");
        oauth.doPasswordGrantRequest("lara", "lara-pw");
        String lara = userId("lara");
        awaitTrue(() -> "Ldap".equals(familyName(lara)), "the LDAP user at the target after her first sign-in");
        assertEquals(ldapId, realm.admin().users().get(lara).toRepresentation().getFederationLink());

        update(lara, rep -> rep.setLastName("ThroughKeycloak"));
        awaitTrue(() -> "ThroughKeycloak".equals(familyName(lara)), "changed through Keycloak (written to LDAP): at the target");
        assertEquals("ThroughKeycloak", ldap.getEntry("uid=lara,ou=people," + LDAP_BASE).getAttributeValue("sn"));
    }

    @Test
    void anLdapUserDeletedInTheDirectoryIsDeprovisionedWhenKeycloakDropsThem() throws Exception {
        ldapProvider();
        ldapUser("lex", "Lex", "Ldap");
        oauth.doPasswordGrantRequest("lex", "lex-pw");
        String lex = userId("lex");
        awaitTrue(() -> active(lex), "lex at the target");
        ldap.delete("uid=lex,ou=people," + LDAP_BASE);
        // The next lookup finds lex gone from the directory: Keycloak deletes its copy (remove invalid users, the default).
        try {
            realm.admin().users().get(lex).toRepresentation();
        } catch (jakarta.ws.rs.NotFoundException expected) {
            // the lookup itself answers 404
        }
        awaitTrue(() -> realm.admin().users().search("lex", true).isEmpty(), "Keycloak dropped lex");
        awaitTrue(() -> !active(lex), "and lex is deactivated at the target");
    }

    @Test
    void anLdapChangeImportedBySyncReachesTheTargetThroughGatehousesLdapMapper() throws Exception {
        String ldapId = ldapProvider();
        ldapUser("leo", "Leo", "Ldap");
        oauth.doPasswordGrantRequest("leo", "leo-pw");
        String leo = userId("leo");
        awaitTrue(() -> "Ldap".equals(familyName(leo)), "leo at the target");

        // Without the mapper: Keycloak's LDAP sync imports the change and announces nothing.
        ldap.modify("uid=leo,ou=people," + LDAP_BASE, new Modification(ModificationType.REPLACE, "sn", "InDirectory"));
        realm.admin().userStorage().syncUsers(ldapId, "triggerFullSync");
        awaitTrue(() -> "InDirectory".equals(realm.admin().users().get(leo).toRepresentation().getLastName()),
                "Keycloak's LDAP sync imported the change");
        awaitQueueEmpty();
        assertEquals("Ldap", familyName(leo), "without Gatehouse's LDAP mapper the target keeps the old name");

        // With the mapper "gatehouse-provisioning" on the LDAP provider, the next sync's changes reach the target.
        ComponentRepresentation mapper = new ComponentRepresentation();
        mapper.setName("gatehouse provisioning");
        mapper.setProviderId("gatehouse-provisioning");
        mapper.setProviderType("org.keycloak.storage.ldap.mappers.LDAPStorageMapper");
        mapper.setParentId(ldapId);
        mapper.setConfig(new MultivaluedHashMap<>());
        try (Response r = realm.admin().components().add(mapper)) {
            assertEquals(201, r.getStatus(), () -> r.readEntity(String.class));
        }
        ldap.modify("uid=leo,ou=people," + LDAP_BASE, new Modification(ModificationType.REPLACE, "sn", "Synced"));
        realm.admin().userStorage().syncUsers(ldapId, "triggerFullSync");
        awaitTrue(() -> "Synced".equals(familyName(leo)), "the synced change at the target");
    }

    // -- helpers --------------------------------------------------------------------------------------------------

    private ProvisioningTargets targets() {
        return new ProvisioningTargets(realm, adminClient);
    }

    /**
     * Replaces the test's target (every user) by one with this audience: two targets on one SCIM server would send
     * the same user there as active and as deprovisioned, in no fixed order.
     */
    private void onlyTarget(String name, Map<String, String> audience) {
        realm.admin().components().component(target).remove();
        target = targets().create(name, scimTarget(audience));
    }

    private static Map<String, String> scimTarget(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("kind", "scim", "url", scim.baseUrl(), "auth", "bearer",
                "secret", "${vault.scim-token}"));
        config.putAll(extra);
        return config;
    }

    private String createUser(String username, String email) {
        return targets().createUser(username, Character.toUpperCase(username.charAt(0)) + username.substring(1), "Paths", email);
    }

    private static UserRepresentation userRep(String username, String email) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(username);
        u.setEmail(email);
        u.setFirstName(Character.toUpperCase(username.charAt(0)) + username.substring(1));
        u.setLastName("Paths");
        u.setEnabled(true);
        org.keycloak.representations.idm.CredentialRepresentation password = new org.keycloak.representations.idm.CredentialRepresentation();
        password.setType("password");
        password.setValue(username + "-pw");
        u.setCredentials(List.of(password));
        return u;
    }

    private void partialImport(List<UserRepresentation> users, PartialImportRepresentation.Policy policy) {
        PartialImportRepresentation rep = new PartialImportRepresentation();
        rep.setIfResourceExists(policy.name());
        rep.setUsers(users);
        try (Response r = realm.admin().partialImport(rep)) {
            assertEquals(200, r.getStatus(), () -> r.readEntity(String.class));
        }
    }

    private String userId(String username) {
        awaitTrue(() -> !realm.admin().users().search(username, true).isEmpty(), username + " exists in Keycloak");
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private void update(String userId, java.util.function.Consumer<UserRepresentation> change) {
        UserResource user = realm.admin().users().get(userId);
        UserRepresentation rep = user.toRepresentation();
        change.accept(rep);
        user.update(rep);
    }

    private void join(String userId, String group) {
        realm.admin().users().get(userId).joinGroup(realm.admin().getGroupByPath("/" + group).getId());
    }

    private void leave(String userId, String group) {
        realm.admin().users().get(userId).leaveGroup(realm.admin().getGroupByPath("/" + group).getId());
    }

    private GroupRepresentation createGroup(String name) {
        GroupRepresentation g = new GroupRepresentation();
        g.setName(name);
        try (Response r = realm.admin().groups().add(g)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            g.setId(path.substring(path.lastIndexOf('/') + 1));
        }
        String id = g.getId();
        cleanups.add(() -> realm.admin().groups().group(id).remove());
        return realm.admin().groups().group(id).toRepresentation();
    }

    /** A report-only Gatehouse policy with these rules. */
    private String policy(String name, Map<String, String> rules) {
        ComponentRepresentation policy = new ComponentRepresentation();
        policy.setName(name);
        policy.setProviderId("gatehouse-external-user-policy");
        policy.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        policy.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("name", name);
        config.putSingle("mode", "report-only");
        config.putSingle("priority", "1");
        rules.forEach(config::putSingle);
        policy.setConfig(config);
        try (Response r = realm.admin().components().add(policy)) {
            assertEquals(201, r.getStatus(), () -> r.readEntity(String.class));
            String path = r.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private void allowCustomAttributes() {
        UPConfig before = realm.admin().users().userProfile().getConfiguration();
        UPConfig allowing = realm.admin().users().userProfile().getConfiguration();
        allowing.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.admin().users().userProfile().update(allowing);
        cleanups.add(() -> realm.admin().users().userProfile().update(before));
    }

    /** Keycloak's LDAP user federation over the in-memory directory: imported, writable, uncached. */
    private String ldapProvider() {
        ComponentRepresentation c = new ComponentRepresentation();
        c.setName("paths-ldap");
        c.setProviderId("ldap");
        c.setProviderType("org.keycloak.storage.UserStorageProvider");
        c.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        Map.ofEntries(Map.entry("enabled", "true"), Map.entry("vendor", "other"),
                Map.entry("connectionUrl", "ldap://localhost:" + ldap.getListenPort()),
                Map.entry("usersDn", "ou=people," + LDAP_BASE), Map.entry("bindDn", LDAP_ADMIN),
                Map.entry("bindCredential", LDAP_ADMIN_PASSWORD), Map.entry("authType", "simple"),
                Map.entry("editMode", "WRITABLE"), Map.entry("usernameLDAPAttribute", "uid"), Map.entry("rdnLDAPAttribute", "uid"),
                Map.entry("uuidLDAPAttribute", "entryUUID"), Map.entry("userObjectClasses", "inetOrgPerson, organizationalPerson"),
                Map.entry("searchScope", "1"), Map.entry("pagination", "false"), Map.entry("importEnabled", "true"),
                Map.entry("syncRegistrations", "false"), Map.entry("cachePolicy", "NO_CACHE"), Map.entry("trustEmail", "true"))
                .forEach(config::putSingle);
        c.setConfig(config);
        try (Response r = realm.admin().components().add(c)) {
            assertEquals(201, r.getStatus(), () -> r.readEntity(String.class));
            String path = r.getLocation().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            // Removing the provider deletes its imported users with it.
            cleanups.add(() -> realm.admin().components().component(id).remove());
            return id;
        }
    }

    private static void ldapUser(String uid, String givenName, String sn) throws Exception {
        ldap.add("dn: uid=" + uid + ",ou=people," + LDAP_BASE, "objectClass: inetOrgPerson", "objectClass: organizationalPerson",
                "objectClass: person", "uid: " + uid, "cn: " + givenName + " " + sn, "givenName: " + givenName, "sn: " + sn,
                "mail: " + uid + "@ldap.example", "userPassword: " + uid + "-pw");
    }

    private void brokeredSignIn() {
        freshBrowser(upstream);
        freshBrowser(realm);
        oauth.openLoginForm();
        loginPage.clickSocial("upstream");
        loginPage.fillLogin("una", "una-pw");
        loginPage.submit();
        awaitTrue(() -> !realm.admin().users().search("una", true).isEmpty() && driver.getCurrentUrl().contains("code="),
                "una signed in through upstream: " + driver.getCurrentUrl());
    }

    private void freshBrowser(ManagedRealm which) {
        driver.open(which.getBaseUrl() + "/account");
        driver.cookies().deleteAll();
    }

    /** A token of the realm's SCIM client (service account with manage-users, SCIM API audience). */
    private String scimApiToken() throws IOException {
        HttpResponse<String> r = post(realm.getBaseUrl() + "/protocol/openid-connect/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=scim-provisioner&client_secret="
                        + URLEncoder.encode("scim-provisioner-secret", StandardCharsets.UTF_8), null);
        assertEquals(200, r.statusCode(), r.body());
        return ProvisioningTargets.JSON.readTree(r.body()).path("access_token").asText();
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        String base = realm.getBaseUrl().replace("/realms/", "/admin/realms/");
        return send(method, base + path, json == null ? null : "application/json", json,
                adminClient.tokenManager().getAccessTokenString());
    }

    private static HttpResponse<String> post(String url, String type, String body, String bearer) {
        return send("POST", url, type, body, bearer);
    }

    private static HttpResponse<String> send(String method, String url, String type, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean active(String externalId) {
        User user = scim.userByExternalId(externalId);
        return user != null && user.isActive().orElse(false);
    }

    private static String familyName(String externalId) {
        User user = scim.userByExternalId(externalId);
        return user == null ? null : user.getName().flatMap(n -> n.getFamilyName()).orElse(null);
    }

    private void awaitQueueEmpty() {
        awaitTrue(() -> targets().pending(target) == 0, "the target's queue drained");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        ProvisioningTargets.awaitTrue(condition, what);
    }
}
