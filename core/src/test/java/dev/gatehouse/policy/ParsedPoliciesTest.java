package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

class ParsedPoliciesTest {

    private static ComponentModel policy(String priority) {
        ComponentModel c = new ComponentModel();
        c.setId("p1");
        c.setName("Partners");
        c.getConfig().putSingle(PolicyConfig.GROUPS, "/partners");
        c.getConfig().putSingle(PolicyConfig.PRIORITY, priority);
        return c;
    }

    @Test
    void unchangedPolicyIsParsedOnce() {
        ParsedPolicies memo = new ParsedPolicies();
        ExternalUserPolicy first = memo.parse(policy("10")).orElseThrow();
        assertSame(first, memo.parse(policy("10")).orElseThrow());
    }

    @Test
    void changedPolicyIsParsedAgain() {
        ParsedPolicies memo = new ParsedPolicies();
        ExternalUserPolicy first = memo.parse(policy("10")).orElseThrow();
        ExternalUserPolicy changed = memo.parse(policy("20")).orElseThrow();
        assertNotSame(first, changed);
        assertEquals(20, changed.priority());
        ComponentModel renamed = policy("20");
        renamed.setName("Vendors");
        renamed.getConfig().remove(PolicyConfig.NAME);
        assertEquals("Vendors", memo.parse(renamed).orElseThrow().name());
    }

    @Test
    void invalidPolicyIsSkippedNotHalfApplied() {
        ComponentModel broken = policy("high");
        assertTrue(new ParsedPolicies().parse(broken).isEmpty());
    }

    @Test
    void laterChangesToTheStoredConfigDoNotLeakIntoTheMemo() {
        ParsedPolicies memo = new ParsedPolicies();
        ComponentModel stored = policy("10");
        ExternalUserPolicy first = memo.parse(stored).orElseThrow();
        stored.getConfig().putSingle(PolicyConfig.PRIORITY, "30");
        assertEquals(30, memo.parse(stored).orElseThrow().priority());
        assertNotSame(first, memo.parse(stored));
    }
}
