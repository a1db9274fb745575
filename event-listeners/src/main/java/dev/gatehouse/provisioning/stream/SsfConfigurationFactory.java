package dev.gatehouse.provisioning.stream;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmIssuer;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * Serves {@code /realms/{realm}/.well-known/ssf-configuration} for realms with a Shared Signals receiver. Keycloak
 * picks one factory per alias, the lowest priority first; Keycloak's own (experimental {@code ssf} feature) has
 * priority 1, so Gatehouse answers, and hands a realm without Gatehouse receivers to Keycloak's provider when that
 * feature is on (404 otherwise).
 */
public final class SsfConfigurationFactory implements WellKnownProviderFactory {

    public static final String ID = "gatehouse-ssf-configuration";
    static final String ALIAS = "ssf-configuration";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || RealmTargets.enabled(realm).stream().noneMatch(ProvisioningTarget::isReceiver)) {
            return session.getProvider(WellKnownProvider.class, ALIAS);
        }
        String issuer = RealmIssuer.ofRequest(session, realm);
        return new WellKnownProvider() {
            @Override
            public Object getConfig() {
                return TransmitterMetadata.of(issuer);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getAlias() {
        return ALIAS;
    }

    @Override
    public int getPriority() {
        return 0;
    }

    @Override
    public String getId() {
        return ID;
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
