package dev.gatehouse.provisioning.scim.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class BulkResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BulkOperation CREATE = new BulkOperation("r1", BulkOperation.Kind.CREATE, "/Users",
            JSON.createObjectNode().put("userName", "ada"));
    private static final BulkOperation REPLACE = new BulkOperation("r2", BulkOperation.Kind.REPLACE, "/Users/u-2",
            JSON.createObjectNode().put("userName", "bo"));
    private static final BulkOperation DEACTIVATE = new BulkOperation("r3", BulkOperation.Kind.DEACTIVATE, "/Users/u-3",
            JSON.createObjectNode());
    private static final BulkOperation DELETE = new BulkOperation("r4", BulkOperation.Kind.DELETE, "/Users/u-4", null);
    private static final List<BulkOperation> ALL = List.of(CREATE, REPLACE, DEACTIVATE, DELETE);

    private static String answer(String... operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkResponse\"],\"Operations\":[" + String.join(",", operations) + "]}";
    }

    private static String result(String method, String bulkId, String location, Object status) {
        return "{\"method\":\"" + method + "\"" + (bulkId == null ? "" : ",\"bulkId\":\"" + bulkId + "\"")
                + (location == null ? "" : ",\"location\":\"" + location + "\"") + ",\"status\":"
                + (status instanceof String ? "\"" + status + "\"" : status) + "}";
    }

    private static String failed(String method, String bulkId, int status, String scimType, String detail) {
        return "{\"method\":\"" + method + "\",\"bulkId\":\"" + bulkId + "\",\"status\":\"" + status + "\",\"response\":{"
                + "\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"" + status + "\""
                + (scimType == null ? "" : ",\"scimType\":\"" + scimType + "\"") + ",\"detail\":\"" + detail + "\"}}";
    }

    @Test
    void everyOperationAppliedMapsToItsRowWithTheUsersIdAtTheTarget() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(
                result("DELETE", "r4", "https://t.example/scim/v2/Users/u-4", 204),
                result("POST", "r1", "https://t.example/scim/v2/Users/new-1", "201"),
                result("PUT", "r2", "https://t.example/scim/v2/Users/u-2", "200"),
                result("PATCH", "r3", "https://t.example/scim/v2/Users/u-3", 200)), null, ALL);
        assertEquals(List.of("r1", "r2", "r3", "r4"), List.copyOf(outcomes.keySet()), "one outcome per operation, in the order sent");
        assertEquals(new OperationOutcome.Applied("new-1"), outcomes.get("r1"));
        assertEquals(new OperationOutcome.Applied("u-2"), outcomes.get("r2"));
        assertEquals(new OperationOutcome.Applied("u-3"), outcomes.get("r3"));
        assertEquals(new OperationOutcome.Applied(null), outcomes.get("r4"));
    }

    @Test
    void oneRefusedOperationIsRejectedAloneAndTheOthersApplied() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(
                result("POST", "r1", "https://t.example/scim/v2/Users/new-1", 201),
                failed("PUT", "r2", 400, "invalidValue", "emails: not an address")), null, List.of(CREATE, REPLACE));
        assertEquals(new OperationOutcome.Applied("new-1"), outcomes.get("r1"));
        OperationOutcome.Rejected rejected = assertInstanceOf(OperationOutcome.Rejected.class, outcomes.get("r2"));
        assertEquals("PUT /Users in bulk: HTTP 400 invalidValue emails: not an address", rejected.reason());
    }

    @Test
    void transientFailuresOfOneOperationAreRetriedWithTheTargetsRetryAfter() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(failed("POST", "r1", 503, null, "busy"),
                failed("PUT", "r2", 429, null, "slow down")), Duration.ofSeconds(7), List.of(CREATE, REPLACE));
        assertEquals(new OperationOutcome.Retry("POST /Users in bulk: HTTP 503 busy", Duration.ofSeconds(7), false), outcomes.get("r1"));
        assertInstanceOf(OperationOutcome.Retry.class, outcomes.get("r2"));
    }

    @Test
    void aCreateThatMetAnExistingUserIsSentAloneToAdoptThem() {
        // The bulk request succeeded at the target but its answer was lost: on the retry, each create meets 409.
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(failed("POST", "r1", 409, "uniqueness", "exists")),
                null, List.of(CREATE));
        assertInstanceOf(OperationOutcome.Alone.class, outcomes.get("r1"));
    }

    @Test
    void aReplacementOfAUserTheTargetLostIsSentAloneToCreateThem() {
        assertInstanceOf(OperationOutcome.Alone.class, BulkResults.read(200, answer(failed("PUT", "r2", 404, null, "no such user")),
                null, List.of(REPLACE)).get("r2"));
    }

    @Test
    void removingAUserTheTargetDoesNotHaveIsDone() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(failed("PATCH", "r3", 404, null, "gone"),
                failed("DELETE", "r4", 404, null, "gone")), null, List.of(DEACTIVATE, DELETE));
        assertEquals(new OperationOutcome.Gone(), outcomes.get("r3"));
        assertEquals(new OperationOutcome.Gone(), outcomes.get("r4"));
    }

    @Test
    void anOperationWithoutAResultIsRetriedNeverDelivered() {
        // failOnErrors reached, or a target that answered only part: r2..r4 have no result.
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(result("POST", "r1", "/Users/n", 201)), null, ALL);
        assertEquals(new OperationOutcome.Applied("n"), outcomes.get("r1"));
        for (String id : List.of("r2", "r3", "r4")) {
            OperationOutcome.Retry retry = assertInstanceOf(OperationOutcome.Retry.class, outcomes.get(id));
            assertTrue(retry.reason().contains("no result"), retry.reason());
        }
    }

    @Test
    void resultsForOperationsNotSentOrOfAnotherMethodAreIgnored() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(result("POST", "zz", "/Users/x", 201),
                result("DELETE", "r1", "/Users/x", 204)), null, List.of(CREATE));
        assertInstanceOf(OperationOutcome.Retry.class, outcomes.get("r1"));
    }

    @Test
    void theFirstResultOfAnOperationCounts() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(failed("POST", "r1", 503, null, "busy"),
                result("POST", "r1", "/Users/x", 201)), null, List.of(CREATE));
        assertInstanceOf(OperationOutcome.Retry.class, outcomes.get("r1"));
    }

    @Test
    void aResultWithoutBulkIdIsMatchedByMethodAndLocation() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(
                result("PUT", null, "https://t.example/scim/v2/Users/u-2", 200),
                result("POST", null, "https://t.example/scim/v2/Users/new", 201)), null, List.of(CREATE, REPLACE));
        assertEquals(new OperationOutcome.Applied("u-2"), outcomes.get("r2"));
        // A create cannot be matched by location (its path is /Users for every create): retried, then adopted.
        assertInstanceOf(OperationOutcome.Retry.class, outcomes.get("r1"));
    }

    @Test
    void aCreateAnsweredWithoutItsIdIsSentAlone() {
        Map<String, OperationOutcome> outcomes = BulkResults.read(200, answer(result("POST", "r1", null, 201)), null, List.of(CREATE));
        assertInstanceOf(OperationOutcome.Alone.class, outcomes.get("r1"));
        assertEquals(new OperationOutcome.Applied("abc"), BulkResults.read(200,
                answer("{\"method\":\"POST\",\"bulkId\":\"r1\",\"id\":\"abc\",\"status\":{\"code\":201}}"), null, List.of(CREATE)).get("r1"));
    }

    @Test
    void aWholeRequestFailureRetriesEveryRow() {
        for (int status : List.of(500, 502, 503, 429, 408)) {
            Map<String, OperationOutcome> outcomes = BulkResults.read(status, "{\"detail\":\"down\"}", Duration.ofSeconds(3), ALL);
            assertEquals(4, outcomes.size());
            outcomes.values().forEach(o -> assertEquals(Duration.ofSeconds(3),
                    assertInstanceOf(OperationOutcome.Retry.class, o).retryAfter()));
        }
        BulkResults.read(401, "", null, ALL).values()
                .forEach(o -> assertTrue(assertInstanceOf(OperationOutcome.Retry.class, o).credentials()));
    }

    @Test
    void anAnswerWithoutResultsRetriesEveryRow() {
        for (String body : List.of("", "not json", "{}", "{\"Operations\":{}}")) {
            BulkResults.read(200, body, null, ALL).values().forEach(o -> assertInstanceOf(OperationOutcome.Retry.class, o, body));
        }
    }

    @Test
    void aBulkRequestTheTargetRefusesSendsEveryRowAlone() {
        for (int status : List.of(400, 404, 413, 501)) {
            BulkResults.read(status, "{}", null, ALL).values().forEach(o -> assertInstanceOf(OperationOutcome.Alone.class, o));
        }
    }

    @Test
    void anUnreadableStatusIsRetried() {
        assertInstanceOf(OperationOutcome.Retry.class, BulkResults.read(200,
                answer("{\"method\":\"POST\",\"bulkId\":\"r1\",\"location\":\"/Users/x\",\"status\":\"created\"}"), null, List.of(CREATE)).get("r1"));
    }
}
