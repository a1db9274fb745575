package dev.gatehouse.stepup;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * When a user last verified under a policy, kept as a note of their SSO session: a later sign-in in the same
 * browser (cookie SSO included) skips the step while the policy's verification lasts, and asks again after.
 */
public final class VerifiedSession {

    private static final String NOTE_PREFIX = "gatehouse.verified.";

    private VerifiedSession() {
    }

    /** True when this browser's SSO session belongs to the same user and verified under the policy recently enough. */
    static boolean isFresh(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        if (sso == null || !sso.user().getId().equals(context.getUser().getId())) {
            return false;
        }
        UserSessionModel userSession = sso.session();
        String verifiedAt = userSession.getNote(NOTE_PREFIX + policy.id());
        if (verifiedAt == null) {
            return false;
        }
        long age = Time.currentTime() - Long.parseLong(verifiedAt);
        return policy.sessionLimit().map(limit -> age < limit.toSeconds()).orElse(true);
    }

    /** Noted on the authentication session; Keycloak copies it into the user session when the sign-in completes. */
    public static void markVerified(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        context.getAuthenticationSession().setUserSessionNote(NOTE_PREFIX + policy.id(), Long.toString(Time.currentTime()));
    }
}
