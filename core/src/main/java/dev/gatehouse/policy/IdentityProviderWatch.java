package dev.gatehouse.policy;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.rest.AdminSaveWatch;

/**
 * A new identity provider gets the step-up in its flows at once: Keycloak 26.7 fires no provider event when one
 * is created, so this global admin-event listener watches creates (and updates) through the admin API and wires
 * the realm in the same transaction. Changes made otherwise arrive through Keycloak's
 * {@code IdentityProviderUpdatedEvent}, realm import and server start ({@link ExternalUserPolicyPage}).
 */
public final class IdentityProviderWatch extends AdminSaveWatch {

    public static final String ID = "gatehouse-identity-provider-watch";

    public IdentityProviderWatch() {
        super(ID, ResourceType.IDENTITY_PROVIDER);
    }

    @Override
    protected void saved(KeycloakSession session, AdminEvent event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
            Enforcement.ensureIfPolicies(session, realm);
        }
    }
}
