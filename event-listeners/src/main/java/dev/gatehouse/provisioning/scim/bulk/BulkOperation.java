package dev.gatehouse.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One operation of a SCIM bulk request (RFC 7644 §3.7): one outbox row's change of one user. {@code bulkId} names
 * the row, so each result in the answer maps back to exactly one row; {@code kind} says how a result is read
 * (a 404 means "gone" for a deactivation but "create instead" for a replacement).
 */
public record BulkOperation(String bulkId, Kind kind, String path, JsonNode data) {

    /** What the operation does to the user at the target, and the HTTP method it uses. */
    public enum Kind {
        /** {@code POST /Users}: a user the target was never told about. */
        CREATE("POST"),
        /** {@code PUT /Users/{id}}: the user's current state replaces what the target holds. */
        REPLACE("PUT"),
        /** {@code PATCH /Users/{id}} setting {@code active} false. */
        DEACTIVATE("PATCH"),
        /** {@code PUT /Users/{id}} with {@code active} false, for targets without PATCH. */
        DEACTIVATE_BY_REPLACE("PUT"),
        /** {@code DELETE /Users/{id}}. */
        DELETE("DELETE");

        private final String method;

        Kind(String method) {
            this.method = method;
        }

        public String method() {
            return method;
        }
    }

    public BulkOperation {
        if (bulkId == null || bulkId.isBlank() || kind == null || path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a bulk operation needs a bulkId, a kind and a path");
        }
        if ((kind == Kind.DELETE) != (data == null)) {
            throw new IllegalArgumentException(kind + " " + (data == null ? "needs" : "takes no") + " data");
        }
    }

    /** The operation as the request's {@code Operations} carry it. */
    ObjectNode json() {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("method", kind.method()).put("bulkId", bulkId).put("path", path);
        if (data != null) {
            op.set("data", data);
        }
        return op;
    }
}
