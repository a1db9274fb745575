package dev.gatehouse.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.gatehouse.external.ExternalUserRules;
import dev.gatehouse.external.UserFacts;

/**
 * One external-user policy of a realm, parsed once from its stored component configuration.
 *
 * @param testUsers lower-case usernames the policy acts on in test mode; empty in the other modes
 * @param sessionDuration how long a verification lasts, from the moment it succeeded (null: the whole session)
 * @param idleDuration    how long a verified session may go unused (no sign-in, no refresh) before the user
 *                        verifies again (null: no limit)
 * @param blockTokenAccess refuse the password grant and offline tokens to the policy's users (browser sign-in works)
 * @param sso       how the SSO method verifies (null unless the method is {@link StepUpMethod#SSO})
 * @param reason    what the step-up page tells the user about why they are asked: a literal sentence, or a
 *                  message key written {@code ${key}} (localised through the theme or the realm's
 *                  localization texts); null for the default sentence
 * @param refreshTokenMax how long after the sign-in that started it a session's refresh tokens keep working
 *                        (null: Keycloak's session limits only)
 * @param offlineTokenMax how long after it was first issued an offline token keeps working (null: Keycloak's
 *                        offline session limits only)
 * @param governance sponsors, end dates and attestation of the policy's users ({@link GovernanceSettings#OFF} by default)
 */
public record ExternalUserPolicy(String id, String name, boolean enabled, int priority, PolicyMode mode,
                                 Set<String> testUsers, ExternalUserRules rules, StepUpMethod method,
                                 EmailOtpSettings emailOtp, SsoSettings sso, Duration sessionDuration, Duration idleDuration,
                                 boolean blockTokenAccess, String reason, Duration refreshTokenMax,
                                 Duration offlineTokenMax, GovernanceSettings governance) {

    public ExternalUserPolicy {
        testUsers = Set.copyOf(testUsers);
        governance = governance == null ? GovernanceSettings.OFF : governance;
    }

    /** Without governance settings (governance off). */
    public ExternalUserPolicy(String id, String name, boolean enabled, int priority, PolicyMode mode,
                              Set<String> testUsers, ExternalUserRules rules, StepUpMethod method,
                              EmailOtpSettings emailOtp, SsoSettings sso, Duration sessionDuration, Duration idleDuration,
                              boolean blockTokenAccess, String reason, Duration refreshTokenMax, Duration offlineTokenMax) {
        this(id, name, enabled, priority, mode, testUsers, rules, method, emailOtp, sso, sessionDuration, idleDuration,
                blockTokenAccess, reason, refreshTokenMax, offlineTokenMax, GovernanceSettings.OFF);
    }

    public Optional<Duration> sessionLimit() {
        return Optional.ofNullable(sessionDuration);
    }

    public Optional<Duration> idleLimit() {
        return Optional.ofNullable(idleDuration);
    }

    /**
     * Whether the policy's users must pass its verification in the browser: grants that authenticate a user
     * without the browser flow (password grant, CIBA) would skip it, so the session guard refuses them.
     */
    public boolean verifiesInBrowser() {
        return method != StepUpMethod.NONE;
    }

    /** The cap on a token's lifetime, counted from when its session began; empty when the policy sets none. */
    public Optional<Duration> tokenCap(boolean offline) {
        return Optional.ofNullable(offline ? offlineTokenMax : refreshTokenMax);
    }

    /** Whether sessions of its users can expire before Keycloak's own session limits. */
    public boolean limitsSessions() {
        return sessionDuration != null || idleDuration != null;
    }

    /**
     * The one answer to "does this policy count this user": the policy is enabled, the user is in its scope (in test
     * mode, one of its test users) and its rules classify the user as external. Report-only policies count users too;
     * they only do not enforce. Login ({@link RealmPolicies#evaluate}, which also says why not), the sessions
     * endpoint and provisioning audiences ask here.
     */
    public boolean counts(UserFacts user, String username) {
        return !testModeExcludes(username) && classifiesExternal(user);
    }

    /**
     * Governance's question, not {@link #counts}: whether the policy is enabled and its rules classify the user as
     * external, whatever its mode — who is external (sponsors, invitations, the inventory's rows), not whom the
     * policy acts on. Test mode limits what a policy does, not who is external.
     */
    public boolean classifiesExternal(UserFacts user) {
        return enabled && rules.classify(user).isExternal();
    }

    /** In test mode, whether the user is not one of the test users (user names compared in lower case). */
    public boolean testModeExcludes(String username) {
        return mode == PolicyMode.TEST && !testUsers.contains(username == null ? "" : username.toLowerCase(Locale.ROOT));
    }
}
