package dev.gatehouse.provisioning.delivery;

import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.scim.ScimClient;
import dev.gatehouse.provisioning.ssf.SetPushClient;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmIssuer;
import dev.gatehouse.provisioning.webhook.WebhookClient;

/**
 * The reachability test of a target, with its own credentials: SCIM reads {@code ServiceProviderConfig}, a webhook
 * gets a signed ping, a Shared Signals receiver a verification event. One check for the admin endpoint ({@code POST …/targets/{id}/test}) and for the test a save
 * runs; the reasons name the status, host or token endpoint, never a secret.
 */
public final class TargetReachability {

    private static final int TIMEOUT_MILLIS = 10_000;

    private TargetReachability() {
    }

    /** {@code {"reachable":true,…}} or {@code {"reachable":false,"reason":"…"}}. */
    public static Map<String, Object> test(KeycloakSession session, RealmModel realm, ProvisioningTarget target) {
        TargetClient client = TargetClients.forAdmin(session, realm, target, TIMEOUT_MILLIS);
        if (client instanceof ScimClient scim) {
            return scim.test();
        }
        if (client instanceof WebhookClient webhook) {
            return webhook.test();
        }
        if (client instanceof SetPushClient receiver) {
            return receiver.test(RealmIssuer.resolve(session, realm, target.receiver()).orElse(null));
        }
        return Map.of("reachable", false, "reason", "the target's secret is missing from the vault");
    }

    /** Why the target failed its test; empty when it passed. */
    public static Optional<String> failure(Map<String, Object> answer) {
        return Boolean.TRUE.equals(answer.get("reachable")) ? Optional.empty()
                : Optional.of(String.valueOf(answer.get("reason")));
    }
}
