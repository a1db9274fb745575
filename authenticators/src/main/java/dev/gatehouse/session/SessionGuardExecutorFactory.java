package dev.gatehouse.session;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** The client-policy executor that holds Gatehouse's verification duration on token refresh. */
public final class SessionGuardExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String ID = "gatehouse-session-guard";

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
        return "Refuses refreshing online and offline tokens once the verification required by the user's Gatehouse policy has run out.";
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
