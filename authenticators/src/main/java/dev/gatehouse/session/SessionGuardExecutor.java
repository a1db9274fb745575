package dev.gatehouse.session;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.JWTAuthorizationGrantContext;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.TokenExchangeRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.util.TokenUtil;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.TokenAccessDenial;
import dev.gatehouse.policy.Verdict;

/**
 * Holds Gatehouse policies on the token endpoint, where the browser step-up does not run. For the user's
 * policy it refuses:
 * <ul>
 * <li>a refresh (online or offline token) or a token exchange once the verification has run out, the session sat
 * idle past the limit, or the token lifetime cap is reached; a refresh counts as activity but never extends the
 * verification or the cap;</li>
 * <li>the password grant, CIBA (its tokens, with one answer whatever the reason) and the JWT authorization grant
 * when the policy verifies in the browser (they would skip it) or blocks token access; offline tokens, token exchange and the device authorization grant when it blocks token access.</li>
 * </ul>
 * Tokens it lets through expire no later than the policy's cap.
 */
public final class SessionGuardExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(SessionGuardExecutor.class);
    private static final String VERIFICATION_EXPIRED = "Verification expired: sign in again";
    private static final String CAP_REACHED = "Token lifetime limit reached: sign in again";
    private static final String NOT_VERIFIED = "The sign-in did not include the verification this user needs: sign in again";

    private final KeycloakSession session;
    /** The event of the request being judged (null where Keycloak gives none): a refusal names its policy there. */
    private EventBuilder event;

    SessionGuardExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getProviderId() {
        return SessionGuardExecutorFactory.ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        TokenAccessDenial.forget();
        event = RefusalEvent.of(context);
        switch (context.getEvent()) {
            case TOKEN_REFRESH_RESPONSE -> {
                TokenRefreshResponseContext refresh = (TokenRefreshResponseContext) context;
                checkRefresh(refresh.getClientSession().getUserSession(), refresh.getAccessTokenResponseBuilder());
            }
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE -> {
                ResourceOwnerPasswordCredentialsResponseContext password = (ResourceOwnerPasswordCredentialsResponseContext) context;
                checkIssue(GuardedGrant.PASSWORD, password.getClientSessionContext().getClientSession(),
                        password.getAccessTokenResponseBuilder(), true);
            }
            case TOKEN_RESPONSE -> {
                TokenResponseContext code = (TokenResponseContext) context;
                checkIssue(null, code.getClientSession(), code.getAccessTokenResponseBuilder(), false);
            }
            case DEVICE_TOKEN_RESPONSE -> {
                DeviceTokenResponseContext device = (DeviceTokenResponseContext) context;
                // The device's session is the user's browser session: refused tokens leave it alone.
                checkIssue(GuardedGrant.DEVICE, device.getClientSession(), device.getAccessTokenResponseBuilder(), false);
            }
            // No answer to a CIBA request itself: refusing it there would tell any CIBA client, before the user does
            // anything, who is external. Its tokens are refused below, once the user has answered on their device.
            case BACKCHANNEL_TOKEN_RESPONSE -> {
                BackchannelTokenResponseContext ciba = (BackchannelTokenResponseContext) context;
                checkIssue(GuardedGrant.CIBA, ciba.getClientSessionContext().getClientSession(), ciba.getAccessTokenResponseBuilder(), true);
            }
            case TOKEN_EXCHANGE_REQUEST -> checkTokenExchange(((TokenExchangeRequestContext) context).getTokenExchangeContext());
            case JWT_AUTHORIZATION_GRANT -> refuseJwtBearer((JWTAuthorizationGrantContext) context);
            default -> {
            }
        }
    }

    private void checkRefresh(UserSessionModel userSession, TokenManager.AccessTokenResponseBuilder response) throws ClientPolicyException {
        Optional<ExternalUserPolicy> policy = policyOf(userSession.getRealm(), userSession.getUser());
        if (policy.isEmpty()) {
            return;
        }
        if (userSession.isOffline()) {
            // Offline tokens issued before the policy blocked token access stop working too.
            refuse(GuardedGrant.OFFLINE, policy.get(), OAuthErrorException.INVALID_GRANT, userSession.getUser());
        }
        checkSessionLimits(userSession, policy.get(), userSession.isOffline() ? "offline_refresh" : "refresh");
        if (policy.get().limitsSessions()) {
            VerifiedSession.markActive(userSession, policy.get());
        }
        TokenLifetimeCap.apply(session, userSession, policy.get(), response);
    }

    /**
     * Tokens about to be issued: refuses the grant (and an offline token) when the policy says so, dropping a
     * session the grant made only for itself; otherwise caps their lifetime.
     */
    private void checkIssue(GuardedGrant grant, AuthenticatedClientSessionModel clientSession,
                            TokenManager.AccessTokenResponseBuilder response, boolean sessionOnlyForThisGrant) throws ClientPolicyException {
        UserSessionModel userSession = clientSession.getUserSession();
        boolean offline = response.getRefreshToken() != null
                && TokenUtil.TOKEN_TYPE_OFFLINE.equals(response.getRefreshToken().getType());
        RealmPolicies policies = RealmPolicies.of(userSession.getRealm());
        if (grant == null && !offline && policies.all().stream().noneMatch(p -> p.tokenCap(false).isPresent() || p.verifiesInBrowser())) {
            return; // a browser sign-in's online tokens: nothing to check, refuse or cap, so no user is classified
        }
        Optional<ExternalUserPolicy> policy = policyOf(policies, userSession.getRealm(), userSession.getUser());
        if (policy.isEmpty()) {
            return;
        }
        try {
            if (grant != null) {
                refuse(grant, policy.get(), grant.error(), userSession.getUser());
            }
            if (offline) {
                refuse(GuardedGrant.OFFLINE, policy.get(), GuardedGrant.OFFLINE.error(), userSession.getUser());
            }
            if (grant == null || grant == GuardedGrant.DEVICE) {
                // Tokens for a browser sign-in: its session must carry the verification (the backstop's twin here).
                requireVerification(userSession, policy.get(), grant == null ? "authorization_code" : grant.id());
            }
        } catch (ClientPolicyException refused) {
            discard(userSession, offline, sessionOnlyForThisGrant);
            throw refused;
        }
        TokenLifetimeCap.apply(session, userSession, policy.get(), response);
    }

    /** No session made for refused tokens is left behind; a browser's own session stays. */
    private void discard(UserSessionModel userSession, boolean offline, boolean sessionOnlyForThisGrant) {
        RealmModel realm = userSession.getRealm();
        if (offline) {
            UserSessionModel offlineSession = session.sessions().getOfflineUserSession(realm, userSession.getId());
            if (offlineSession != null) {
                session.sessions().removeOfflineUserSession(realm, offlineSession);
            }
        }
        if (sessionOnlyForThisGrant && session.sessions().getUserSession(realm, userSession.getId()) != null) {
            session.sessions().removeUserSession(realm, userSession);
        }
    }

    /**
     * Called once the assertion's identity provider has vouched for it; the user is the one linked to the
     * assertion's subject at that provider, as Keycloak looks it up.
     */
    private void refuseJwtBearer(JWTAuthorizationGrantContext grant) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(grant.getIdentityProviderAlias(), grant.getAuthorizationGrantContext().getSubject(), null));
        Optional<ExternalUserPolicy> policy = user == null ? Optional.empty() : policyOf(realm, user);
        if (policy.isPresent()) {
            refuse(GuardedGrant.JWT_BEARER, policy.get(), GuardedGrant.JWT_BEARER.error(), user);
        }
    }

    /**
     * The subject token is judged before Keycloak validates it (the exchange refuses invalid tokens itself), so only
     * a token signed by this realm counts; a refusal then rests on verified claims.
     */
    private void checkTokenExchange(TokenExchangeContext exchange) throws ClientPolicyException {
        AccessToken token = session.tokens().decode(exchange.getParams().getSubjectToken(), AccessToken.class);
        if (token == null || token.getSubject() == null) {
            return;
        }
        RealmModel realm = exchange.getRealm();
        UserModel user = session.users().getUserById(realm, token.getSubject());
        Optional<ExternalUserPolicy> policy = user == null ? Optional.empty() : policyOf(realm, user);
        if (policy.isEmpty()) {
            return;
        }
        // Keycloak names the user on the exchange's event only after this check; a refusal is then about them.
        exchange.getEvent().user(user).detail(Details.USERNAME, user.getUsername());
        refuse(GuardedGrant.TOKEN_EXCHANGE, policy.get(), GuardedGrant.TOKEN_EXCHANGE.error(), user);
        UserSessionModel userSession = subjectSession(realm, token);
        if (userSession != null) {
            checkSessionLimits(userSession, policy.get(), GuardedGrant.TOKEN_EXCHANGE.id());
        } else if (policy.get().verifiesInBrowser()) {
            // No session to show the verification: the exchange would mint tokens from nothing verified.
            LOG.debugf("Gatehouse refused a token exchange for user %s: the subject token has no session", user.getId());
            throw denied(user, GuardedGrant.TOKEN_EXCHANGE.id(), policy.get(), OAuthErrorException.INVALID_GRANT, NOT_VERIFIED);
        }
    }

    private UserSessionModel subjectSession(RealmModel realm, AccessToken token) {
        if (token.getSessionId() == null || token.getId() == null) {
            return null;
        }
        AccessTokenContext.SessionType type = session.getProvider(TokenContextEncoderProvider.class)
                .getTokenContextFromTokenId(token.getId()).getSessionType();
        return type == AccessTokenContext.SessionType.OFFLINE
                ? session.sessions().getOfflineUserSession(realm, token.getSessionId())
                : session.sessions().getUserSession(realm, token.getSessionId());
    }

    /** A session the policy's verification never marked gets no tokens: whatever signed it in skipped the step-up. */
    private void requireVerification(UserSessionModel userSession, ExternalUserPolicy policy, String grant) throws ClientPolicyException {
        if (policy.verifiesInBrowser() && !VerifiedSession.wasVerified(userSession, policy)) {
            LOG.warnf("Gatehouse refused tokens (%s) of user %s: their session never verified under policy '%s'",
                    grant, userSession.getUser().getUsername(), policy.name());
            throw denied(userSession.getUser(), grant, policy, OAuthErrorException.INVALID_GRANT, NOT_VERIFIED);
        }
    }

    /** The verification, its duration, the idle limit and the token lifetime cap, on a refresh or a token exchange. */
    private void checkSessionLimits(UserSessionModel userSession, ExternalUserPolicy policy, String grant) throws ClientPolicyException {
        requireVerification(userSession, policy, grant);
        if (policy.limitsSessions() && !VerifiedSession.isFresh(userSession, policy)) {
            LOG.debugf("Gatehouse refused tokens of user %s: verification under policy %s has run out",
                    userSession.getUser().getId(), policy.name());
            throw denied(userSession.getUser(), grant, policy, OAuthErrorException.INVALID_GRANT, VERIFICATION_EXPIRED,
                    userSession.getId());
        }
        if (TokenLifetimeCap.reached(userSession, policy)) {
            LOG.debugf("Gatehouse refused tokens of user %s: the token lifetime cap of policy %s is reached",
                    userSession.getUser().getId(), policy.name());
            throw denied(userSession.getUser(), grant, policy, OAuthErrorException.INVALID_GRANT, CAP_REACHED,
                    userSession.getId());
        }
    }

    private void refuse(GuardedGrant grant, ExternalUserPolicy policy, String error, UserModel user) throws ClientPolicyException {
        Optional<String> refusal = grant.refusal(policy);
        if (refusal.isPresent()) {
            LOG.debugf("Gatehouse refused %s under policy %s", grant, policy.name());
            throw denied(user, grant.id(), policy, error, refusal.get());
        }
    }

    /** The refusal, noted for the event Keycloak sends for it (a security decision a SIEM may subscribe to). */
    private ClientPolicyException denied(UserModel user, String grant, ExternalUserPolicy policy, String error,
                                         String description) {
        return denied(user, grant, policy, error, description, null);
    }

    /** {@code endedSession}: the session whose limit ran out, so its token access is over (not just this grant). */
    private ClientPolicyException denied(UserModel user, String grant, ExternalUserPolicy policy, String error,
                                         String description, String endedSession) {
        new TokenAccessDenial(user.getId(), grant, policy.name(), description, endedSession).note();
        RefusalEvent.describe(event, policy, grant);
        return new ClientPolicyException(error, description, Response.Status.BAD_REQUEST);
    }

    private Optional<ExternalUserPolicy> policyOf(RealmModel realm, UserModel user) {
        return policyOf(RealmPolicies.of(realm), realm, user);
    }

    private Optional<ExternalUserPolicy> policyOf(RealmPolicies policies, RealmModel realm, UserModel user) {
        return policies
                .evaluate(new KeycloakUserFacts(session, realm, user), user.getUsername(), false)
                .applied()
                .map(Verdict::policy);
    }
}
