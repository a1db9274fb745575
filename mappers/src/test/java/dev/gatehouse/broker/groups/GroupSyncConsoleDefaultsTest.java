package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.config.ConsoleDefaults;

/** An IdP group-sync mapper saved through REST with keys left out means what the console pre-fills. */
class GroupSyncConsoleDefaultsTest {

    private static final Map<String, String> DEFAULTS = ConsoleDefaults.of(new IdpGroupSyncMapper().getConfigProperties());
    private static final Map<String, String> MINIMAL = Map.of(GroupSyncSettings.PARENT, "/partners");

    @Test
    void anEmptyConfigIsRefusedAskingForTheParentGroup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupSyncSettings.parse(Map.of()));
        assertTrue(e.getMessage().contains("parent group"), e.getMessage());
    }

    @Test
    void everyLeftOutKeyMeansTheConsoleDefault() {
        GroupSyncSettings leftOut = GroupSyncSettings.parse(MINIMAL);
        Map<String, String> all = new HashMap<>(DEFAULTS);
        all.putAll(MINIMAL);
        assertEquals(leftOut, GroupSyncSettings.parse(all));
        DEFAULTS.forEach((key, value) -> {
            Map<String, String> one = new HashMap<>(MINIMAL);
            one.putIfAbsent(key, value);
            assertEquals(leftOut, GroupSyncSettings.parse(one), () -> key + " = " + value + " differs from leaving it out");
        });
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        GroupSyncSettings s = GroupSyncSettings.parse(MINIMAL);
        assertTrue(s.createMissing());
        assertEquals(GroupSyncSettings.DEFAULT_MAX_GROUPS, s.maxGroups());
        assertNull(s.delimiter());
        assertEquals("urn:oid:2.5.4.31", s.groupsAttribute(true));
        assertEquals("groups", s.groupsAttribute(false));
    }
}
