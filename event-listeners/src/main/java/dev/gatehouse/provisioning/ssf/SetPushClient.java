package dev.gatehouse.provisioning.ssf;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.http.client.methods.HttpPost;
import org.keycloak.common.util.Time;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.SignalType;

/**
 * Push delivery of Security Event Tokens (RFC 8935) to one Shared Signals receiver: each outbox row becomes one SET,
 * signed with the realm's key, {@code POST}ed as {@code application/secevent+jwt} with the receiver's bearer secret.
 * 202 (any 2xx) delivers it. A 400 carries RFC 8935's error JSON: {@code invalid_request} is about this SET (dead
 * letter); {@code authentication_failed} and {@code access_denied} refuse Gatehouse, and {@code invalid_issuer} and
 * {@code invalid_audience} say the receiver is set up for another stream — every SET would fail alike, so the receiver
 * counts as down (rows wait, quarantine counts); {@code invalid_key} is retried (the receiver may still hold old keys).
 */
public final class SetPushClient implements TargetClient {

    static final String CONTENT_TYPE = "application/secevent+jwt";
    /** Reads a receiver's error JSON (immutable once built, shared by the senders). */
    private static final ObjectMapper ERRORS = new ObjectMapper();

    private final ProvisioningTarget target;
    private final TargetHttp http;
    private final String bearer;
    private final SetSigner signer;
    /** The realm's issuer for the connection test's verification event; null when unknown (outside a request). */
    private final String issuer;

    public SetPushClient(ProvisioningTarget target, TargetHttp http, String bearer, SetSigner signer, String issuer) {
        this.target = target;
        this.http = http;
        this.bearer = bearer;
        this.signer = signer;
        this.issuer = issuer;
    }

    @Override
    public ProvisioningTarget target() {
        return target;
    }

    @Override
    public DeliveryOutcome deliver(ClaimedEntry entry) {
        SignalType type = SignalType.ofRowType(entry.type()).orElse(null);
        Signal signal;
        try {
            signal = type == null ? null : JsonSerialization.readValue(entry.payload(), Signal.class);
        } catch (IOException unreadable) {
            signal = null;
        }
        if (signal == null) {
            return new DeliveryOutcome.Dead("unreadable outbox payload of type " + entry.type());
        }
        if (signal.issuer() == null) {
            return new DeliveryOutcome.Dead("the realm's issuer URL was unknown when the event was recorded (no request, no "
                    + "--hostname URL, receiver never saved by an admin)");
        }
        String jti = entry.messageId() != null ? entry.messageId() : entry.webhookId();
        return push(SecurityEventTokens.claims(type, signal, target.receiver(), jti, entry.createdAt() / 1000, target.id()));
    }

    /** The admin's reachability test: a verification event, outside the outbox. */
    @Override
    public Reachability reachability() {
        if (issuer == null) {
            return new Reachability.Unreachable("the realm's issuer URL is unknown outside a request");
        }
        Signal verification = new Signal(issuer, null, null, null, Time.currentTime(), Map.of("state", "gatehouse-test"));
        return Reachability.of(push(SecurityEventTokens.claims(SignalType.VERIFICATION, verification, target.receiver(),
                UUID.randomUUID().toString(), Time.currentTime(), target.id())));
    }

    private DeliveryOutcome push(Map<String, Object> claims) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        try {
            TargetHttp.Response r = http.send(new HttpPost(target.url()), headers, signer.sign(claims), CONTENT_TYPE);
            if (r.ok()) {
                return new DeliveryOutcome.Delivered(null);
            }
            return r.status() == 400 ? refused(r) : r.failure("POST SET");
        } catch (TargetHttp.Unreachable unreachable) {
            return unreachable.outcome();
        }
    }

    /** RFC 8935 §2.3: {@code {"err": "...", "description": "..."}}. */
    static DeliveryOutcome refused(TargetHttp.Response r) {
        String err = null;
        String description = null;
        try {
            JsonNode body = ERRORS.readTree(r.body() == null ? "" : r.body());
            err = body != null && body.hasNonNull("err") ? body.get("err").asText() : null;
            description = body != null && body.hasNonNull("description") ? body.get("description").asText() : null;
        } catch (IOException notJson) {
            // a 400 without RFC 8935's error JSON: about this SET
        }
        String reason = "POST SET: HTTP 400 " + (err == null ? "" : err) + (description == null ? "" : " (" + description + ")");
        if (err == null) {
            return r.failure("POST SET");
        }
        return switch (err) {
            case "authentication_failed", "access_denied" ->
                    new DeliveryOutcome.Retry(RetryCause.CREDENTIALS_REFUSED, "POST SET: " + TargetHttp.REFUSED_CREDENTIALS + " (" + err + ")");
            case "invalid_issuer", "invalid_audience" -> new DeliveryOutcome.Retry(RetryCause.RECEIVER_MISMATCH, reason);
            case "invalid_key" -> new DeliveryOutcome.Retry(RetryCause.TARGET_ERROR, reason);
            default -> new DeliveryOutcome.Dead(reason.strip());
        };
    }
}
