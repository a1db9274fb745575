package dev.gatehouse.stepup.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.policy.SsoSettings;

class SsoAnswerJudgeTest {

    private static final SsoSettings LINKED_ONLY = new SsoSettings("idp", false, Set.of(), false, false);
    private static final SsoSettings BY_EMAIL = new SsoSettings("idp", true, Set.of(), false, false);
    private static final SsoSettings STRONG = new SsoSettings("idp", true, Set.of("mfa"), false, false);

    private static ProviderAnswer answer(String email, boolean verified, String... contexts) {
        return new ProviderAnswer("subject", email, verified, List.of(contexts));
    }

    private static SsoAnswerJudge unlinkedUser(String email) {
        return new SsoAnswerJudge("x", email, null, null);
    }

    @Test
    void answerLinkedToTheSameUserMatches() {
        assertEquals(SsoOutcome.MATCHED, new SsoAnswerJudge("x", null, "sub", "x").judge(answer(null, false), LINKED_ONLY));
    }

    @Test
    void answerLinkedToAnotherUserIsAnotherPersonEvenWithTheSameEmail() {
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", "x@p.example", null, "y")
                .judge(answer("x@p.example", true), BY_EMAIL));
    }

    @Test
    void secondAccountAtTheProviderIsAnotherPerson() {
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", "x@p.example", "x-sub", null)
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
        assertEquals(SsoOutcome.OTHER_USER, new SsoAnswerJudge("x", null, null, "y").judge(answer(null, false, "mfa"), STRONG),
                "a strong answer from another person is still another person");
    }
}
