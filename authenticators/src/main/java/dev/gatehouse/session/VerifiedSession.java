package dev.gatehouse.session;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * When a user last verified under a policy, kept as a note of their SSO session (and copied by Keycloak into
 * offline sessions made from it). A later sign-in in the same browser skips the step while the policy's
 * verification lasts; after that the browser asks again and refresh tokens of the session stop working.
 */
public final class VerifiedSession {

    private static final String NOTE_PREFIX = "gatehouse.verified.";

    private VerifiedSession() {
    }

    /** True when this browser's SSO session belongs to the same user and verified under the policy recently enough. */
    public static boolean isFresh(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        return sso != null && sso.user().getId().equals(context.getUser().getId()) && isFresh(sso.session(), policy);
    }

    /** True when the session verified under the policy and the policy's duration has not run out since. */
    public static boolean isFresh(UserSessionModel userSession, ExternalUserPolicy policy) {
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
