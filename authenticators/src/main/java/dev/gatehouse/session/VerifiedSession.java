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
    private static final String ACTIVE_PREFIX = "gatehouse.active.";

    private VerifiedSession() {
    }

    /** True when this browser's SSO session belongs to the same user and verified under the policy recently enough. */
    public static boolean isFresh(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        return sso != null && sso.user().getId().equals(context.getUser().getId()) && isFresh(sso.session(), policy);
    }

    /**
     * True when the session verified under the policy, the policy's duration has not run out since, and the session
     * has not been idle longer than the policy's idle limit.
     */
    public static boolean isFresh(UserSessionModel userSession, ExternalUserPolicy policy) {
        String verifiedAt = userSession.getNote(NOTE_PREFIX + policy.id());
        if (verifiedAt == null) {
            return false;
        }
        long now = Time.currentTime();
        long age = now - Long.parseLong(verifiedAt);
        String activeAt = userSession.getNote(ACTIVE_PREFIX + policy.id());
        long idle = now - (activeAt == null ? Long.parseLong(verifiedAt) : Long.parseLong(activeAt));
        return policy.sessionLimit().map(limit -> age < limit.toSeconds()).orElse(true)
                && policy.idleLimit().map(limit -> idle < limit.toSeconds()).orElse(true);
    }

    /** Noted on the authentication session; Keycloak copies it into the user session when the sign-in completes. */
    public static void markVerified(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        String now = Long.toString(Time.currentTime());
        context.getAuthenticationSession().setUserSessionNote(NOTE_PREFIX + policy.id(), now);
        context.getAuthenticationSession().setUserSessionNote(ACTIVE_PREFIX + policy.id(), now);
    }

    /** A sign-in by SSO within the limits is activity for the idle limit. */
    public static void markActive(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        context.getAuthenticationSession().setUserSessionNote(ACTIVE_PREFIX + policy.id(), Long.toString(Time.currentTime()));
    }

    /** So is a refresh of the session's tokens. */
    public static void markActive(UserSessionModel userSession, ExternalUserPolicy policy) {
        userSession.setNote(ACTIVE_PREFIX + policy.id(), Long.toString(Time.currentTime()));
    }
}
