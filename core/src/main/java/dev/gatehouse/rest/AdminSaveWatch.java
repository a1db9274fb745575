package dev.gatehouse.rest;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A global admin-event listener that acts when an admin creates or updates one type of resource, inside the saving
 * request's transaction. Keycloak 26.7 has no save hook for identity providers or their mappers, so Gatehouse watches
 * their admin events instead; a subclass names the resource type and what to do.
 */
public abstract class AdminSaveWatch implements EventListenerProviderFactory {

    private final String id;
    private final ResourceType resourceType;

    protected AdminSaveWatch(String id, ResourceType resourceType) {
        this.id = id;
        this.resourceType = resourceType;
    }

    /** A resource of the watched type was created or updated; throwing or failing the transaction refuses the save. */
    protected abstract void saved(KeycloakSession session, AdminEvent event);

    @Override
    public final EventListenerProvider create(KeycloakSession session) {
        return new Listener(session);
    }

    @Override
    public final boolean isGlobal() {
        return true;
    }

    @Override
    public final String getId() {
        return id;
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

    private final class Listener implements EventListenerProvider {

        private final KeycloakSession session;

        Listener(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public void onEvent(Event event) {
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            if (event.getResourceType() == resourceType
                    && (event.getOperationType() == OperationType.CREATE || event.getOperationType() == OperationType.UPDATE)) {
                saved(session, event);
            }
        }

        @Override
        public void close() {
        }
    }
}
