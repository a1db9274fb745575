package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.broker.groups.GroupNames.Rejection;

class GroupNamesTest {

    private static GroupSyncSettings settings(String... pairs) {
        Map<String, String> config = new HashMap<>();
        config.put(GroupSyncSettings.PARENT, "/partners");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return GroupSyncSettings.parse(config);
    }

    private static GroupNames.Result names(List<String> values, GroupSyncSettings settings) {
        return GroupNames.localNames(values, settings);
    }

    @Test
    void outerWhitespaceIsRemovedAndEmptyValuesAreSkipped() {
        GroupNames.Result r = names(List.of("  dev  ", "", "   ", "\u00a0"), settings());
        assertEquals(List.of("dev"), r.names());
        assertEquals(3, r.rejected().get(Rejection.EMPTY));
    }

    @Test
    void namesWithControlOrBidiCharactersAreSkippedNotRepaired() {
        GroupNames.Result r = names(List.of("bell\u0007", "new\nline", "tab\there", "\u202eevil", "iso\u2066late",
                "bom\ufeff", "lone\ud800", "del\u007f", "c1\u0085"), settings());
        assertEquals(List.of(), r.names());
        assertEquals(9, r.rejected().get(Rejection.CONTROL_CHARACTER));
    }

    @Test
    void emojiAndOtherSupplementaryCharactersAreKept() {
        assertEquals(List.of("team \ud83d\ude80"), names(List.of("team \ud83d\ude80"), settings()).names());
    }

    @Test
    void aSlashInTheLocalNameIsSkippedButARenameCanRemoveIt() {
        assertEquals(Map.of(Rejection.SLASH, 1), names(List.of("/eng/backend"), settings()).rejected());
        GroupSyncSettings lastSegment = settings(GroupSyncSettings.RENAME_PATTERN, "^/?(?:.*/)?([^/]+)$", GroupSyncSettings.RENAME_TEMPLATE, "$1");
        assertEquals(List.of("backend"), names(List.of("/eng/backend"), lastSegment).names());
    }

    @Test
    void dotNamesAreSkippedButDotsInsideANameAreFine() {
        GroupNames.Result r = names(List.of(".", "..", "a..b", "..hidden"), settings());
        assertEquals(List.of("a..b", "..hidden"), r.names());
        assertEquals(2, r.rejected().get(Rejection.DOT_NAME));
    }

    @Test
    void namesLongerThanTheDatabaseColumnAreSkippedNotTruncated() {
        GroupNames.Result r = names(List.of("x".repeat(255), "y".repeat(256)), settings());
        assertEquals(List.of("x".repeat(255)), r.names());
        assertEquals(1, r.rejected().get(Rejection.TOO_LONG));
    }

    @Test
    void aLongUpstreamValueMayBeRenamedShortButNeverBeyondTheUpstreamLimit() {
        GroupSyncSettings cn = settings(GroupSyncSettings.RENAME_PATTERN, "^CN=([^,]+),.*$", GroupSyncSettings.RENAME_TEMPLATE, "$1");
        String dn = "CN=developers,OU=" + "x".repeat(400) + ",DC=corp,DC=example";
        assertEquals(List.of("developers"), names(List.of(dn), cn).names());
        String huge = "CN=developers," + "x".repeat(GroupNames.MAX_UPSTREAM_LENGTH);
        assertEquals(Map.of(Rejection.TOO_LONG, 1), names(List.of(huge), cn).rejected());
    }

    @Test
    void caseOnlyDuplicatesBecomeOneGroupWithTheFirstSpelling() {
        assertEquals(List.of("Dev", "ops"), names(List.of("Dev", "DEV", "ops", "dev", "OPS"), settings()).names());
    }

    @Test
    void composedAndDecomposedUnicodeSpellingsAreOneName() {
        GroupNames.Result r = names(List.of("\u00c9quipe", "E\u0301quipe", "\u00e9QUIPE", "\u65e5\u672c"), settings());
        assertEquals(List.of("\u00c9quipe", "\u65e5\u672c"), r.names());
    }

    @Test
    void ignoredGroupsAreNeverGrantedByUpstreamOrLocalName() {
        GroupSyncSettings s = settings(GroupSyncSettings.IGNORED, "admins", GroupSyncSettings.IGNORED_PATTERNS, "root-.*",
                GroupSyncSettings.RENAMES, "[{\"key\":\"superusers\",\"value\":\"Admins\"}]");
        GroupNames.Result r = names(List.of("ADMINS", "superusers", "root-x", "dev"), s);
        assertEquals(List.of("dev"), r.names());
        assertEquals(3, r.rejected().get(Rejection.IGNORED));
    }

    @Test
    void ignoredNamesAndRenameKeysCompareAfterUnicodeNormalisation() {
        GroupSyncSettings s = settings(GroupSyncSettings.IGNORED, "E\u0301quipe",
                GroupSyncSettings.RENAMES, "[{\"key\":\"Cafe\u0301\",\"value\":\"coffee\"}]");
        assertEquals(List.of("coffee"), names(List.of("\u00c9QUIPE", "caf\u00e9"), s).names());
    }

    @Test
    void aRenameResultIsCheckedByTheSameRules() {
        GroupSyncSettings s = settings(GroupSyncSettings.RENAMES, "[{\"key\":\"a\",\"value\":\"x/y\"},{\"key\":\"b\",\"value\":\"..\"}]");
        GroupNames.Result r = names(List.of("a", "b"), s);
        assertEquals(List.of(), r.names());
        assertEquals(Map.of(Rejection.SLASH, 1, Rejection.DOT_NAME, 1), r.rejected());
    }

    @Test
    void delimitedValuesAreSplitAndEmptyPiecesCounted() {
        List<String> pieces = GroupNames.split(List.of("a;b;;c", "d"), ";");
        assertEquals(List.of("a", "b", "", "c", "d"), pieces);
        GroupNames.Result r = names(pieces, settings());
        assertEquals(List.of("a", "b", "c", "d"), r.names());
        assertEquals(1, r.rejected().get(Rejection.EMPTY));
        assertEquals(List.of("a;b"), GroupNames.split(List.of("a;b"), null));
        assertEquals(List.of("a", "b"), GroupNames.split(List.of("a || b"), " || "));
    }

    @Test
    void moreValuesThanTheLimitRefuseTheWholeList() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add("g" + i);
        }
        TooManyGroupsException e = assertThrows(TooManyGroupsException.class, () -> names(many, settings()));
        assertEquals(1001, e.count());
        assertEquals(1000, e.limit());
        assertEquals(1000, names(many.subList(0, 1000), settings()).names().size());
    }

    @Test
    void tenThousandValuesAreCheckedQuickly() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("group-" + i);
        }
        long start = System.nanoTime();
        GroupNames.Result r = names(many, settings(GroupSyncSettings.MAX_GROUPS, "10000", GroupSyncSettings.IGNORED_PATTERNS, "adm.*"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(10_000, r.names().size());
        assertTrue(millis < 2000, "took " + millis + " ms");
    }

    @Test
    void notRenamedNamesAreCountedWhenOnlyRenamedGroupsSync() {
        GroupSyncSettings s = settings(GroupSyncSettings.RENAMES, "[{\"key\":\"a\",\"value\":\"x\"}]", GroupSyncSettings.ONLY_RENAMED, "true");
        GroupNames.Result r = names(List.of("a", "b"), s);
        assertEquals(List.of("x"), r.names());
        assertEquals(Map.of(Rejection.NOT_RENAMED, 1), r.rejected());
    }
}
