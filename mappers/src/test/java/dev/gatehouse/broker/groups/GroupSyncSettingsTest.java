package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GroupSyncSettingsTest {

    private static Map<String, String> config(String... pairs) {
        Map<String, String> config = new HashMap<>();
        config.put(GroupSyncSettings.PARENT, "/partners");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    private static String refusal(Map<String, String> config) {
        return assertThrows(IllegalArgumentException.class, () -> GroupSyncSettings.parse(config)).getMessage();
    }

    @Test
    void defaultsReadTheProtocolsUsualAttributeCreateGroupsAndAllowAThousand() {
        GroupSyncSettings s = GroupSyncSettings.parse(config());
        assertEquals("urn:oid:2.5.4.31", s.groupsAttribute(true));
        assertEquals("groups", s.groupsAttribute(false));
        assertTrue(s.createMissing());
        assertEquals(1000, s.maxGroups());
        assertNull(s.delimiter());
        assertNull(s.usernamePattern());
        assertEquals("/partners", s.parentPath());
    }

    @Test
    void aParentOrTheTopLevelMustBeChosenButNotBoth() {
        Map<String, String> none = config();
        none.remove(GroupSyncSettings.PARENT);
        assertTrue(refusal(none).contains("parent group"));
        assertTrue(refusal(config(GroupSyncSettings.TOP_LEVEL, "true")).contains("not both"));
        none.put(GroupSyncSettings.TOP_LEVEL, "true");
        assertNull(GroupSyncSettings.parse(none).parentPath());
    }

    @Test
    void parentPathIsNormalisedAndMustBeAPath() {
        assertEquals("/partners/acme", GroupSyncSettings.parse(config(GroupSyncSettings.PARENT, "partners/acme/")).parentPath());
        assertTrue(refusal(config(GroupSyncSettings.PARENT, "/a//b")).contains(GroupSyncSettings.PARENT));
    }

    @Test
    void renameTableIsReadFromTheConsolesKeyValueListIgnoringCase() {
        GroupSyncSettings s = GroupSyncSettings.parse(config(GroupSyncSettings.RENAMES,
                "[{\"key\":\"Sales\",\"value\":\"sales-team\"},{\"key\":\"eng\",\"value\":\" engineering \"}]"));
        assertEquals("sales-team", s.rename("SALES"));
        assertEquals("engineering", s.rename("eng"));
        assertEquals("other", s.rename("other"));
    }

    @Test
    void renameTableRefusesDuplicatesAndEmptyNames() {
        assertTrue(refusal(config(GroupSyncSettings.RENAMES,
                "[{\"key\":\"a\",\"value\":\"x\"},{\"key\":\"A\",\"value\":\"y\"}]")).contains("twice"));
        assertTrue(refusal(config(GroupSyncSettings.RENAMES, "[{\"key\":\"a\",\"value\":\"\"}]")).contains("local name"));
        assertTrue(refusal(config(GroupSyncSettings.RENAMES, "not json")).contains("rename table"));
    }

    @Test
    void renameRegexAppliesItsTemplateToWholeMatchesOnly() {
        GroupSyncSettings s = GroupSyncSettings.parse(config(GroupSyncSettings.RENAME_PATTERN, "^jira-(?<app>.+)$",
                GroupSyncSettings.RENAME_TEMPLATE, "app-${app}-$1"));
        assertEquals("app-dev-dev", s.rename("jira-dev"));
        assertEquals("confluence", s.rename("confluence"));
        GroupSyncSettings everything = GroupSyncSettings.parse(config(GroupSyncSettings.RENAME_PATTERN, ".*",
                GroupSyncSettings.RENAME_TEMPLATE, "x-$0"));
        assertEquals("x-abc", everything.rename("abc"), "an expression that can match empty text is applied once");
    }

    @Test
    void onlyRenamedDropsNamesMatchingNeitherTableNorRegex() {
        GroupSyncSettings s = GroupSyncSettings.parse(config(GroupSyncSettings.RENAME_PATTERN, "^jira-(.+)$",
                GroupSyncSettings.RENAME_TEMPLATE, "$1", GroupSyncSettings.ONLY_RENAMED, "true"));
        assertEquals("dev", s.rename("jira-dev"));
        assertNull(s.rename("confluence"));
        assertTrue(refusal(config(GroupSyncSettings.ONLY_RENAMED, "true")).contains("rename"));
    }

    @Test
    void templatesReferringToMissingGroupsAreRefused() {
        assertTrue(refusal(config(GroupSyncSettings.RENAME_PATTERN, "^(a)$", GroupSyncSettings.RENAME_TEMPLATE, "$2")).contains("$2"));
        assertTrue(refusal(config(GroupSyncSettings.RENAME_PATTERN, "^(a)$", GroupSyncSettings.RENAME_TEMPLATE, "${x}")).contains("${x}"));
        assertTrue(refusal(config(GroupSyncSettings.RENAME_PATTERN, "^(a)$", GroupSyncSettings.RENAME_TEMPLATE, "cost $")).contains("\\$"));
        assertTrue(refusal(config(GroupSyncSettings.RENAME_PATTERN, "^(a)$")).contains("template"));
        assertTrue(refusal(config(GroupSyncSettings.RENAME_TEMPLATE, "$1")).contains("regular expression"));
        assertEquals("$a", GroupSyncSettings.parse(config(GroupSyncSettings.RENAME_PATTERN, "^(a)$",
                GroupSyncSettings.RENAME_TEMPLATE, "\\$$1")).rename("a"));
    }

    @Test
    void badRegularExpressionsAreRefusedNamingTheSetting() {
        assertTrue(refusal(config(GroupSyncSettings.IGNORED_PATTERNS, "ok##[broken")).contains(GroupSyncSettings.IGNORED_PATTERNS));
        assertTrue(refusal(config(GroupSyncSettings.RENAME_PATTERN, "(")).contains(GroupSyncSettings.RENAME_PATTERN));
    }

    @Test
    void ignoredNamesAndPatternsCompareIgnoringCase() {
        GroupSyncSettings s = GroupSyncSettings.parse(config(GroupSyncSettings.IGNORED, "Admins## root ",
                GroupSyncSettings.IGNORED_PATTERNS, "adm-.*"));
        assertTrue(s.ignores("admins"));
        assertTrue(s.ignores("ROOT"));
        assertTrue(s.ignores("ADM-x"));
        assertFalse(s.ignores("xadm-"));
        assertFalse(s.ignores("administrators"));
    }

    @Test
    void usernameNeedsAttributeAndARegexWithACaptureGroup() {
        assertTrue(refusal(config(GroupSyncSettings.USERNAME_ATTRIBUTE, "mail", GroupSyncSettings.USERNAME_PATTERN, "^.+$"))
                .contains("capture group"));
        assertTrue(refusal(config(GroupSyncSettings.USERNAME_PATTERN, "^(.+)$")).contains("both"));
        assertTrue(refusal(config(GroupSyncSettings.USERNAME_ATTRIBUTE, "mail")).contains("both"));
        assertEquals("mail", GroupSyncSettings.parse(config(GroupSyncSettings.USERNAME_ATTRIBUTE, "mail",
                GroupSyncSettings.USERNAME_PATTERN, "^([^@]+)@x$")).usernameAttribute());
    }

    @Test
    void limitIsAWholeNumberFromOneToTenThousand() {
        assertTrue(refusal(config(GroupSyncSettings.MAX_GROUPS, "0")).contains("between"));
        assertTrue(refusal(config(GroupSyncSettings.MAX_GROUPS, "10001")).contains("between"));
        assertTrue(refusal(config(GroupSyncSettings.MAX_GROUPS, "lots")).contains("whole number"));
        assertEquals(10_000, GroupSyncSettings.parse(config(GroupSyncSettings.MAX_GROUPS, "10000")).maxGroups());
    }

    @Test
    void defaultGroupsAreNormalisedPaths() {
        assertEquals(List.of("/everyone", "/a/b"), GroupSyncSettings.parse(config(GroupSyncSettings.DEFAULT_GROUPS, "everyone##/a/b/")).defaultGroups());
    }

    @Test
    void aDelimiterIsKeptVerbatimIncludingSpaces() {
        assertEquals(" | ", GroupSyncSettings.parse(config(GroupSyncSettings.DELIMITER, " | ")).delimiter());
    }

    @Test
    void aSamlProviderGetsALowerDefaultGroupLimitThatFitsWhatKeycloakAccepts() {
        assertEquals(1000, GroupSyncSettings.parse(config(), false).maxGroups());
        assertEquals(400, GroupSyncSettings.parse(config(), true).maxGroups());
        assertEquals(2000, GroupSyncSettings.parse(config(GroupSyncSettings.MAX_GROUPS, "2000"), true).maxGroups(), "an explicit limit wins");
        assertEquals(400, GroupSyncSettings.parse(config(GroupSyncSettings.MAX_GROUPS, " "), true).maxGroups(), "blank means not set");
    }

    @Test
    void allowedGroupsAreGroupPaths() {
        assertEquals(List.of("/partners/acme/support", "/vendors"), GroupSyncSettings.parse(
                config(GroupSyncSettings.ALLOWED_GROUPS, "partners/acme/support##/vendors/")).allowedGroups());
        assertTrue(refusal(config(GroupSyncSettings.ALLOWED_GROUPS, "//x")).contains(GroupSyncSettings.ALLOWED_GROUPS));
    }
}
