package dev.gatehouse.policy;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;

/**
 * Gatehouse refused tokens on the token endpoint. Keycloak's event for such a refusal carries only the OAuth error
 * ({@code invalid_grant}, {@code access_denied}) that any other refusal carries too, so the guard notes its
 * decision in the request's session, where the event listeners of the same request find it: which grant, under
 * which policy, and the reason the client was given. Nothing secret (no token, no code) is in it.
 */
public record TokenAccessDenial(String grant, String policy, String reason) {

    private static final String ATTRIBUTE = "gatehouse.tokenAccessDenial";

    public void noteIn(KeycloakSession session) {
        session.setAttribute(ATTRIBUTE, this);
    }

    /** The refusal noted in this request, once: a later event of the same request is not mistaken for it. */
    public static Optional<TokenAccessDenial> takeFrom(KeycloakSession session) {
        Object noted = session.removeAttribute(ATTRIBUTE);
        return noted instanceof TokenAccessDenial denial ? Optional.of(denial) : Optional.empty();
    }
}
