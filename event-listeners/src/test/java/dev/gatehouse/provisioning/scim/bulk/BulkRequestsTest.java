package dev.gatehouse.provisioning.scim.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class BulkRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BulkOperation create(int n) {
        ObjectNode user = JSON.createObjectNode().put("userName", "user" + n).put("externalId", "kc-" + n);
        return new BulkOperation("r" + n, BulkOperation.Kind.CREATE, "/Users", user);
    }

    @Test
    void limitsAreReadFromTheServiceProviderConfigAndCapped() throws Exception {
        assertEquals(new BulkLimits(100, 1_048_576), BulkLimits.from(JSON.readTree(
                "{\"bulk\":{\"supported\":true,\"maxOperations\":100,\"maxPayloadSize\":1048576}}")));
        assertEquals(BulkLimits.CAP, BulkLimits.from(JSON.readTree(
                "{\"bulk\":{\"supported\":true,\"maxOperations\":100000,\"maxPayloadSize\":1048576}}")).maxOperations());
    }

    @Test
    void bulkNotOfferedWhenUnsupportedMissingOrUseless() throws Exception {
        for (String config : List.of("{}", "{\"bulk\":{\"supported\":false,\"maxOperations\":100,\"maxPayloadSize\":1000}}",
                "{\"bulk\":{\"supported\":true,\"maxOperations\":1,\"maxPayloadSize\":1000}}",
                "{\"bulk\":{\"supported\":true,\"maxOperations\":100}}", "{\"bulk\":{\"supported\":\"yes\"}}")) {
            assertFalse(BulkLimits.from(JSON.readTree(config)).offered(), config);
        }
        assertFalse(BulkLimits.from(null).offered());
    }

    @Test
    void requestCarriesEveryOperationWithMethodPathBulkIdAndNoFailOnErrors() throws Exception {
        ObjectNode replaced = JSON.createObjectNode().put("userName", "bob");
        List<BulkOperation> ops = List.of(create(1),
                new BulkOperation("r2", BulkOperation.Kind.REPLACE, "/Users/abc", replaced),
                new BulkOperation("r3", BulkOperation.Kind.DELETE, "/Users/def", null));
        List<BulkRequests.Chunk> chunks = BulkRequests.pack(ops, new BulkLimits(10, 100_000));
        assertEquals(1, chunks.size());
        JsonNode body = JSON.readTree(chunks.get(0).body());
        assertEquals(BulkRequests.REQUEST_SCHEMA, body.path("schemas").get(0).asText());
        assertTrue(body.path("failOnErrors").isMissingNode(), "the target processes every operation");
        JsonNode sent = body.path("Operations");
        assertEquals(3, sent.size());
        assertEquals("POST", sent.get(0).path("method").asText());
        assertEquals("r1", sent.get(0).path("bulkId").asText());
        assertEquals("/Users", sent.get(0).path("path").asText());
        assertEquals("user1", sent.get(0).path("data").path("userName").asText());
        assertEquals("PUT", sent.get(1).path("method").asText());
        assertEquals("/Users/abc", sent.get(1).path("path").asText());
        assertEquals("DELETE", sent.get(2).path("method").asText());
        assertTrue(sent.get(2).path("data").isMissingNode());
        assertEquals(ops, chunks.get(0).operations());
    }

    @Test
    void splitsAtMaxOperationsKeepingOrder() {
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ops.add(create(i));
        }
        List<BulkRequests.Chunk> chunks = BulkRequests.pack(ops, new BulkLimits(10, 10_000_000));
        assertEquals(List.of(10, 10, 5), chunks.stream().map(c -> c.operations().size()).toList());
        assertEquals(ops, chunks.stream().flatMap(c -> c.operations().stream()).toList());
    }

    @Test
    void splitsSoNoBodyExceedsMaxPayloadSize() {
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ops.add(create(i));
        }
        long limit = 1_000;
        List<BulkRequests.Chunk> chunks = BulkRequests.pack(ops, new BulkLimits(1000, limit));
        assertTrue(chunks.size() > 1);
        for (BulkRequests.Chunk chunk : chunks) {
            assertTrue(chunk.body().getBytes(StandardCharsets.UTF_8).length <= limit, chunk.body().length() + " bytes");
        }
        assertEquals(ops, chunks.stream().flatMap(c -> c.operations().stream()).toList());
    }

    @Test
    void anOperationTooLargeForAnyRequestGoesAlone() {
        ObjectNode huge = JSON.createObjectNode().put("userName", "x".repeat(5_000));
        List<BulkOperation> ops = List.of(create(1), new BulkOperation("big", BulkOperation.Kind.CREATE, "/Users", huge), create(2));
        List<BulkRequests.Chunk> chunks = BulkRequests.pack(ops, new BulkLimits(100, 1_000));
        assertEquals(List.of(List.of("r1"), List.of("big"), List.of("r2")),
                chunks.stream().map(c -> c.operations().stream().map(BulkOperation::bulkId).toList()).toList());
    }

    @Test
    void operationsAreCheckedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> new BulkOperation("r1", BulkOperation.Kind.DELETE, "/Users/a",
                JSON.createObjectNode()));
        assertThrows(IllegalArgumentException.class, () -> new BulkOperation("r1", BulkOperation.Kind.CREATE, "/Users", null));
        assertThrows(IllegalArgumentException.class, () -> new BulkOperation(" ", BulkOperation.Kind.DELETE, "/Users/a", null));
        assertThrows(IllegalArgumentException.class, () -> BulkRequests.pack(List.of(create(1)), BulkLimits.NONE));
    }
}
