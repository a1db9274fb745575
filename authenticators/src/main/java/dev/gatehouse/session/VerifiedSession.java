package dev.gatehouse.session;

import java.util.function.Function;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * When a user last verified under a policy, kept as a note of their SSO session (and copied by Keycloak into
 * offline sessions made from it). A later sign-in in the same browser skips the step while the policy's
 * verification lasts; after that the browser asks again and refresh tokens of the session stop working.
 */
public final class VerifiedSession {

    private static final String NOTE_PREFIX = "gatehouse.verified.";
    private static final String ACTIVE_PREFIX = "gatehouse.active.";
    /** Whom this sign-in's mark is for: a later flow of the same sign-in counts it only for the same user. */
    private static final String VERIFIED_USER_NOTE = "gatehouse.verified.user";

    private VerifiedSession() {
    }

    /**
     * True when this sign-in already verified under the policy (in an earlier flow of the same sign-in, e.g. first
     * broker login before the post login flow), or this browser's SSO session belongs to the same user and verified
     * under the policy recently enough.
     */
    public static boolean isFresh(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        return isFresh(context.getSession(), context.getRealm(), context.getAuthenticationSession(), context.getUser(), policy);
    }

    /** The same for a sign-in about to finish (the backstop), where no flow context exists. */
    public static boolean isFresh(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                  UserModel user, ExternalUserPolicy policy) {
        if (user.getId().equals(authSession.getAuthNote(VERIFIED_USER_NOTE)) && isFresh(authSession.getUserSessionNotes()::get, policy)) {
            return true;
        }
        UserSessionModel sso = ssoSession(session, realm, user);
        return sso != null && isFresh(sso, policy);
    }

    /** This browser's SSO session, when it belongs to the user; null otherwise. */
    public static UserSessionModel ssoSession(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        return sso != null && sso.user().getId().equals(user.getId()) ? sso.session() : null;
    }

    /** Who impersonates the user in this session (an admin, through Keycloak's impersonation), or null. */
    public static String impersonator(UserSessionModel userSession) {
        return userSession == null ? null : userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_USERNAME.toString());
    }

    /** True when the session verified under the policy at some point, however long ago. */
    public static boolean wasVerified(UserSessionModel userSession, ExternalUserPolicy policy) {
        return userSession.getNote(NOTE_PREFIX + policy.id()) != null;
    }

    /**
     * True when the session verified under the policy, the policy's duration has not run out since, and the session
     * has not been idle longer than the policy's idle limit.
     */
    public static boolean isFresh(UserSessionModel userSession, ExternalUserPolicy policy) {
        return isFresh(userSession::getNote, policy);
    }

    private static boolean isFresh(Function<String, String> notes, ExternalUserPolicy policy) {
        String verifiedAt = notes.apply(NOTE_PREFIX + policy.id());
        if (verifiedAt == null) {
            return false;
        }
        long now = Time.currentTime();
        long age = now - Long.parseLong(verifiedAt);
        String activeAt = notes.apply(ACTIVE_PREFIX + policy.id());
        long idle = now - (activeAt == null ? Long.parseLong(verifiedAt) : Long.parseLong(activeAt));
        return policy.sessionLimit().map(limit -> age < limit.toSeconds()).orElse(true)
                && policy.idleLimit().map(limit -> idle < limit.toSeconds()).orElse(true);
    }

    /** Noted on the authentication session; Keycloak copies it into the user session when the sign-in completes. */
    public static void markVerified(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        String now = Long.toString(Time.currentTime());
        context.getAuthenticationSession().setAuthNote(VERIFIED_USER_NOTE, context.getUser().getId());
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
