package dev.gatehouse.stepup.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.policy.SsoSettings;

class SsoAnswerJudgeTest {

    private static final SsoSettings LINKED_ONLY = new SsoSettings("idp", false, Set.of(), false, false);
    private static final SsoSettings BY_EMAIL = new SsoSettings("idp", true, Set.of(), false, false);
    private static final SsoSettings STRONG = new SsoSettings("idp", true, Set.of("mfa"), false, false);
    private static final SsoSettings FRESH = new SsoSettings("idp", false, Set.of(), false, true, Duration.ofMinutes(5));
    private static final long NOW = 1_800_000_000L;

    private static ProviderAnswer answer(String email, boolean verified, String... contexts) {
        return new ProviderAnswer("subject", email, verified, List.of(contexts), NOW);
    }

    private static SsoAnswerJudge unlinkedUser(String email) {
        return new SsoAnswerJudge("x", email, null, null, NOW);
    }

    @Test
    void answerLinkedToTheSameUserMatches() {
        assertEquals(SsoOutcome.MATCHED, new SsoAnswerJudge("x", null, "sub", "x", NOW).judge(answer(null, false), LINKED_ONLY));
    }

    @Test
    void answerLinkedToAnotherUserIsAnotherPersonEvenWithTheSameEmail() {
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", "x@p.example", null, "y", NOW)
.judge(answer("x@p.example", true), BY_EMAIL));
    }

    @Test
    void secondAccountAtTheProviderIsAnotherPerson() {
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", "x@p.example", "x-sub", null, NOW)
.judge(answer("x@p.example", true), BY_EMAIL));
    }

    @Test
    void unlinkedAnswerIsRefusedUnlessThePolicyLinksByEmail() {
        assertEquals(SsoOutcome.NOT_LINKED, unlinkedUser("x@p.example").judge(answer("x@p.example", true), LINKED_ONLY));
    }

    @Test
    void linkingByEmailNeedsAVerifiedEmailFromTheProvider() {
        assertEquals(SsoOutcome.EMAIL_NOT_VERIFIED, unlinkedUser("x@p.example").judge(answer("x@p.example", false), BY_EMAIL));
        assertEquals(SsoOutcome.EMAIL_NOT_VERIFIED, unlinkedUser("x@p.example").judge(answer(null, false), BY_EMAIL));
    }

    @Test
    void linkingByEmailNeedsTheUsersOwnVerifiedEmail() {
        assertEquals(SsoOutcome.EMAIL_MISMATCH, unlinkedUser("x@p.example").judge(answer("y@p.example", true), BY_EMAIL));
        assertEquals(SsoOutcome.EMAIL_MISMATCH, unlinkedUser(null).judge(answer("x@p.example", true), BY_EMAIL),
                "a user whose own email is not verified cannot be linked by email");
    }

    @Test
    void sameEmailIgnoringCaseAndSpacesLinks() {
        assertEquals(SsoOutcome.LINKED, unlinkedUser("X@P.example").judge(answer(" x@p.EXAMPLE", true), BY_EMAIL));
    }

    @Test
    void tooWeakContextIsRefusedAfterTheIdentityCheck() {
        assertEquals(SsoOutcome.WEAK_CONTEXT, unlinkedUser("x@p.example").judge(answer("x@p.example", true, "pwd"), STRONG));
        assertEquals(SsoOutcome.LINKED, unlinkedUser("x@p.example").judge(answer("x@p.example", true, "pwd", "mfa"), STRONG));
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", null, null, "y", NOW).judge(answer(null, false, "mfa"), STRONG),
                "a strong answer from another person is still another person");
    }

    @Test
    void anUpstreamSignInOlderThanTheLimitIsStale() {
        SsoAnswerJudge linked = new SsoAnswerJudge("x", null, "sub", "x", NOW);
        assertEquals(SsoOutcome.MATCHED, linked.judge(signedInAt(NOW - 300), FRESH), "exactly the limit is fresh");
        assertEquals(SsoOutcome.STALE_SIGN_IN, linked.judge(signedInAt(NOW - 301), FRESH));
        assertEquals(SsoOutcome.STALE_SIGN_IN, linked.judge(signedInAt(null), FRESH), "an undated answer fails closed");
        assertEquals(SsoOutcome.MATCHED, linked.judge(signedInAt(NOW - 86_400), LINKED_ONLY), "no limit: any age");
    }

    @Test
    void anotherPersonIsAnotherPersonHoweverOldTheSignIn() {
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", null, null, "y", NOW).judge(signedInAt(NOW - 3600), FRESH));
    }

    private static ProviderAnswer signedInAt(Long authTime) {
        return new ProviderAnswer("subject", null, false, List.of(), authTime);
    }
}
