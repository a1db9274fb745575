package dev.gatehouse.session;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientPolicyClientSessionContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.Verdict;

/**
 * Refuses a refresh (online or offline token) once the verification of the user's policy has run out or the
 * session sat idle past the policy's limit, so a client cannot keep a session alive past the policy; a refresh
 * counts as activity but never extends the verification itself.
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
        if (context.getEvent() != ClientPolicyEvent.TOKEN_REFRESH_RESPONSE) {
            return;
        }
        UserSessionModel userSession = ((ClientPolicyClientSessionContext) context).getClientSession().getUserSession();
        UserModel user = userSession.getUser();
        RealmModel realm = userSession.getRealm();
        Optional<ExternalUserPolicy> policy = RealmPolicies.of(realm)
                .evaluate(new KeycloakUserFacts(session, realm, user), user.getUsername(), false)
                .applied()
                .map(Verdict::policy)
                .filter(ExternalUserPolicy::limitsSessions);
        if (policy.isEmpty()) {
            return;
        }
        if (!VerifiedSession.isFresh(userSession, policy.get())) {
            LOG.debugf("Gatehouse refused a refresh for user %s: verification under policy %s has run out",
                    user.getId(), policy.get().name());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "Verification expired: sign in again", Response.Status.BAD_REQUEST);
        }
        VerifiedSession.markActive(userSession, policy.get());
    }
}
