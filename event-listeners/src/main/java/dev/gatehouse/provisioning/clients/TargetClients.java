package dev.gatehouse.provisioning.clients;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.scim.AccessTokens;
import dev.gatehouse.provisioning.scim.KnownCapabilities;
import dev.gatehouse.provisioning.scim.ScimClient;
import dev.gatehouse.provisioning.scim.ScimPreview;
import dev.gatehouse.provisioning.ssf.SetPushClient;
import dev.gatehouse.provisioning.ssf.SetSigner;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmIssuer;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.TargetSecrets;
import dev.gatehouse.provisioning.webhook.WebhookClient;

/**
 * The one place that knows the client implementations: a client per target, with the target's current settings
 * and its secret read from the vault of its realm. A target no longer in its realm gets no client (its rows are
 * dropped); one whose secret is missing, or that is disabled, gets a client that keeps its rows waiting. An
 * instance belongs to a node's delivery worker and keeps what outlives a batch (OAuth tokens, what SCIM targets
 * support); an admin's request gets fresh ones.
 */
public final class TargetClients {

    private static final Logger LOG = Logger.getLogger(TargetClients.class);

    private final AccessTokens tokens = new AccessTokens();
    private final KnownCapabilities capabilities = new KnownCapabilities();

    /** A client for each target the batch touches; null for a target gone from its realm. */
    public Map<String, TargetClient> forEntries(KeycloakSession session, List<ClaimedEntry> batch, int timeoutMillis) {
        Map<String, TargetClient> clients = new HashMap<>();
        TargetHttp http = http(session, timeoutMillis);
        for (ClaimedEntry entry : batch) {
            if (clients.containsKey(entry.targetId())) {
                continue;
            }
            RealmModel realm = session.realms().getRealm(entry.realmId());
            ProvisioningTarget target = realm == null ? null : RealmTargets.byId(realm, entry.targetId()).orElse(null);
            clients.put(entry.targetId(), target == null ? null : build(session, realm, target, http, false));
        }
        return clients;
    }

    /**
     * A client for an admin's request (test, preview), also for a disabled target: an admin checks a target before
     * enabling it. An OAuth target fetches a token of its own.
     */
    public static TargetClient forAdmin(KeycloakSession session, RealmModel realm, ProvisioningTarget target, int timeoutMillis) {
        return new TargetClients().build(session, realm, target, http(session, timeoutMillis), true);
    }

    /**
     * The target's users and groups for a dry run of a full sync; empty when the target is not SCIM or its secret
     * is missing.
     */
    public static Optional<ScimPreview> preview(KeycloakSession session, RealmModel realm, ProvisioningTarget target,
                                                int timeoutMillis) {
        return scim(session, realm, target, timeoutMillis).map(ScimClient::preview);
    }

    /**
     * The SCIM client of an admin's request ({@link #forAdmin}); empty when the target is not SCIM or its secret is
     * missing. It needs no session once built, so a preview job reads the target outside any transaction.
     */
    public static Optional<ScimClient> scim(KeycloakSession session, RealmModel realm, ProvisioningTarget target, int timeoutMillis) {
        return forAdmin(session, realm, target, timeoutMillis) instanceof ScimClient scim ? Optional.of(scim) : Optional.empty();
    }

    /** Calls through Keycloak's HTTP client (its proxy and trust store), with this timeout per call. */
    private static TargetHttp http(KeycloakSession session, int timeoutMillis) {
        return new TargetHttp(session.getProvider(HttpClientProvider.class).getHttpClient(), timeoutMillis);
    }

    private TargetClient build(KeycloakSession session, RealmModel realm, ProvisioningTarget target, TargetHttp http,
                               boolean evenDisabled) {
        session.getContext().setRealm(realm);
        String secret = target.secretRef() == null ? null : TargetSecrets.resolve(session, target.secretRef()).orElse(null);
        if (target.secretRef() != null && secret == null) {
            LOG.warnf("Gatehouse provisioning target %s: the vault has no entry for its secret; deliveries wait", target.name());
            return new Unconfigured(target, RetryCause.NOT_CONFIGURED, Duration.ofSeconds(30), "the target's secret is missing from the vault");
        }
        if (!target.enabled() && !evenDisabled) {
            return new Unconfigured(target, RetryCause.DISABLED, null, "the target is disabled");
        }
        return switch (target.kind()) {
            case SCIM -> new ScimClient(target, http, secret, tokens, capabilities);
            case WEBHOOK -> new WebhookClient(target, http, TargetSecrets.parseWebhookSecrets(secret));
            case SSF -> new SetPushClient(target, http, secret, SetSigner.of(session, realm),
                    RealmIssuer.resolve(session, realm, target.receiver()).orElse(null));
        };
    }

    /**
     * Rows of a target that cannot send now wait without using up attempts, the target's whole due queue at once:
     * a disabled target's until it is enabled, one whose secret is missing for {@code pause}.
     */
    private record Unconfigured(ProvisioningTarget target, RetryCause cause, Duration pause, String why) implements TargetClient {
        @Override
        public DeliveryOutcome deliver(ClaimedEntry entry) {
            return new DeliveryOutcome.Retry(cause, why, pause);
        }

        @Override
        public Reachability reachability() {
            return new Reachability.Unreachable(why);
        }
    }
}
