package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.external.UserFacts;

class RealmPoliciesTest {

    /** A user in the given groups, with a verified corp.example email. */
    private static UserFacts inGroups(String... groups) {
        return new UserFacts() {
            public String email() { return "u@corp.example"; }
            public boolean emailVerified() { return true; }
            public List<String> attributeValues(String name) { return List.of(); }
            public boolean inGroupOrSubgroup(String path) { return Set.of(groups).contains(path); }
            public boolean inOrganization(Set<String> aliases) { return false; }
            public boolean linkedToIdentityProvider(String alias) { return false; }
        };
    }

    private static ExternalUserPolicy policy(String name, int priority, String group, String... more) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(PolicyConfig.PRIORITY, List.of(Integer.toString(priority)));
        config.put(PolicyConfig.GROUPS, List.of(group));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], List.of(more[i + 1]));
        }
        return PolicyConfig.parse(name, name, config);
    }

    private static RealmPolicies realm(ExternalUserPolicy... policies) {
        return new RealmPolicies(new ArrayList<>(List.of(policies)));
    }

    @Test
    void highestPriorityThatTargetsTheUserApplies() {
        RealmPolicies policies = realm(policy("Low", 10, "/a"), policy("High", 20, "/b"), policy("Top", 30, "/c"));
        assertEquals("High", policies.evaluate(inGroups("/a", "/b"), "u", false).applied().orElseThrow().policy().name());
        assertTrue(policies.evaluate(inGroups("/z"), "u", false).applied().isEmpty());
    }

    @Test
    void disabledPolicyIsSkipped() {
        RealmPolicies policies = realm(policy("Off", 20, "/a", PolicyConfig.ENABLED, "false"), policy("On", 10, "/a"));
        RealmPolicies.Evaluation e = policies.evaluate(inGroups("/a"), "u", true);
        assertEquals("On", e.applied().orElseThrow().policy().name());
        assertEquals(Verdict.Outcome.DISABLED, e.verdicts().get(0).outcome());
    }

    @Test
    void testModeActsOnlyOnItsUsersCaseInsensitively() {
        RealmPolicies policies = realm(policy("Pilot", 20, "/a", PolicyConfig.MODE, "test", PolicyConfig.TEST_USERS, "tess"),
                policy("Base", 10, "/a"));
        assertEquals("Pilot", policies.evaluate(inGroups("/a"), "TESS", false).applied().orElseThrow().policy().name());
        RealmPolicies.Evaluation other = policies.evaluate(inGroups("/a"), "ada", true);
        assertEquals("Base", other.applied().orElseThrow().policy().name());
        assertEquals(Verdict.Outcome.TEST_MODE_EXCLUDES_USER, other.verdicts().get(0).outcome());
    }

    @Test
    void aPolicyCountsAUserOnlyWhileEnabledInItsScopeAndExternalByItsRules() {
        assertTrue(policy("On", 10, "/a").counts(inGroups("/a"), "u"));
        assertTrue(policy("Audit", 10, "/a", PolicyConfig.MODE, "report-only").counts(inGroups("/a"), "u"),
                "report-only counts its users; it only does not enforce");
        assertFalse(policy("On", 10, "/a").counts(inGroups("/b"), "u"), "not external by its rules");
        assertFalse(policy("Off", 10, "/a", PolicyConfig.ENABLED, "false").counts(inGroups("/a"), "u"), "disabled");
        ExternalUserPolicy pilot = policy("Pilot", 10, "/a", PolicyConfig.MODE, "test", PolicyConfig.TEST_USERS, "tess");
        assertTrue(pilot.counts(inGroups("/a"), "Tess"), "test users compared in lower case");
        assertFalse(pilot.counts(inGroups("/a"), "ada"), "test mode: only its test users");
    }

    @Test
    void testModeLimitsWhomAPolicyCountsNotWhoIsExternal() {
        ExternalUserPolicy pilot = policy("Pilot", 10, "/a", PolicyConfig.MODE, "test", PolicyConfig.TEST_USERS, "tess");
        assertFalse(pilot.counts(inGroups("/a"), "ada"));
        assertTrue(pilot.classifiesExternal(inGroups("/a")), "governance's question: external by its rules, whatever the mode");
        assertFalse(pilot.classifiesExternal(inGroups("/b")));
        assertFalse(policy("Off", 10, "/a", PolicyConfig.ENABLED, "false").classifiesExternal(inGroups("/a")), "disabled");
    }

    @Test
    void reportOnlyNeverAppliesButIsNotedWhenItWouldHave() {
        RealmPolicies policies = realm(policy("Audit", 30, "/a", PolicyConfig.MODE, "report-only"), policy("Base", 10, "/a"),
                policy("Below", 5, "/a", PolicyConfig.MODE, "report-only"));
        RealmPolicies.Evaluation e = policies.evaluate(inGroups("/a"), "u", true);
        assertEquals("Base", e.applied().orElseThrow().policy().name());
        assertEquals(List.of("Audit"), e.reportOnly().stream().map(v -> v.policy().name()).toList());
        assertEquals(Verdict.Outcome.OUTRANKED, e.verdicts().get(2).outcome());
    }

    @Test
    void loginStopsAtTheAppliedPolicyWhileWhatIfExplainsAll() {
        RealmPolicies policies = realm(policy("First", 20, "/a"), policy("Second", 10, "/a"));
        assertEquals(1, policies.evaluate(inGroups("/a"), "u", false).verdicts().size());
        RealmPolicies.Evaluation all = policies.evaluate(inGroups("/a"), "u", true);
        assertEquals(List.of(Verdict.Outcome.APPLIES, Verdict.Outcome.OUTRANKED), all.verdicts().stream().map(Verdict::outcome).toList());
    }

    @Test
    void notTargetedPoliciesSayWhy() {
        RealmPolicies.Evaluation e = realm(policy("Only", 10, "/a")).evaluate(inGroups("/b"), "u", true);
        assertEquals(Verdict.Outcome.NOT_TARGETED, e.verdicts().get(0).outcome());
    }
}
