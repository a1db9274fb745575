package dev.gatehouse.stepup.sso;

import java.util.Optional;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The step-up's state in the authentication session (so any cluster node can finish it): the attempt sent to
 * the provider, and the guard's verdict on the answer. Each attempt has a random id; a verdict counts only for
 * the attempt it answers, and both are used once.
 */
final class SsoNotes {

    private static final String ATTEMPT = "gatehouse.sso.attempt";
    private static final String RESULT = "gatehouse.sso.result";
    private static final String FALLBACK = "gatehouse.sso.fallback";
    /** The client's own prompt while the provider is asked to sign in again; "-" when the client sent none. */
    private static final String CLIENT_PROMPT = "gatehouse.sso.client-prompt";
    private static final String NO_PROMPT = "-";
    private static final String SEPARATOR = "|";

    /** An attempt: which policy and provider, for which user. */
    record Attempt(String id, String policyId, String providerAlias, String userId) {
    }

    private final AuthenticationSessionModel authSession;

    SsoNotes(AuthenticationSessionModel authSession) {
        this.authSession = authSession;
    }

    Attempt start(String policyId, String providerAlias, String userId) {
        Attempt attempt = new Attempt(SecretGenerator.getInstance().randomString(24), policyId, providerAlias, userId);
        authSession.removeAuthNote(RESULT);
        authSession.setAuthNote(ATTEMPT, String.join(SEPARATOR, attempt.id(), policyId, providerAlias, userId));
        return attempt;
    }

    Optional<Attempt> attempt() {
        String value = authSession.getAuthNote(ATTEMPT);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", -1);
        return parts.length == 4 ? Optional.of(new Attempt(parts[0], parts[1], parts[2], parts[3])) : Optional.empty();
    }

    /** The guard's verdict; the attempt stays until the step reads the verdict, so a verdict without it is void. */
    void answer(Attempt attempt, SsoOutcome outcome) {
        authSession.setAuthNote(RESULT, attempt.id() + SEPARATOR + outcome.name());
    }

    /** The verdict on the pending attempt, if the provider answered; reading it ends the attempt. */
    Optional<SsoOutcome> takeVerdict(String policyId) {
        Optional<Attempt> attempt = attempt().filter(a -> a.policyId().equals(policyId));
        String result = authSession.getAuthNote(RESULT);
        if (attempt.isEmpty() || result == null) {
            return Optional.empty();
        }
        forget();
        String[] parts = result.split("\\|", -1);
        return parts.length == 2 && parts[0].equals(attempt.get().id()) ? SsoOutcome.byName(parts[1]) : Optional.empty();
    }

    boolean answered() {
        return authSession.getAuthNote(RESULT) != null;
    }

    void forget() {
        authSession.removeAuthNote(ATTEMPT);
        authSession.removeAuthNote(RESULT);
    }

    /**
     * Keycloak's brokers pass the client's {@code prompt} on (OIDC) and force authentication when it is
     * {@code login} (SAML), so the step sets it for the trip to the provider and puts the client's back afterwards.
     */
    void askProviderToSignInAgain() {
        if (authSession.getAuthNote(CLIENT_PROMPT) == null) {
            String prompt = authSession.getClientNote(OAuth2Constants.PROMPT);
            authSession.setAuthNote(CLIENT_PROMPT, prompt == null ? NO_PROMPT : prompt);
        }
        authSession.setClientNote(OAuth2Constants.PROMPT, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
    }

    void restoreClientPrompt() {
        String prompt = authSession.getAuthNote(CLIENT_PROMPT);
        if (prompt == null) {
            return;
        }
        if (NO_PROMPT.equals(prompt)) {
            authSession.removeClientNote(OAuth2Constants.PROMPT);
        } else {
            authSession.setClientNote(OAuth2Constants.PROMPT, prompt);
        }
        authSession.removeAuthNote(CLIENT_PROMPT);
    }

    /** The provider's answer was too weak and the policy falls back to an email code for the rest of this sign-in. */
    void fallBackToEmail(String policyId) {
        authSession.setAuthNote(FALLBACK, policyId);
    }

    boolean fellBackToEmail(String policyId) {
        return policyId.equals(authSession.getAuthNote(FALLBACK));
    }
}
