package dev.gatehouse.policy;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Step-up by delegated sign-in at an identity provider of the realm.
 *
 * @param identityProvider    alias of the provider the user signs in at again
 * @param linkByEmail         a user not yet linked to the provider may be linked in this step when the provider
 *                            asserts a verified email equal to the user's own verified email
 * @param acceptedContexts    OIDC {@code acr} or {@code amr} values, or SAML AuthnContextClassRef values, of which the
 *                            provider's answer must assert one; empty: any answer counts
 * @param fallbackToEmailOtp  when the answer asserts none of the accepted contexts, ask for an email code instead
 *                            of refusing
 * @param forceLogin          ask the provider to sign the user in again (OIDC {@code prompt=login}, SAML
 *                            {@code ForceAuthn}) instead of answering from its own SSO session
 * @param maxAuthAge          the oldest upstream sign-in the answer may report (OIDC {@code auth_time}, SAML
 *                            {@code AuthnInstant}; also sent as OIDC {@code max_age}); null: any age
 */
public record SsoSettings(String identityProvider, boolean linkByEmail, Set<String> acceptedContexts,
                          boolean fallbackToEmailOtp, boolean forceLogin, Duration maxAuthAge) {

    public static final boolean DEFAULT_FORCE_LOGIN = true;
    public static final Duration DEFAULT_MAX_AUTH_AGE = Duration.ofMinutes(5);
    public static final int MAX_AUTH_AGE_MINUTES = 24 * 60;

    public SsoSettings {
        acceptedContexts = Set.copyOf(acceptedContexts);
    }

    /** Without an age limit. */
    public SsoSettings(String identityProvider, boolean linkByEmail, Set<String> acceptedContexts,
                       boolean fallbackToEmailOtp, boolean forceLogin) {
        this(identityProvider, linkByEmail, acceptedContexts, fallbackToEmailOtp, forceLogin, null);
    }

    /** Whether what the provider asserted about how the user authenticated is strong enough. */
    public boolean accepts(Collection<String> asserted) {
        return acceptedContexts.isEmpty() || asserted.stream().anyMatch(acceptedContexts::contains);
    }

    public Optional<Duration> authAgeLimit() {
        return Optional.ofNullable(maxAuthAge);
    }
}
