package dev.gatehouse.session;

import java.util.Optional;

import org.keycloak.OAuthErrorException;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * The ways to get tokens that a policy can refuse, each with the standard OAuth error a client receives. The
 * password grant, CIBA and the JWT authorization grant (RFC 7523) authenticate the user without the browser flow,
 * so they would skip the policy's verification: they are refused to users whose policy verifies, even when token
 * access is not blocked.
 */
enum GuardedGrant {
    PASSWORD("The password grant", OAuthErrorException.INVALID_GRANT, true),
    CIBA("CIBA", OAuthErrorException.ACCESS_DENIED, true),
    JWT_BEARER("The JWT authorization grant", OAuthErrorException.INVALID_GRANT, true),
    DEVICE("The device authorization grant", OAuthErrorException.ACCESS_DENIED, false),
    TOKEN_EXCHANGE("Token exchange", OAuthErrorException.INVALID_GRANT, false),
    OFFLINE("Offline access", OAuthErrorException.INVALID_SCOPE, false);

    static final String CIBA_REFUSAL = "CIBA is not available for this user";

    private final String label;
    private final String error;
    private final boolean skipsBrowserVerification;

    GuardedGrant(String label, String error, boolean skipsBrowserVerification) {
        this.label = label;
        this.error = error;
        this.skipsBrowserVerification = skipsBrowserVerification;
    }

    String error() {
        return error;
    }

    /** How events and security messages name the grant, e.g. {@code password}, {@code token_exchange}. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Why the policy refuses this grant to its users (the error description), or empty when it allows it. */
    Optional<String> refusal(ExternalUserPolicy policy) {
        if (this == CIBA && (policy.blockTokenAccess() || policy.verifiesInBrowser())) {
            // Any client can start CIBA for any user: its answer does not say whether the policy blocks or verifies.
            return Optional.of(CIBA_REFUSAL);
        }
        if (policy.blockTokenAccess()) {
            return Optional.of(label + " is not allowed for this user");
        }
        if (skipsBrowserVerification && policy.verifiesInBrowser()) {
            return Optional.of(label + " skips the verification this user needs: sign in through the browser");
        }
        return Optional.empty();
    }
}
