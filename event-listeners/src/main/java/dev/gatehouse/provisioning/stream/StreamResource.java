package dev.gatehouse.provisioning.stream;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.ssf.Signal;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmIssuer;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.SignalType;

/**
 * The SSF 1.0 stream endpoints a receiver needs to read and verify its stream: {@code GET streams} (its
 * configuration, §8.1.1.2), {@code GET status} (§8.1.2.1) and {@code POST verify} (§8.1.4.2: a verification event is
 * queued to the receiver, through the outbox like every event). A stream is a receiver (target of kind {@code ssf});
 * its id is the target's id. Unknown streams and streams the caller may not use both answer 404.
 */
public final class StreamResource {

    private final KeycloakSession session;
    private final RealmModel realm;

    StreamResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("streams")
    @Produces(MediaType.APPLICATION_JSON)
    public Response streams(@QueryParam("stream_id") String streamId) {
        StreamCaller caller = StreamCaller.of(session, realm);
        if (caller == null) {
            return unauthorized();
        }
        if (streamId == null) {
            return Response.ok(receivers().stream().filter(caller::mayUse).map(this::config).toList()).build();
        }
        return stream(caller, streamId).map(r -> Response.ok(config(r)).build()).orElseGet(StreamResource::notFound);
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@QueryParam("stream_id") String streamId) {
        StreamCaller caller = StreamCaller.of(session, realm);
        if (caller == null) {
            return unauthorized();
        }
        return stream(caller, streamId).map(r -> Response.ok(Map.of("stream_id", r.id(),
                "status", r.enabled() ? "enabled" : "disabled")).build()).orElseGet(StreamResource::notFound);
    }

    public record VerificationRequest(String stream_id, String state) {
    }

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response verify(String body) {
        StreamCaller caller = StreamCaller.of(session, realm);
        if (caller == null) {
            return unauthorized();
        }
        VerificationRequest request;
        try {
            request = JsonSerialization.readValue(body == null ? "" : body, VerificationRequest.class);
        } catch (java.io.IOException | RuntimeException unreadable) {
            return error(400, "invalid_request", "the body must be {\"stream_id\": …, \"state\": …}");
        }
        if (request == null || request.stream_id() == null) {
            return error(400, "invalid_request", "stream_id is required");
        }
        Optional<ProvisioningTarget> receiver = stream(caller, request.stream_id());
        if (receiver.isEmpty()) {
            return notFound();
        }
        Signal signal = new Signal(RealmIssuer.resolve(session, realm, receiver.get().receiver()).orElse(null), null, null,
                null, Time.currentTime(), request.state() == null ? Map.of() : Map.of("state", request.state()));
        try {
            // Keyed by the stream, not a user: verifications reach the receiver in the order asked.
            new Outbox(session).enqueue(realm.getId(), receiver.get().id(), "stream:" + receiver.get().id(),
                    SignalType.VERIFICATION.rowType(), JsonSerialization.writeValueAsString(signal));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Response.noContent().build();
    }

    private List<ProvisioningTarget> receivers() {
        return RealmTargets.of(realm).stream().filter(ProvisioningTarget::isReceiver).toList();
    }

    private Optional<ProvisioningTarget> stream(StreamCaller caller, String streamId) {
        return receivers().stream().filter(r -> r.id().equals(streamId)).filter(caller::mayUse).findFirst();
    }

    /** SSF §8.1.1: the stream as the receiver may read it. */
    private Map<String, Object> config(ProvisioningTarget receiver) {
        List<String> chosen = receiver.receiver().events().stream().sorted().map(SignalType::uri).toList();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("stream_id", receiver.id());
        config.put("iss", RealmIssuer.resolve(session, realm, receiver.receiver()).orElse(null));
        config.put("aud", receiver.receiver().audience());
        config.put("events_supported", Arrays.stream(SignalType.values()).filter(t -> t != SignalType.VERIFICATION)
                .map(SignalType::uri).toList());
        config.put("events_requested", chosen);
        config.put("events_delivered", receiver.enabled() ? chosen : List.of());
        config.put("delivery", Map.of("method", TransmitterMetadata.PUSH, "endpoint_url", receiver.url().toString()));
        config.put("description", receiver.name());
        return config;
    }

    private static Response unauthorized() {
        return Response.status(401).header("WWW-Authenticate", "Bearer").build();
    }

    private static Response notFound() {
        return error(404, "not_found", "no such stream for this caller");
    }

    private static Response error(int status, String code, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", code, "error_description", description)).build();
    }
}
