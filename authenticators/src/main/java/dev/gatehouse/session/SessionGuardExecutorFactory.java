package dev.gatehouse.session;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import dev.gatehouse.policy.SessionGuardClientPolicy;

/**
 * The client-policy executor that holds Gatehouse policies on the token endpoint. Gatehouse adds a client policy
 * running it to every realm with policies ({@link SessionGuardClientPolicy}).
 */
public final class SessionGuardExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String ID = SessionGuardClientPolicy.EXECUTOR_ID;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new SessionGuardExecutor(session);
    }

    @Override
    public String getHelpText() {
        return "Holds the user's Gatehouse policy on the token endpoint: refuses refresh and token exchange once the verification, idle limit or token lifetime cap has run out; refuses the password grant and CIBA to users who verify in the browser; refuses blocked grants; caps token lifetimes.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
