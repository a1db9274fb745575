package dev.gatehouse.policy;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * A new identity provider gets the step-up in its flows at once: Keycloak 26.7 fires no provider event when one
 * is created, so this global admin-event listener watches creates (and updates) through the admin API and wires
 * the realm in the same transaction. Changes made otherwise arrive through Keycloak's
 * {@code IdentityProviderUpdatedEvent}, realm import and server start ({@link ExternalUserPolicyPage}).
 */
public final class IdentityProviderWatch implements EventListenerProviderFactory {

    public static final String ID = "gatehouse-identity-provider-watch";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new Listener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
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

    private record Listener(KeycloakSession session) implements EventListenerProvider {

        @Override
        public void onEvent(Event event) {
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            if (event.getResourceType() != ResourceType.IDENTITY_PROVIDER
                    || (event.getOperationType() != OperationType.CREATE && event.getOperationType() != OperationType.UPDATE)) {
                return;
            }
            RealmModel realm = session.realms().getRealm(event.getRealmId());
            if (realm != null) {
                Enforcement.ensureIfPolicies(session, realm);
            }
        }

        @Override
        public void close() {
        }
    }
}
