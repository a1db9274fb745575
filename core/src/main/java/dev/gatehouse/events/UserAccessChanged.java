package dev.gatehouse.events;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Gatehouse enabled or disabled a user outside an admin REST request (an access end date, a revoked or unanswered
 * attestation), inside {@code session}'s transaction. Keycloak fires no event for {@code setEnabled}, so this is
 * what tells provisioning to deprovision (or re-provision) the user at its targets.
 *
 * @param reason why, e.g. {@code access-ended}, {@code attestation-revoked} (for logs and listeners; never a secret)
 */
public record UserAccessChanged(KeycloakSession session, RealmModel realm, UserModel user, String reason) implements ProviderEvent {

    /** Publishes the change to every provider-event listener of the server. */
    public static void publish(KeycloakSession session, RealmModel realm, UserModel user, String reason) {
        session.getKeycloakSessionFactory().publish(new UserAccessChanged(session, realm, user, reason));
    }

    @Override
    public KeycloakSession getKeycloakSession() {
        return session;
    }
}
