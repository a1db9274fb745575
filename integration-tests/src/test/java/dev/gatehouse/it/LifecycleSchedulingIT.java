package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

/**
 * A workflow with {@code gatehouse-external-user} created after the users exist, and scheduled for existing users
 * ({@code schedule.after}), starts exactly for the external users: Keycloak selects them in batches with Gatehouse's
 * SQL predicate, and a twin workflow with {@code not gatehouse-external-user} starts exactly for the others — so the
 * predicate neither misses external users nor selects internal ones. The same set is what the dry-run lists.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class LifecycleSchedulingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Users by username, created once for the class: the workflows are created after them. */
    private static final Map<String, String> USERS = new java.util.LinkedHashMap<>();

    @InjectRealm(fromJson = "lifecycle-scheduling-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private final List<String> workflows = new ArrayList<>();

    @BeforeEach
    void usersAndPolicies() {
        if (!USERS.isEmpty()) {
            return;
        }
        addPolicy(Map.of("name", "Partners", "mode", "report-only", "externalDomains", "partner.example",
                "groups", "/partners", "identityProviders", "partner-idp", "organizations", "acme",
                "attributeName", "userType", "attributeValue", "contractor"));
        addPolicy(Map.of("name", "Managed", "mode", "report-only", "priority", "1", "unmanagedDomainIsExternal", "true",
                "managedDomains", "corp.example", "attributeName", "costCenter", "attributeRegex", "EXT-[0-9]+"));
        // userType and costCenter are not in the user profile: let the admin API keep them
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.admin().users().userProfile().update(profile);
        String acme = addOrganization("acme");
        String other = addOrganization("other");

        user("dana", "dana@partner.example", true, u -> { });
        user("sub", "sub@eu.partner.example", true, u -> { });
        user("uni", "uni@bücher.partner.example", true, u -> { });
        user("gina", "gina@corp.example", true, u -> u.setGroups(List.of("/partners/eu")));
        user("ian", "ian@corp.example", true, u -> { });
        user("olga", "olga@corp.example", true, u -> { });
        user("ada", "ada@corp.example", true, u -> u.singleAttribute("userType", "contractor"));
        user("reg", "reg@corp.example", true, u -> u.singleAttribute("costCenter", "EXT-12"));
        // internal look-alikes
        user("nora", "nora@notpartner.example", true, u -> { });
        user("paul", "paul@partner.example.org", true, u -> { });
        user("sam", "sam@corp.example", true, u -> u.setGroups(List.of("/staff")));
        user("otto", "otto@corp.example", true, u -> { });
        user("oleg", "oleg@corp.example", true, u -> { });
        user("val", "val@corp.example", true, u -> u.singleAttribute("userType", "employee"));
        user("rex", "rex@corp.example", true, u -> u.singleAttribute("costCenter", "EXT-7x"));
        user("uma", "uma@bücher.corp.example", true, u -> { });
        user("unv", "unv@corp.example", false, u -> { });
        user("nomail", null, false, u -> { });

        // test mode: of its rules' external users only its test users (compared in lower case) count; nora is a test
        // user its rules do not make external. Added after the users: test users must exist.
        addPolicy(Map.of("name", "Pilot", "mode", "test", "priority", "2", "externalDomains", "partner.example",
                "testUsers", "Dana", "identityProviders", "partner-idp"));
        addTestUsers("Pilot", "Dana", "SUB", "nora");
        link("ian", "partner-idp");
        link("otto", "other-idp");
        member(acme, "olga");
        member(other, "oleg");
    }

    @AfterEach
    void removeWorkflows() {
        timeOffSet.set(0);
        workflows.forEach(id -> http("DELETE", adminBase() + "/workflows/" + id, null));
        workflows.clear();
    }

    @Test
    void scheduledWorkflowStartsForExactlyTheUsersEachRuleKindMakesExternal() {
        assertScheduledExactly("Partners",
                Set.of("dana", "sub", "uni", "gina", "ian", "olga", "ada"));
    }

    @Test
    void scheduledWorkflowStartsForUsersOutsideManagedDomainsAndByRegexAttribute() {
        assertScheduledExactly("Managed",
                Set.of("dana", "sub", "uni", "nora", "paul", "reg", "unv", "nomail"));
    }

    /** A test-mode policy: the scheduled selection (SQL) and each start (Java) both count its test users only. */
    @Test
    void scheduledWorkflowUnderATestModePolicyStartsForItsExternalTestUsersOnly() {
        assertScheduledExactly("Pilot", Set.of("dana", "sub"));
    }

    private void assertScheduledExactly(String policy, Set<String> externalUsers) {
        Set<String> external = new TreeSet<>(externalUsers);
        Set<String> internal = new TreeSet<>(USERS.keySet());
        internal.removeAll(external);
        String yes = addScheduledWorkflow("external-" + policy, "gatehouse-external-user(" + policy + ")");
        String no = addScheduledWorkflow("internal-" + policy, "not gatehouse-external-user(" + policy + ")");

        // every second Keycloak starts the next batch of each workflow; on a loaded machine that takes a while
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && !(scheduledFor(yes).equals(external) && scheduledFor(no).equals(internal))) {
            ProvisioningTargets.pause(500);
        }
        assertEquals(external, scheduledFor(yes), "started by " + yes);
        assertEquals(internal, scheduledFor(no), "started by " + no);

        timeOffSet.set(2 * 86_400);
        assertEquals(external, dryRun(policy), "the dry-run lists the same users");
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    /** Users with a step of this workflow; a batch of 4 makes Keycloak run its selection several times. */
    private Set<String> scheduledFor(String workflowName) {
        Set<String> names = new TreeSet<>();
        USERS.forEach((username, id) -> {
            HttpResponse<String> r = http("GET", adminBase() + "/workflows/scheduled/" + id, null);
            assertEquals(200, r.statusCode(), r.body());
            List<Map<String, Object>> scheduled = read(r.body(), new TypeReference<>() { });
            if (scheduled.stream().anyMatch(w -> workflowName.equals(w.get("name")))) {
                names.add(username);
            }
        });
        return names;
    }

    private String addScheduledWorkflow(String name, String condition) {
        String json = """
                {"name": "%s", "if": "%s",
                 "schedule": {"after": "1s", "batch-size": 4},
                 "steps": [{"uses": "disable-user", "after": "30d"}]}""".formatted(name, condition);
        HttpResponse<String> created = http("POST", adminBase() + "/workflows", json);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        workflows.add(location.substring(location.lastIndexOf('/') + 1));
        return name;
    }

    private Set<String> dryRun(String policy) {
        HttpResponse<String> r = http("GET", adminBase() + "/gatehouse-lifecycle/dry-run?days=1&policy=" + policy, null);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> report = read(r.body(), new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> users = (List<Map<String, Object>>) report.get("users");
        Set<String> names = new TreeSet<>();
        users.forEach(u -> names.add((String) u.get("username")));
        return names;
    }

    private void user(String username, String email, boolean verified, Consumer<UserRepresentation> extra) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(username);
        u.setEmail(email);
        u.setEmailVerified(verified);
        u.setFirstName(username);
        u.setLastName("Scheduling");
        u.setEnabled(true);
        extra.accept(u);
        try (Response response = realm.admin().users().create(u)) {
            assertEquals(201, response.getStatus(), () -> username + ": " + response.readEntity(String.class));
            String path = response.getLocation().getPath();
            USERS.put(username, path.substring(path.lastIndexOf('/') + 1));
        }
    }

    private void link(String username, String alias) {
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider(alias);
        link.setUserId(username + "-at-" + alias);
        link.setUserName(username);
        try (Response response = realm.admin().users().get(USERS.get(username)).addFederatedIdentity(alias, link)) {
            assertEquals(204, response.getStatus());
        }
    }

    private String addOrganization(String alias) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(alias);
        org.setAlias(alias);
        org.setEnabled(true);
        OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
        domain.setName(alias + ".example");
        org.addDomain(domain);
        try (Response created = realm.admin().organizations().create(org)) {
            assertEquals(201, created.getStatus());
            String path = created.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private void member(String orgId, String username) {
        try (Response added = realm.admin().organizations().get(orgId).members().addMember(USERS.get(username))) {
            assertEquals(201, added.getStatus());
        }
    }

    private void addPolicy(Map<String, String> config) {
        AdminRest.addPageComponent(realm, "gatehouse-external-user-policy", config);
    }

    private void addTestUsers(String policyName, String... usernames) {
        org.keycloak.representations.idm.ComponentRepresentation policy = realm.admin().components()
                .query(realm.admin().toRepresentation().getId(), "org.keycloak.services.ui.extend.UiPageProvider").stream()
                .filter(c -> policyName.equals(c.getName())).findFirst().orElseThrow();
        policy.getConfig().put("testUsers", List.of(usernames));
        realm.admin().components().component(policy.getId()).update(policy);
    }

    private String adminBase() {
        return AdminRest.adminBase(realm);
    }

    private static <T> T read(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> http(String method, String url, String json) {
        return AdminRest.send(adminClient, method, url, json);
    }
}
