package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.broker.groups.GroupNames.Rejection;

class LookAlikesTest {

    private static GroupNames.Result names(List<String> values, String... ignored) {
        return GroupNames.localNames(values, GroupSyncSettings.parse(Map.of(GroupSyncSettings.PARENT, "/partners",
                GroupSyncSettings.IGNORED, String.join("##", ignored))));
    }

    @Test
    void aZeroWidthSpaceIsRefusedNotStripped() {
        assertEquals(Map.of(Rejection.INVISIBLE_CHARACTER, 1), names(List.of("ad\u200Bmins")).rejected());
        assertTrue(names(List.of("ad\u200Bmins")).names().isEmpty());
    }

    @Test
    void aSoftHyphenIsRefused() {
        assertEquals(Map.of(Rejection.INVISIBLE_CHARACTER, 1), names(List.of("ven\u00ADdors")).rejected());
    }

    @Test
    void otherDefaultIgnorableCharactersAreRefused() {
        for (String v : List.of("a\u2060b", "a\u200Cb", "a\u200Db", "a\u034Fb", "a\u180Eb", "a\u3164b", "x\uDB40\uDC41", "a\uFE0Fb", "a\u2064b")) {
            assertEquals(Map.of(Rejection.INVISIBLE_CHARACTER, 1), names(List.of(v)).rejected(), v);
        }
    }

    @Test
    void fullwidthLettersCompareAsWhatTheyLookLikeSoTheyCannotDodgeAnIgnoredName() {
        GroupNames.Result r = names(List.of("\uFF41\uFF44\uFF4D\uFF49\uFF4E\uFF53"), "admins");
        assertEquals(Map.of(Rejection.IGNORED, 1), r.rejected());
        assertEquals(List.of("engineering"), names(List.of("engineering", "\uFF45\uFF4E\uFF47\uFF49\uFF4E\uFF45\uFF45\uFF52\uFF49\uFF4E\uFF47")).names(),
                "the fullwidth spelling is the same group as the plain one");
    }

    @Test
    void theDotlessIComparesAsIAndCannotDodgeAnIgnoredName() {
        assertEquals(Map.of(Rejection.IGNORED, 1), names(List.of("adm\u0131ns"), "admins").rejected());
        assertEquals(Map.of(Rejection.IGNORED, 1), names(List.of("ADM\u0130NS"), "admins").rejected(), "the dotted capital too");
        assertEquals(List.of("Sat\u0131\u015F"), names(List.of("Sat\u0131\u015F")).names(), "a Turkish name on its own is fine");
    }

    @Test
    void anIgnoredPatternAlsoMatchesWhatANameLooksLike() {
        GroupNames.Result r = GroupNames.localNames(List.of("\uFF41dmin-x", "adm\u0131n-y"), GroupSyncSettings.parse(Map.of(
                GroupSyncSettings.PARENT, "/partners", GroupSyncSettings.IGNORED_PATTERNS, "admin-.*")));
        assertEquals(Map.of(Rejection.IGNORED, 2), r.rejected());
    }

    @Test
    void latinMixedWithCyrillicOrGreekIsRefused() {
        assertEquals(Map.of(Rejection.MIXED_SCRIPTS, 2), names(List.of("\u0430dmins", "vend\u03BFrs")).rejected());
        assertEquals(List.of("\u043F\u0440\u043E\u0434\u0430\u0436\u0438", "\u55B6\u696D\u30C1\u30FC\u30E0 sales", "\uD300 team"),
                names(List.of("\u043F\u0440\u043E\u0434\u0430\u0436\u0438", "\u55B6\u696D\u30C1\u30FC\u30E0 sales", "\uD300 team")).names(),
                "one script, or Latin with Japanese or Korean, is fine");
    }

    @Test
    void joinersThatAWritingSystemOrAnEmojiNeedsAreKept() {
        String persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
        String family = "team \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        String heart = "love \u2764\uFE0F";
        assertEquals(List.of(persian, family, heart), names(List.of(persian, family, heart)).names());
        assertFalse(LookAlikes.hasInvisible(persian));
    }

    @Test
    void theSkeletonFoldsCaseWidthLigaturesAndTheDotlessI() {
        assertEquals("admins", LookAlikes.skeleton("\uFF21\uFF24\uFF2D\uFF29\uFF2E\uFF33"));
        assertEquals("finance", LookAlikes.skeleton("\uFB01nance"));
        assertEquals("admin", LookAlikes.skeleton("ADM\u0130N"));
        assertEquals("admin", LookAlikes.skeleton("adm\u0131n"));
        assertEquals("team2", LookAlikes.skeleton("Team\u00B2"));
    }

    @Test
    void aFullwidthSolidusOrFullStopCannotPoseAsAPath() {
        assertEquals(Map.of(Rejection.SLASH, 1, Rejection.DOT_NAME, 1), names(List.of("eng\uFF0Fbackend", "\uFF0E\uFF0E")).rejected());
    }
}
