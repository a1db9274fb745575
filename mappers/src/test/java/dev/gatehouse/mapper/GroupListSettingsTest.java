package dev.gatehouse.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class GroupListSettingsTest {

    @Test
    void defaultsAreNamesOfDirectGroupsWithoutLimit() {
        GroupListSettings s = GroupListSettings.parse(Map.of("full.path", "false"));
        assertFalse(s.fullPath());
        assertFalse(s.inherited());
        assertEquals(0, s.maxGroups());
        assertTrue(s.ignoredNames().isEmpty());
    }

    @Test
    void fullPathIsOffUnlessSwitchedOn() {
        assertFalse(GroupListSettings.parse(Map.of()).fullPath(), "the console and docs/mappers.md: off by default");
        assertTrue(GroupListSettings.parse(Map.of(GroupListSettings.FULL_PATH, "true")).fullPath());
    }

    @Test
    void multiValuedSettingsSplitOnKeycloaksSeparator() {
        GroupListSettings s = GroupListSettings.parse(Map.of(GroupListSettings.IGNORED_GROUPS, "admins## /ops ##",
                GroupListSettings.ALLOW_LIST, "a, b##c"));
        assertEquals(java.util.Set.of("admins", "/ops"), s.ignoredNames());
        assertEquals(java.util.Set.of("a, b", "c"), s.allowList(), "group names may hold commas");
    }

    @Test
    void parentPathIsNormalised() {
        assertEquals("/apps/jira", GroupListSettings.parse(Map.of(GroupListSettings.UNDER_PATH, "apps/jira/")).underPath());
    }

    @Test
    void badRegularExpressionsAreRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupListSettings.parse(Map.of(GroupListSettings.IGNORED_PATTERNS, "ok##[broken")));
        assertTrue(e.getMessage().contains(GroupListSettings.IGNORED_PATTERNS), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupListSettings.parse(Map.of(GroupListSettings.PATTERN, "(")));
    }

    @Test
    void limitMustBeAWholeNumberInRange() {
        assertThrows(IllegalArgumentException.class, () -> GroupListSettings.parse(Map.of(GroupListSettings.MAX_GROUPS, "-1")));
        assertThrows(IllegalArgumentException.class, () -> GroupListSettings.parse(Map.of(GroupListSettings.MAX_GROUPS, "many")));
        assertThrows(IllegalArgumentException.class, () -> GroupListSettings.parse(Map.of(GroupListSettings.MAX_GROUPS, "100001")));
        assertEquals(100_000, GroupListSettings.parse(Map.of(GroupListSettings.MAX_GROUPS, "100000")).maxGroups());
    }

    @Test
    void unknownMembershipIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GroupListSettings.parse(Map.of(GroupListSettings.MEMBERSHIP, "nested")));
    }

    @Test
    void limitKeepsTheFirstValuesAndCountsTheRest() {
        GroupList limited = GroupListSelector.limit(List.of("a", "b", "c"), 2);
        assertEquals(List.of("a", "b"), limited.values());
        assertEquals(3, limited.total());
        assertTrue(limited.overage());
        assertFalse(GroupListSelector.limit(List.of("a", "b"), 2).overage());
        assertFalse(GroupListSelector.limit(List.of("a", "b", "c"), 0).overage(), "0 means no limit");
    }

    @Test
    void orderIsAlphabeticalIgnoringCaseAndStable() {
        TreeSet<String> sorted = new TreeSet<>(GroupListSelector.ORDER);
        sorted.addAll(List.of("staff", "Backend", "admins", "ADMINS", "jira-developers"));
        assertEquals(List.of("ADMINS", "admins", "Backend", "jira-developers", "staff"), List.copyOf(sorted));
    }
}
