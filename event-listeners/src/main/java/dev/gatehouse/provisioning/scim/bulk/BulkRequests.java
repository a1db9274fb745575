package dev.gatehouse.provisioning.scim.bulk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Packs operations into bulk requests within a target's limits: at most {@code maxOperations} each, and a body of
 * at most {@code maxPayloadSize} bytes. No {@code failOnErrors}: the target processes every operation (RFC 7644
 * §3.7.3), so one refused change never holds back the others.
 */
public final class BulkRequests {

    static final String REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    /** The request's envelope around its operations, in bytes (schemas, the Operations array, commas). */
    private static final int ENVELOPE = 96;

    private BulkRequests() {
    }

    /** One request's operations, in the order given. */
    public record Chunk(List<BulkOperation> operations, String body) {
    }

    /**
     * The operations split into requests, in order. An operation larger than the payload limit by itself goes
     * alone (the target will refuse it, and the row is then sent as a single request).
     */
    public static List<Chunk> pack(List<BulkOperation> operations, BulkLimits limits) {
        if (!limits.offered()) {
            throw new IllegalArgumentException("the target offers no bulk requests");
        }
        List<Chunk> chunks = new ArrayList<>();
        List<BulkOperation> current = new ArrayList<>();
        ArrayNode currentJson = JsonNodeFactory.instance.arrayNode();
        long size = ENVELOPE;
        for (BulkOperation op : operations) {
            ObjectNode json = op.json();
            long opSize = json.toString().getBytes(StandardCharsets.UTF_8).length + 1L;
            if (!current.isEmpty() && (current.size() >= limits.maxOperations() || size + opSize > limits.maxPayloadSize())) {
                chunks.add(chunk(current, currentJson));
                current = new ArrayList<>();
                currentJson = JsonNodeFactory.instance.arrayNode();
                size = ENVELOPE;
            }
            current.add(op);
            currentJson.add(json);
            size += opSize;
        }
        if (!current.isEmpty()) {
            chunks.add(chunk(current, currentJson));
        }
        return chunks;
    }

    private static Chunk chunk(List<BulkOperation> operations, ArrayNode json) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(REQUEST_SCHEMA);
        body.set("Operations", json);
        return new Chunk(List.copyOf(operations), body.toString());
    }
}
