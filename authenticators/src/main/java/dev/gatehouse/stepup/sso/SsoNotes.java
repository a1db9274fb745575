package dev.gatehouse.stepup.sso;

import java.time.Duration;
import java.util.Optional;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.saml.SamlProtocol;
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
    /** The client's own request values while the step borrows them ("-" when the client sent none). */
    private static final String SAVED = "gatehouse.sso.saved.";
    private static final String CLIENT_NOTE = "client";
    private static final String AUTH_NOTE = "auth";
    private static final String NONE = "-";
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
     * Keycloak's brokers build the request to the provider from the client's own request: OIDC passes the client's
     * {@code prompt} (and {@code max_age} when the provider's "Pass max_age" is on); SAML forces authentication
     * when the client asked for {@code prompt=login} or, for a SAML client, ForceAuthn. So the step sets those for
     * the trip to the provider and puts the client's own values back when the user returns.
     */
    void askProvider(boolean signInAgain, Optional<Duration> maxAge) {
        if (signInAgain) {
            borrowClientNote(OAuth2Constants.PROMPT, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
            borrowAuthNote(SamlProtocol.SAML_LOGIN_REQUEST_FORCEAUTHN, SamlProtocol.SAML_FORCEAUTHN_REQUIREMENT);
        }
        maxAge.ifPresent(age -> borrowClientNote(OIDCLoginProtocol.MAX_AGE_PARAM, Long.toString(age.toSeconds())));
    }

    /** Back from the provider (or the trip abandoned): the client's own request values again. */
    void restoreClientRequest() {
        restore(CLIENT_NOTE, OAuth2Constants.PROMPT);
        restore(CLIENT_NOTE, OIDCLoginProtocol.MAX_AGE_PARAM);
        restore(AUTH_NOTE, SamlProtocol.SAML_LOGIN_REQUEST_FORCEAUTHN);
    }

    private void borrowClientNote(String name, String value) {
        save(CLIENT_NOTE, name, authSession.getClientNote(name));
        authSession.setClientNote(name, value);
    }

    private void borrowAuthNote(String name, String value) {
        save(AUTH_NOTE, name, authSession.getAuthNote(name));
        authSession.setAuthNote(name, value);
    }

    /** Keeps the client's value once, so a second trip does not save the step's own value as the client's. */
    private void save(String kind, String name, String original) {
        String key = SAVED + kind + "." + name;
        if (authSession.getAuthNote(key) == null) {
            authSession.setAuthNote(key, original == null ? NONE : original);
        }
    }

    private void restore(String kind, String name) {
        String key = SAVED + kind + "." + name;
        String original = authSession.getAuthNote(key);
        if (original == null) {
            return;
        }
        boolean client = CLIENT_NOTE.equals(kind);
        if (NONE.equals(original)) {
            if (client) {
                authSession.removeClientNote(name);
            } else {
                authSession.removeAuthNote(name);
            }
        } else if (client) {
            authSession.setClientNote(name, original);
        } else {
            authSession.setAuthNote(name, original);
        }
        authSession.removeAuthNote(key);
    }

    /** The provider's answer was too weak and the policy falls back to an email code for the rest of this sign-in. */
    void fallBackToEmail(String policyId) {
        authSession.setAuthNote(FALLBACK, policyId);
    }

    boolean fellBackToEmail(String policyId) {
        return policyId.equals(authSession.getAuthNote(FALLBACK));
    }
}
