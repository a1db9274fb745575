package dev.gatehouse.provisioning.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.outbox.ClaimedEntry;
import dev.gatehouse.provisioning.scim.ScimClient;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.TargetSecrets;
import dev.gatehouse.provisioning.webhook.WebhookClient;

/**
 * Builds, for one batch, a client per target the batch touches: the target's current settings and its secret
 * read from the vault of its realm. A target no longer in its realm gets no client (its rows are dropped); one
 * whose secret is missing gets a client that keeps its rows waiting.
 */
public final class TargetClients {

    private static final Logger LOG = Logger.getLogger(TargetClients.class);
    static final String WAITING = "waiting";

    private TargetClients() {
    }

    static Map<String, TargetClient> forEntries(KeycloakSession session, List<ClaimedEntry> batch, int timeoutMillis) {
        Map<String, TargetClient> clients = new HashMap<>();
        TargetHttp http = new TargetHttp(session.getProvider(HttpClientProvider.class).getHttpClient(), timeoutMillis);
        for (ClaimedEntry entry : batch) {
            if (clients.containsKey(entry.targetId())) {
                continue;
            }
            RealmModel realm = session.realms().getRealm(entry.realmId());
            ProvisioningTarget target = realm == null ? null : RealmTargets.byId(realm, entry.targetId()).orElse(null);
            clients.put(entry.targetId(), target == null ? null : build(session, realm, target, http));
        }
        return clients;
    }

    public static TargetClient build(KeycloakSession session, RealmModel realm, ProvisioningTarget target, TargetHttp http) {
        session.getContext().setRealm(realm);
        String secret = target.secretRef() == null ? null : TargetSecrets.resolve(session, target.secretRef()).orElse(null);
        if (target.secretRef() != null && secret == null) {
            LOG.warnf("Gatehouse provisioning target %s: the vault has no entry for its secret; deliveries wait", target.name());
            return new Unconfigured(target, "the vault has no entry for the target's secret");
        }
        if (!target.enabled()) {
            return new Unconfigured(target, "target disabled");
        }
        return target.isScim() ? new ScimClient(target, http, secret)
                : new WebhookClient(target, http, TargetSecrets.parseWebhookSecrets(secret));
    }

    static int maxAttempts(TargetClient client) {
        if (client instanceof ScimClient scim) {
            return scim.target().maxAttempts();
        }
        if (client instanceof WebhookClient webhook) {
            return webhook.target().maxAttempts();
        }
        return Integer.MAX_VALUE;
    }

    /** Rows of a target that cannot send now wait without using up attempts. */
    private record Unconfigured(ProvisioningTarget target, String reason) implements TargetClient {
        @Override
        public DeliveryOutcome deliver(ClaimedEntry entry) {
            return new DeliveryOutcome.Retry(WAITING, null, true);
        }
    }
}
