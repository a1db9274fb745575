package dev.gatehouse.policy;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * The identity-provider mapper that judges a provider's answer to an SSO step-up. Keycloak lets only an
 * identity provider's own mappers see its answer before it signs a user in, so every provider a policy names
 * for the sso method carries one; Gatehouse adds it when a policy is saved or first used.
 */
public final class SsoAnswerGuard {

    public static final String MAPPER_TYPE = "gatehouse-sso-step-up-guard";
    static final String MAPPER_NAME = "Gatehouse step-up guard";

    private static final Logger LOG = Logger.getLogger(SsoAnswerGuard.class);

    private SsoAnswerGuard() {
    }

    public static boolean isInstalled(KeycloakSession session, String alias) {
        return session.identityProviders().getMappersByAliasStream(alias)
                .anyMatch(m -> MAPPER_TYPE.equals(m.getIdentityProviderMapper()));
    }

    /** Adds the guard to the provider unless it has one; false when the provider does not exist. */
    public static boolean ensureInstalled(KeycloakSession session, String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null) {
            return false;
        }
        if (!isInstalled(session, alias)) {
            IdentityProviderMapperModel mapper = new IdentityProviderMapperModel();
            mapper.setName(MAPPER_NAME);
            mapper.setIdentityProviderAlias(alias);
            mapper.setIdentityProviderMapper(MAPPER_TYPE);
            mapper.setConfig(Map.of(IdentityProviderMapperModel.SYNC_MODE, "INHERIT"));
            session.identityProviders().createMapper(mapper);
            LOG.infof("Gatehouse added its step-up guard mapper to identity provider %s", alias);
        }
        return true;
    }
}
