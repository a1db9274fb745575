package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * A SIEM for one test: a signed-webhook receiver and a provisioning target with {@code securityEvents} in the
 * realm (its secret in Keycloak's file vault). Close it to remove the target and stop the receiver.
 */
final class SecurityWebhook implements AutoCloseable {

    private static final String WHSEC = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("security-webhook-0123456789abcde".getBytes());

    private final ManagedRealm realm;
    private final ProvisioningTargets targets;
    private final WebhookTestReceiver receiver = new WebhookTestReceiver(WHSEC);
    private final String targetId;

    SecurityWebhook(ManagedRealm realm, Keycloak adminClient) {
        this.realm = realm;
        this.targets = new ProvisioningTargets(realm, adminClient);
        try {
            receiver.start();
            Files.writeString(GatehouseServerConfig.vaultDir().resolve(realm.getName() + "_siem-secret"), WHSEC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        targetId = targets.create("siem", Map.of("kind", "webhook", "url", receiver.url(), "secret", "${vault.siem-secret}",
                "securityEvents", "true"));
    }

    /** Waits until every message queued so far went out. */
    void drained() {
        awaitTrue(() -> targets.pending(targetId) == 0, "the security webhook's queue drained");
    }

    /** Security messages received of this type ({@code security.…}) whose data matches the filter. */
    List<JsonNode> messages(String type, java.util.function.Predicate<JsonNode> data) {
        return receiver.accepted().stream().map(m -> read(m.body()))
                .filter(b -> type.equals(b.path("type").asText()) && data.test(b.path("data")))
                .toList();
    }

    List<JsonNode> messagesAbout(String type, String userId) {
        return messages(type, d -> userId.equals(d.path("userId").asText()));
    }

    /** Every security message type received. */
    List<String> types() {
        return receiver.accepted().stream().map(m -> read(m.body()).path("type").asText())
                .filter(t -> t.startsWith("security.")).toList();
    }

    @Override
    public void close() {
        realm.admin().components().component(targetId).remove();
        receiver.stop();
    }

    private static JsonNode read(String body) {
        try {
            return ProvisioningTargets.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
