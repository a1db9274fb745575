package dev.gatehouse.session;

import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * A policy's cap on token lifetimes: a session's refresh tokens stop working a fixed time after the sign-in that
 * started it, an offline token a fixed time after it was first issued (when its offline session began). Issued
 * tokens carry an expiry no later than the cap, and a refresh after it is refused, so a lowered cap also ends
 * tokens issued before.
 */
final class TokenLifetimeCap {

    private TokenLifetimeCap() {
    }

    /** When the session's tokens stop working under the policy (epoch seconds), if the policy caps them. */
    static Optional<Long> end(UserSessionModel userSession, ExternalUserPolicy policy) {
        return policy.tokenCap(userSession.isOffline()).map(cap -> userSession.getStarted() + cap.toSeconds());
    }

    static boolean reached(UserSessionModel userSession, ExternalUserPolicy policy) {
        return end(userSession, policy).map(end -> Time.currentTime() >= end).orElse(false);
    }

    /** Lowers the expiry of the tokens about to be issued to the cap. */
    static void apply(KeycloakSession session, UserSessionModel userSession, ExternalUserPolicy policy,
                      TokenManager.AccessTokenResponseBuilder response) {
        RefreshToken refresh = response.getRefreshToken();
        if (refresh == null) {
            return;
        }
        boolean offline = TokenUtil.TOKEN_TYPE_OFFLINE.equals(refresh.getType());
        policy.tokenCap(offline).ifPresent(cap -> {
            long end = startOf(session, userSession, offline) + cap.toSeconds();
            if (refresh.getExp() == null || refresh.getExp() == 0 || refresh.getExp() > end) {
                refresh.exp(end);
            }
            AccessToken access = response.getAccessToken();
            if (access != null && (access.getExp() == null || access.getExp() > end)) {
                access.exp(end);
            }
        });
    }

    /** A new offline token begins an offline session now; refreshing it keeps the session's start. */
    private static long startOf(KeycloakSession session, UserSessionModel userSession, boolean offline) {
        if (!offline || userSession.isOffline()) {
            return userSession.getStarted();
        }
        UserSessionModel offlineSession = session.sessions().getOfflineUserSession(userSession.getRealm(), userSession.getId());
        return offlineSession != null ? offlineSession.getStarted() : Time.currentTime();
    }
}
