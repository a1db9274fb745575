package dev.gatehouse.provisioning.clients;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * The connection test of a target, with its own credentials: SCIM reads {@code ServiceProviderConfig}, a webhook
 * gets a signed ping, a Shared Signals receiver a verification event. One check for the admin endpoint
 * ({@code POST …/targets/{id}/test}) and for the test a save runs.
 */
public final class TargetReachability {

    private static final int TIMEOUT_MILLIS = 10_000;

    private TargetReachability() {
    }

    public static Reachability test(KeycloakSession session, RealmModel realm, ProvisioningTarget target) {
        return TargetClients.forAdmin(session, realm, target, TIMEOUT_MILLIS).reachability();
    }
}
