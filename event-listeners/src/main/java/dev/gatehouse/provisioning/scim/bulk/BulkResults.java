package dev.gatehouse.provisioning.scim.bulk;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a target's answer to one bulk request into one {@link OperationOutcome} per operation sent, so every
 * outbox row of the request gets exactly one outcome: results are matched by {@code bulkId} (by method and
 * location when a target leaves it out), and an operation without a result is retried, never taken as
 * delivered. A request that failed as a whole retries all its rows.
 */
public final class BulkResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkResults() {
    }

    /**
     * {@code status}, {@code body}, {@code retryAfter}: the HTTP answer to the request carrying {@code sent}.
     * The map has one entry per operation sent, by bulkId, in the order sent.
     */
    public static Map<String, OperationOutcome> read(int status, String body, Duration retryAfter, List<BulkOperation> sent) {
        OperationOutcome whole = wholeRequest(status, retryAfter);
        Map<String, OperationOutcome> outcomes = new LinkedHashMap<>();
        if (whole != null) {
            sent.forEach(op -> outcomes.put(op.bulkId(), whole));
            return outcomes;
        }
        Map<String, JsonNode> results = matched(parse(body), sent);
        for (BulkOperation op : sent) {
            JsonNode result = results.get(op.bulkId());
            outcomes.put(op.bulkId(), result == null
                    ? new OperationOutcome.Retry(what(op) + ": no result for it in the bulk answer", null, false)
                    : outcome(op, result, retryAfter));
        }
        return outcomes;
    }

    /** The outcome of every operation when the request failed as a whole; null when the answer has per-operation results. */
    private static OperationOutcome wholeRequest(int status, Duration retryAfter) {
        if (status >= 200 && status < 300) {
            return null;
        }
        String reason = "POST /Bulk: HTTP " + status;
        if (status == 401 || status == 403) {
            return new OperationOutcome.Retry(reason + ", the target refused our credentials", retryAfter, true);
        }
        if (transientStatus(status) && status != 501) {
            return new OperationOutcome.Retry(reason, retryAfter, false);
        }
        // The target will not take this bulk request (too large, malformed to it, not implemented after all):
        // each row goes alone, where a bad row is refused by itself. 501: bulk is not implemented after all.
        return new OperationOutcome.Alone(reason + ", the target refused the bulk request");
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (java.io.IOException unreadable) {
            return null;
        }
    }

    /** Each sent operation's result, by bulkId; results that match no operation sent are ignored. */
    private static Map<String, JsonNode> matched(JsonNode answer, List<BulkOperation> sent) {
        Map<String, JsonNode> results = new HashMap<>();
        JsonNode operations = answer == null ? null : answer.path("Operations");
        if (operations == null || !operations.isArray()) {
            return results;
        }
        Map<String, BulkOperation> byId = new HashMap<>();
        sent.forEach(op -> byId.put(op.bulkId(), op));
        for (JsonNode result : operations) {
            String bulkId = result.path("bulkId").asText(null);
            BulkOperation op = bulkId != null ? byId.get(bulkId) : byLocation(result, sent, results);
            if (op != null && sameMethod(op, result)) {
                results.putIfAbsent(op.bulkId(), result);
            }
        }
        return results;
    }

    /** A result without bulkId: the one unanswered operation with its method whose path the location ends with. */
    private static BulkOperation byLocation(JsonNode result, List<BulkOperation> sent, Map<String, JsonNode> answered) {
        String location = result.path("location").asText("");
        BulkOperation found = null;
        for (BulkOperation op : sent) {
            if (!answered.containsKey(op.bulkId()) && sameMethod(op, result) && op.kind() != BulkOperation.Kind.CREATE
                    && location.endsWith(op.path())) {
                if (found != null) {
                    return null;
                }
                found = op;
            }
        }
        return found;
    }

    private static boolean sameMethod(BulkOperation op, JsonNode result) {
        String method = result.path("method").asText(null);
        return method == null || op.kind().method().equalsIgnoreCase(method);
    }

    private static OperationOutcome outcome(BulkOperation op, JsonNode result, Duration retryAfter) {
        int status = status(result.path("status"));
        String reason = what(op) + " in bulk: HTTP " + status + detail(result.path("response"));
        if (status >= 200 && status < 300) {
            return applied(op, result);
        }
        boolean removal = op.kind() == BulkOperation.Kind.DELETE || op.kind() == BulkOperation.Kind.DEACTIVATE
                || op.kind() == BulkOperation.Kind.DEACTIVATE_BY_REPLACE;
        if (status == 404 && removal) {
            return new OperationOutcome.Gone();
        }
        if (status == 404 && op.kind() == BulkOperation.Kind.REPLACE || status == 409 && op.kind() == BulkOperation.Kind.CREATE) {
            return new OperationOutcome.Alone(reason);
        }
        if (status == 401 || status == 403) {
            return new OperationOutcome.Retry(what(op) + " in bulk: the target refused our credentials (" + status + ")", retryAfter, true);
        }
        if (status < 400 || transientStatus(status)) {
            // Includes a missing or unreadable status: not known to have happened, so not delivered.
            return new OperationOutcome.Retry(reason, retryAfter, false);
        }
        return new OperationOutcome.Rejected(reason);
    }

    private static OperationOutcome applied(BulkOperation op, JsonNode result) {
        return switch (op.kind()) {
            case DELETE -> new OperationOutcome.Applied(null);
            case REPLACE, DEACTIVATE, DEACTIVATE_BY_REPLACE -> new OperationOutcome.Applied(op.path().substring(op.path().lastIndexOf('/') + 1));
            case CREATE -> {
                String id = createdId(result);
                // Created, but where? A request of its own meets 409 and finds the user by externalId.
                yield id == null ? new OperationOutcome.Alone(what(op) + " in bulk: created without an id in the answer")
                        : new OperationOutcome.Applied(id);
            }
        };
    }

    /** The new resource's id: the last segment of {@code location} (RFC 7644 §3.7.3), or an {@code id} some targets add. */
    private static String createdId(JsonNode result) {
        String location = result.path("location").asText("");
        int slash = location.lastIndexOf('/');
        String fromLocation = slash >= 0 && slash < location.length() - 1 ? location.substring(slash + 1) : null;
        if (fromLocation != null && !"Users".equals(fromLocation)) {
            return java.net.URLDecoder.decode(fromLocation, java.nio.charset.StandardCharsets.UTF_8);
        }
        String id = result.path("id").asText(null);
        return id == null || id.isBlank() ? null : id;
    }

    /** RFC 7644's examples write the status as a string ("201"); some targets as a number or {"code": 201}. */
    private static int status(JsonNode status) {
        JsonNode code = status.isObject() ? status.path("code") : status;
        if (code.isNumber()) {
            return code.asInt();
        }
        try {
            return Integer.parseInt(code.asText("").strip());
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    private static boolean transientStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    private static String what(BulkOperation op) {
        return op.kind().method() + " /Users";
    }

    private static String detail(JsonNode response) {
        String scimType = response.path("scimType").asText("");
        String detail = response.path("detail").asText("").replaceAll("\\s+", " ").strip();
        String text = (scimType.isEmpty() ? "" : " " + scimType) + (detail.isEmpty() ? "" : " " + detail);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
