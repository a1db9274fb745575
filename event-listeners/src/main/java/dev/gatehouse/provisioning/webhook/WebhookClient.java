package dev.gatehouse.provisioning.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.http.client.methods.HttpPost;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * Posts an outbox row as a Standard Webhooks message: body {@code {"type", "timestamp", "data"}}; headers
 * {@code webhook-id} (the same on every retry of the row, so a receiver can drop duplicates; unique across rows,
 * database restores and targets),
 * {@code webhook-timestamp} (seconds, at sending, so a receiver can refuse replays) and {@code webhook-signature}.
 */
public final class WebhookClient implements TargetClient {

    private final ProvisioningTarget target;
    private final TargetHttp http;
    private final WebhookSigner signer;

    public WebhookClient(ProvisioningTarget target, TargetHttp http, List<byte[]> keys) {
        this.target = target;
        this.http = http;
        this.signer = new WebhookSigner(keys);
    }

    @Override
    public ProvisioningTarget target() {
        return target;
    }

    @Override
    public DeliveryOutcome deliver(ClaimedEntry entry) {
        String body;
        try {
            ObjectNode message = JsonSerialization.mapper.createObjectNode();
            message.put("type", entry.type());
            message.put("timestamp", Instant.ofEpochMilli(entry.createdAt()).toString());
            message.set("data", JsonSerialization.mapper.readTree(entry.payload()));
            body = message.toString();
        } catch (java.io.IOException unreadable) {
            return new DeliveryOutcome.Dead("unreadable outbox payload");
        }
        return send(entry.webhookId(), body,
                ChangeType.DELETED.wireName().equals(entry.type()) ? TargetState.REMOVED : null);
    }

    /** A signed ping, for the admin's reachability test. */
    @Override
    public Reachability reachability() {
        ObjectNode message = JsonSerialization.mapper.createObjectNode();
        message.put("type", "gatehouse.ping");
        message.put("timestamp", Instant.now().toString());
        message.putObject("data");
        return Reachability.of(send(ClaimedEntry.webhookId(UUID.randomUUID().toString()), message.toString(), null));
    }

    private DeliveryOutcome send(String messageId, String body, TargetState onSuccess) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", messageId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signer.signatureHeader(messageId, timestamp, body));
        try {
            TargetHttp.Response r = http.send(new HttpPost(target.url()), headers, body, "application/json");
            return r.ok() ? new DeliveryOutcome.Delivered(onSuccess) : r.failure("POST webhook");
        } catch (TargetHttp.Unreachable unreachable) {
            return unreachable.outcome();
        }
    }
}
