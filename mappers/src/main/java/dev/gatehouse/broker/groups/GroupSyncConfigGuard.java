package dev.gatehouse.broker.groups;

import jakarta.ws.rs.core.Response;

import org.keycloak.broker.saml.SAMLIdentityProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;

import dev.gatehouse.rest.AdminSaveWatch;

/**
 * Validates a group-sync mapper when it is saved. Keycloak 26.7 has no validation hook for identity-provider
 * mappers (protocol mappers have {@code validateConfig}; the admin API stores an IdP mapper's config as sent), so
 * this global admin-event listener sees every create and update of one, parses it with the same
 * {@link GroupSyncSettings} a login uses, and for an invalid one makes the request's transaction fail before it
 * commits: nothing is stored and the admin gets 400 with the reason.
 */
public final class GroupSyncConfigGuard extends AdminSaveWatch {

    public static final String ID = "gatehouse-idp-group-sync-guard";

    public GroupSyncConfigGuard() {
        super(ID, ResourceType.IDENTITY_PROVIDER_MAPPER);
    }

    @Override
    protected void saved(KeycloakSession session, AdminEvent event) {
        if (event.getResourcePath() == null) {
            return;
        }
        String path = event.getResourcePath();
        String mapperId = path.substring(path.lastIndexOf('/') + 1);
        IdentityProviderMapperModel mapper = session.identityProviders().getMapperById(mapperId);
        RealmModel realm = session.getContext().getRealm();
        if (mapper == null || !IdpGroupSyncMapper.ID.equals(mapper.getIdentityProviderMapper()) || realm == null) {
            return;
        }
        try {
            IdentityProviderModel provider = session.identityProviders().getByAlias(mapper.getIdentityProviderAlias());
            boolean saml = provider != null && SAMLIdentityProviderFactory.PROVIDER_ID.equals(provider.getProviderId());
            IdpGroupSyncMapper.validate(session, realm, mapper.getConfig(), saml);
        } catch (IllegalArgumentException invalid) {
            session.getTransactionManager().enlistPrepare(new Refusal("Mapper " + mapper.getName() + ": " + invalid.getMessage()));
        }
    }

    /** Fails the commit, which rolls the whole request back. */
    private record Refusal(String message) implements KeycloakTransaction {

        @Override
        public void begin() {
        }

        @Override
        public void commit() {
            throw ErrorResponse.error(message, Response.Status.BAD_REQUEST);
        }

        @Override
        public void rollback() {
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }

        @Override
        public boolean isActive() {
            return true;
        }
    }
}
