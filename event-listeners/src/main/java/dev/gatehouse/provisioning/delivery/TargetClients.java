package dev.gatehouse.provisioning.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.outbox.ClaimedEntry;
import dev.gatehouse.provisioning.scim.AccessTokens;
import dev.gatehouse.provisioning.scim.ScimClient;
import dev.gatehouse.provisioning.ssf.SetPushClient;
import dev.gatehouse.provisioning.ssf.SetSigner;
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

    static Map<String, TargetClient> forEntries(KeycloakSession session, List<ClaimedEntry> batch, int timeoutMillis,
                                                AccessTokens tokens) {
        Map<String, TargetClient> clients = new HashMap<>();
        TargetHttp http = http(session, timeoutMillis);
        for (ClaimedEntry entry : batch) {
            if (clients.containsKey(entry.targetId())) {
                continue;
            }
            RealmModel realm = session.realms().getRealm(entry.realmId());
            ProvisioningTarget target = realm == null ? null : RealmTargets.byId(realm, entry.targetId()).orElse(null);
            clients.put(entry.targetId(), target == null ? null : build(session, realm, target, http, tokens, false));
        }
        return clients;
    }

    /**
     * A client for an admin's request (test, preview), also for a disabled target: an admin checks a target before
     * enabling it. An OAuth target fetches a token of its own.
     */
    public static TargetClient forAdmin(KeycloakSession session, RealmModel realm, ProvisioningTarget target, int timeoutMillis) {
        return build(session, realm, target, http(session, timeoutMillis), new AccessTokens(), true);
    }

    /** Calls through Keycloak's HTTP client (its proxy and trust store), with this timeout per call. */
    private static TargetHttp http(KeycloakSession session, int timeoutMillis) {
        return new TargetHttp(session.getProvider(HttpClientProvider.class).getHttpClient(), timeoutMillis);
    }

    private static TargetClient build(KeycloakSession session, RealmModel realm, ProvisioningTarget target, TargetHttp http,
                                      AccessTokens tokens, boolean evenDisabled) {
        session.getContext().setRealm(realm);
        String secret = target.secretRef() == null ? null : TargetSecrets.resolve(session, target.secretRef()).orElse(null);
        if (target.secretRef() != null && secret == null) {
            LOG.warnf("Gatehouse provisioning target %s: the vault has no entry for its secret; deliveries wait", target.name());
            return new Unconfigured(target, Duration.ofSeconds(30));
        }
        if (!target.enabled() && !evenDisabled) {
            return new Unconfigured(target, Duration.ofMinutes(1));
        }
        return switch (target.kind()) {
            case SCIM -> new ScimClient(target, http, secret, tokens);
            case WEBHOOK -> new WebhookClient(target, http, TargetSecrets.parseWebhookSecrets(secret));
            case SSF -> new SetPushClient(target, http, secret, SetSigner.of(session, realm));
        };
    }

    static int maxAttempts(TargetClient client) {
        return client instanceof ScimClient || client instanceof WebhookClient || client instanceof SetPushClient
                ? client.target().maxAttempts() : Integer.MAX_VALUE;
    }

    /**
     * Rows of a target that cannot send now (disabled, or its secret missing) wait without using up attempts,
     * and are looked at again only after {@code pause}.
     */
    private record Unconfigured(ProvisioningTarget target, Duration pause) implements TargetClient {
        @Override
        public DeliveryOutcome deliver(ClaimedEntry entry) {
            return new DeliveryOutcome.Retry(WAITING, pause, true);
        }
    }
}
