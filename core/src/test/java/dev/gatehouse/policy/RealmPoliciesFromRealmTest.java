package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

import dev.gatehouse.external.UserFacts;

/** {@link RealmPolicies#of(RealmModel)}: reading stored components, precedence and skipping broken ones. */
class RealmPoliciesFromRealmTest {

    private static final String REALM_ID = "realm-1";

    private static ComponentModel component(String providerId, String name, String... keyValues) {
        ComponentModel c = new ComponentModel();
        c.setId("id-" + name);
        c.setName(name);
        c.setParentId(REALM_ID);
        c.setProviderId(providerId);
        c.setProviderType(UiPageProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.add(keyValues[i], keyValues[i + 1]);
        }
        c.setConfig(config);
        return c;
    }

    /** A policy component targeting members of {@code group}. */
    private static ComponentModel policy(String name, int priority, String group, String... more) {
        String[] keyValues = new String[4 + more.length];
        keyValues[0] = PolicyConfig.PRIORITY;
        keyValues[1] = Integer.toString(priority);
        keyValues[2] = PolicyConfig.GROUPS;
        keyValues[3] = group;
        System.arraycopy(more, 0, keyValues, 4, more.length);
        return component(ExternalUserPolicyPage.ID, name, keyValues);
    }

    private static RealmPolicies of(ComponentModel... components) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn(REALM_ID);
        when(realm.getComponentsStream(REALM_ID, UiPageProvider.class.getName()))
                .thenAnswer(invocation -> Stream.of(components));
        return RealmPolicies.of(realm);
    }

    private static List<String> names(RealmPolicies policies) {
        return policies.all().stream().map(ExternalUserPolicy::name).toList();
    }

    private static UserFacts inGroups(String... groups) {
        return new UserFacts() {
            @Override
            public String email() {
                return "u@corp.example";
            }

            @Override
            public boolean emailVerified() {
                return true;
            }

            @Override
            public List<String> attributeValues(String name) {
                return List.of();
            }

            @Override
            public boolean inGroupOrSubgroup(String path) {
                return Set.of(groups).contains(path);
            }

            @Override
            public boolean inOrganization(Set<String> aliases) {
                return false;
            }

            @Override
            public boolean linkedToIdentityProvider(String alias) {
                return false;
            }
        };
    }

    @Test
    void policiesAreOrderedHighestPriorityFirst() {
        RealmPolicies policies = of(policy("Low", 1, "/a"), policy("Top", 50, "/a"), policy("Negative", -3, "/a"),
                policy("Mid", 10, "/a"));
        assertEquals(List.of("Top", "Mid", "Low", "Negative"), names(policies));
    }

    @Test
    void highestPriorityPolicyThatTargetsTheUserApplies() {
        RealmPolicies policies = of(policy("Low", 1, "/a"), policy("Top", 50, "/b"), policy("Mid", 10, "/a"));
        assertEquals("Mid", policies.evaluate(inGroups("/a"), "u", false).applied().orElseThrow().policy().name());
        assertEquals("Top", policies.evaluate(inGroups("/a", "/b"), "u", false).applied().orElseThrow().policy().name());
    }

    @Test
    void equalPrioritiesAreOrderedByName() {
        RealmPolicies policies = of(policy("Charlie", 5, "/a"), policy("Alpha", 5, "/a"), policy("Bravo", 5, "/a"));
        assertEquals(List.of("Alpha", "Bravo", "Charlie"), names(policies));
        assertEquals("Alpha", policies.evaluate(inGroups("/a"), "u", false).applied().orElseThrow().policy().name());
    }

    @Test
    void disabledPolicyIsSkippedForTheNextOne() {
        RealmPolicies policies = of(policy("Off", 99, "/a", PolicyConfig.ENABLED, "false"), policy("On", 1, "/a"));
        RealmPolicies.Evaluation e = policies.evaluate(inGroups("/a"), "u", true);
        assertEquals("On", e.applied().orElseThrow().policy().name());
        assertEquals(Verdict.Outcome.DISABLED, e.verdicts().get(0).outcome());
    }

    @Test
    void invalidStoredPolicyIsSkippedNotThrown() {
        ComponentModel broken = policy("Broken", 99, "/a", PolicyConfig.OTP_LENGTH, "4");
        ComponentModel nobody = component(ExternalUserPolicyPage.ID, "Nobody");
        ComponentModel unnamed = policy(" ", 98, "/a");
        RealmPolicies policies = assertDoesNotThrow(() -> of(broken, nobody, unnamed, policy("Good", 1, "/a")));
        assertEquals(List.of("Good"), names(policies));
        assertEquals("Good", policies.evaluate(inGroups("/a"), "u", false).applied().orElseThrow().policy().name());
    }

    @Test
    void componentsOfOtherProvidersAreIgnored() {
        RealmPolicies policies = of(component("some-other-page", "Other", PolicyConfig.GROUPS, "/a"), policy("Mine", 0, "/a"));
        assertEquals(List.of("Mine"), names(policies));
    }

    @Test
    void realmWithoutPoliciesAppliesNothing() {
        RealmPolicies policies = of();
        assertTrue(policies.all().isEmpty());
        assertTrue(policies.evaluate(inGroups("/a"), "u", true).applied().isEmpty());
        assertTrue(policies.evaluate(inGroups("/a"), "u", true).verdicts().isEmpty());
    }

    @Test
    void policyIsFoundByComponentId() {
        RealmPolicies policies = of(policy("First", 2, "/a"), policy("Second", 1, "/b"));
        assertEquals("Second", policies.byId("id-Second").orElseThrow().name());
        assertTrue(policies.byId("missing").isEmpty());
    }

    @Test
    void nullUsernameIsNotInTestMode() {
        RealmPolicies policies = of(policy("Pilot", 5, "/a", PolicyConfig.MODE, "test", PolicyConfig.TEST_USERS, "tess"),
                policy("Base", 1, "/a"));
        RealmPolicies.Evaluation e = policies.evaluate(inGroups("/a"), null, true);
        assertEquals(Verdict.Outcome.TEST_MODE_EXCLUDES_USER, e.verdicts().get(0).outcome());
        assertEquals("Base", e.applied().orElseThrow().policy().name());
    }
}
