package dev.gatehouse.session;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientPolicyClientSessionContext;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.Verdict;

/**
 * Holds Gatehouse policies on the token endpoint, where the browser step-up does not run. Refuses a refresh
 * (online or offline token) once the verification of the user's policy has run out or the
 * session sat idle past the policy's limit, so a client cannot keep a session alive past the policy; a refresh
 * counts as activity but never extends the verification itself. For policies that block token access, refuses
 * the password grant and offline tokens.
 */
public final class SessionGuardExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(SessionGuardExecutor.class);

    private final KeycloakSession session;

    SessionGuardExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getProviderId() {
        return SessionGuardExecutorFactory.ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case TOKEN_REFRESH_RESPONSE -> checkRefresh(((ClientPolicyClientSessionContext) context).getClientSession().getUserSession());
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE -> refusePasswordGrant(
                    ((ResourceOwnerPasswordCredentialsResponseContext) context).getClientSessionContext());
            case TOKEN_RESPONSE -> refuseOfflineToken(((TokenResponseContext) context).getClientSessionContext());
            default -> {
            }
        }
    }

    private void checkRefresh(UserSessionModel userSession) throws ClientPolicyException {
        Optional<ExternalUserPolicy> policy = policyOf(userSession).filter(ExternalUserPolicy::limitsSessions);
        if (policy.isEmpty()) {
            return;
        }
        if (!VerifiedSession.isFresh(userSession, policy.get())) {
            LOG.debugf("Gatehouse refused a refresh for user %s: verification under policy %s has run out",
                    userSession.getUser().getId(), policy.get().name());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "Verification expired: sign in again", Response.Status.BAD_REQUEST);
        }
        VerifiedSession.markActive(userSession, policy.get());
    }

    /** The password grant skips the step-up entirely, so a blocking policy refuses it and drops its session. */
    private void refusePasswordGrant(ClientSessionContext clientSession) throws ClientPolicyException {
        UserSessionModel userSession = clientSession.getClientSession().getUserSession();
        if (policyOf(userSession).filter(ExternalUserPolicy::blockTokenAccess).isPresent()) {
            session.sessions().removeUserSession(userSession.getRealm(), userSession);
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "The password grant is not allowed for this user", Response.Status.BAD_REQUEST);
        }
    }

    /** Offline tokens outlive every session limit, so a blocking policy refuses them; online tokens still work. */
    private void refuseOfflineToken(ClientSessionContext clientSession) throws ClientPolicyException {
        if (clientSession.isOfflineTokenRequested()
                && policyOf(clientSession.getClientSession().getUserSession()).filter(ExternalUserPolicy::blockTokenAccess).isPresent()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE,
                    "Offline access is not allowed for this user", Response.Status.BAD_REQUEST);
        }
    }

    private Optional<ExternalUserPolicy> policyOf(UserSessionModel userSession) {
        UserModel user = userSession.getUser();
        RealmModel realm = userSession.getRealm();
        return RealmPolicies.of(realm)
                .evaluate(new KeycloakUserFacts(session, realm, user), user.getUsername(), false)
                .applied()
                .map(Verdict::policy);
    }
}
