package dev.gatehouse.stepup.sso;

import java.util.Locale;

import dev.gatehouse.policy.SsoSettings;

/**
 * Decides whether an identity provider's answer proves the same person who passed the first factor. Pure, so
 * every rule is unit-tested; the guard mapper gathers the facts.
 *
 * @param expectedUserId   the user who passed the first factor
 * @param expectedEmail    that user's email, if verified in Keycloak (else null)
 * @param expectedLinkedTo the subject that user is already linked to at this provider (else null)
 * @param linkedUserId     the user the provider's subject is linked to in Keycloak (else null)
 * @param now              the current time in epoch seconds, to judge how old the upstream sign-in is
 */
record SsoAnswerJudge(String expectedUserId, String expectedEmail, String expectedLinkedTo, String linkedUserId, long now) {

    /** Another person first (it counts as a failed login), then an old sign-in, then the rest. */
    SsoOutcome judge(ProviderAnswer answer, SsoSettings settings) {
        SsoOutcome identity = identity(answer, settings);
        if (identity == SsoOutcome.OTHER_USER) {
            return identity;
        }
        if (!fresh(answer, settings)) {
            return SsoOutcome.STALE_SIGN_IN;
        }
        if (!identity.verified()) {
            return identity;
        }
        return settings.accepts(answer.contexts()) ? identity : SsoOutcome.WEAK_CONTEXT;
    }

    private boolean fresh(ProviderAnswer answer, SsoSettings settings) {
        return fresh(answer.authTime(), settings, now);
    }

    /** An answer that does not say when the user signed in is not fresh: the check fails closed. */
    static boolean fresh(Long authTime, SsoSettings settings, long now) {
        return settings.authAgeLimit()
                .map(limit -> authTime != null && now - authTime <= limit.toSeconds())
                .orElse(true);
    }

    private SsoOutcome identity(ProviderAnswer answer, SsoSettings settings) {
        if (linkedUserId != null) {
            return linkedUserId.equals(expectedUserId) ? SsoOutcome.MATCHED : SsoOutcome.OTHER_USER;
        }
        if (expectedLinkedTo != null) {
            // The user has another account at the provider; a second subject is someone else.
            return SsoOutcome.OTHER_USER;
        }
        if (!settings.linkByEmail()) {
            return SsoOutcome.NOT_LINKED;
        }
        if (!answer.emailVerified()) {
            return SsoOutcome.EMAIL_NOT_VERIFIED;
        }
        if (expectedEmail == null || !normalize(expectedEmail).equals(normalize(answer.email()))) {
            return SsoOutcome.EMAIL_MISMATCH;
        }
        return SsoOutcome.LINKED;
    }

    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
