package dev.gatehouse.provisioning;

import java.util.Map;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.models.IdentityProviderMapperSyncMode;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;

/**
 * A sign-in through an identity provider whose sync mode updates the user at every login. Keycloak then writes
 * first and last name, email and mapped attributes ({@code IdentityBrokerService.updateFederatedIdentity}) with no
 * event of their own; the sign-in's {@code LOGIN} event, which carries the provider's alias, is the only sign.
 * Group changes of identity-provider mappers need no help: they fire Keycloak's group membership events.
 */
final class BrokeredLogin {

    private BrokeredLogin() {
    }

    /** Whether the login came through a provider, or a mapper of it, set to sync at every login (FORCE or LEGACY). */
    static boolean mayHaveUpdated(KeycloakSession session, Event event) {
        Map<String, String> details = event.getDetails();
        String alias = details == null ? null : details.get(Details.IDENTITY_PROVIDER);
        if (alias == null) {
            return false;
        }
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null) {
            return false;
        }
        IdentityProviderSyncMode mode = provider.getSyncMode();
        if (mode == IdentityProviderSyncMode.FORCE || mode == IdentityProviderSyncMode.LEGACY) {
            return true;
        }
        return session.identityProviders().getMappersByAliasStream(alias).anyMatch(m -> {
            IdentityProviderMapperSyncMode own = m.getSyncMode();
            return own == IdentityProviderMapperSyncMode.FORCE || own == IdentityProviderMapperSyncMode.LEGACY;
        });
    }
}
