package dev.gatehouse.provisioning.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.scim.bulk.BulkLimits;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.TargetConfig;

class ScimBulkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserSnapshot.Group STAFF = new UserSnapshot.Group("g1", "staff", "/staff");

    private static ProvisioningTarget target(String deprovision, boolean pushGroups) {
        return TargetConfig.parse("t", "app", Map.of("url", List.of("https://app.example/scim/v2"), "secret", List.of("${vault.k}"),
                "deprovision", List.of(deprovision), "pushGroups", List.of(String.valueOf(pushGroups))));
    }

    private static ClaimedEntry row(long id, String type, boolean enabled, String remoteId, List<String> groupsBefore,
                                    List<UserSnapshot.Group> groups) throws Exception {
        UserSnapshot user = new UserSnapshot("kc-" + id, "user" + id, "user" + id + "@example.org", true, "U", "Ser",
                enabled, Map.of(), groups);
        return new ClaimedEntry(id, "realm", "t", user.id(), type, JsonSerialization.writeValueAsString(user), 0, 0, "lease",
                "m" + id, remoteId, groupsBefore);
    }

    /** Answers each bulk request from {@code answer} (bulkId → result JSON) and keeps what it was sent. */
    private static final class FakeTarget implements ScimBulk.Poster {
        final List<JsonNode> sent = new ArrayList<>();
        final Map<String, String> answer;

        FakeTarget(Map<String, String> answer) {
            this.answer = answer;
        }

        @Override
        public TargetHttp.Response post(String body) {
            try {
                JsonNode request = JSON.readTree(body);
                sent.add(request);
                List<String> results = new ArrayList<>();
                for (JsonNode op : request.path("Operations")) {
                    String result = answer.get(op.path("bulkId").asText());
                    if (result != null) {
                        results.add(result.replace("$ID", op.path("bulkId").asText()).replace("$M", op.path("method").asText()));
                    }
                }
                return new TargetHttp.Response(200, "{\"Operations\":[" + String.join(",", results) + "]}", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String ok(int status, String location) {
        return "{\"bulkId\":\"$ID\",\"method\":\"$M\",\"status\":\"" + status + "\"" + (location == null ? "" : ",\"location\":\"" + location + "\"") + "}";
    }

    @Test
    void eachRowGetsTheOutcomeOfItsOwnOperation() throws Exception {
        ClaimedEntry created = row(1, "user.provisioned", true, null, List.of(), List.of());
        ClaimedEntry replaced = row(2, "user.updated", true, "r-2", List.of(), List.of());
        ClaimedEntry refused = row(3, "user.updated", true, null, List.of(), List.of());
        ClaimedEntry busy = row(4, "user.updated", true, "r-4", List.of(), List.of());
        ClaimedEntry unanswered = row(5, "user.provisioned", true, null, List.of(), List.of());
        FakeTarget fake = new FakeTarget(Map.of("row-1", ok(201, "https://app.example/scim/v2/Users/r-1"),
                "row-2", ok(200, "https://app.example/scim/v2/Users/r-2"),
                "row-3", "{\"bulkId\":\"$ID\",\"status\":\"400\",\"response\":{\"detail\":\"bad email\"}}",
                "row-4", "{\"bulkId\":\"$ID\",\"status\":\"503\"}"));
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new ScimBulk(target("deactivate", false), true, new BulkLimits(100, 1_000_000), fake)
                .send(List.of(created, replaced, refused, busy, unanswered));
        assertEquals(1, fake.sent.size(), "one request for all five rows");
        assertEquals(5, fake.sent.get(0).path("Operations").size());
        assertEquals(new DeliveryOutcome.Delivered(TargetState.of("r-1", List.of())), outcomes.get(created));
        assertEquals(new DeliveryOutcome.Delivered(TargetState.of("r-2", List.of())), outcomes.get(replaced));
        assertInstanceOf(DeliveryOutcome.Dead.class, outcomes.get(refused));
        assertInstanceOf(DeliveryOutcome.Retry.class, outcomes.get(busy));
        assertInstanceOf(DeliveryOutcome.Retry.class, outcomes.get(unanswered), "no result: retried, never delivered");
    }

    @Test
    void aCreateMeetingAnExistingUserIsLeftToGoAloneAndBeAdopted() throws Exception {
        ClaimedEntry again = row(1, "user.provisioned", true, null, List.of(), List.of());
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new ScimBulk(target("deactivate", false), true, new BulkLimits(100, 1_000_000),
                new FakeTarget(Map.of("row-1", "{\"bulkId\":\"$ID\",\"status\":\"409\",\"response\":{\"scimType\":\"uniqueness\"}}")))
                .send(List.of(again));
        assertFalse(outcomes.containsKey(again));
    }

    @Test
    void aRequestWithoutAnAnswerRetriesEveryRowItCarried() throws Exception {
        List<ClaimedEntry> rows = List.of(row(1, "user.provisioned", true, null, List.of(), List.of()),
                row(2, "user.updated", true, "r-2", List.of(), List.of()));
        DeliveryOutcome down = new DeliveryOutcome.Retry(dev.gatehouse.provisioning.client.RetryCause.UNREACHABLE, "POST /Bulk failed: timeout");
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new ScimBulk(target("deactivate", false), true, new BulkLimits(100, 1_000_000),
                body -> {
                    throw new ScimBulk.Unsent(down);
                }).send(rows);
        assertEquals(Map.of(rows.get(0), down, rows.get(1), down), outcomes);
    }

    @Test
    void rowsNeedingMembershipChangesOrALookupGoAlone() throws Exception {
        ProvisioningTarget groups = target("deactivate", true);
        assertInstanceOf(ScimBulk.Plan.Alone.class, ScimBulk.plan(row(1, "user.updated", true, "r-1", List.of(), List.of(STAFF)), groups, true));
        assertInstanceOf(ScimBulk.Plan.Alone.class, ScimBulk.plan(row(2, "user.updated", true, "r-2", List.of("staff"), List.of()), groups, true));
        ScimBulk.Plan.Operation same = assertInstanceOf(ScimBulk.Plan.Operation.class,
                ScimBulk.plan(row(3, "user.updated", true, "r-3", List.of("staff"), List.of(STAFF)), groups, true));
        assertEquals(TargetState.of("r-3", List.of("staff")), same.applied());
        // Deprovisioning a user never recorded at the target needs a lookup first.
        assertInstanceOf(ScimBulk.Plan.Alone.class, ScimBulk.plan(row(4, "user.deprovisioned", false, null, List.of(), List.of()),
                target("deactivate", false), true));
    }

    @Test
    void deprovisioningFollowsTheTargetsSettingAndCapabilities() throws Exception {
        ScimBulk.Plan.Operation patch = assertInstanceOf(ScimBulk.Plan.Operation.class,
                ScimBulk.plan(row(1, "user.deprovisioned", false, "r-1", List.of("staff"), List.of()), target("deactivate", false), true));
        assertEquals("PATCH", patch.operation().kind().method());
        assertEquals("/Users/r-1", patch.operation().path());
        assertFalse(patch.operation().data().path("Operations").get(0).path("value").asBoolean(true));
        assertEquals(TargetState.of("r-1", List.of("staff")), patch.applied());
        assertEquals(TargetState.of(null, List.of("staff")), patch.gone());

        ScimBulk.Plan.Operation put = assertInstanceOf(ScimBulk.Plan.Operation.class,
                ScimBulk.plan(row(2, "user.updated", false, "r-2", List.of(), List.of()), target("deactivate", false), false));
        assertEquals("PUT", put.operation().kind().method());
        assertFalse(put.operation().data().path("active").asBoolean(true));

        ScimBulk.Plan.Operation delete = assertInstanceOf(ScimBulk.Plan.Operation.class,
                ScimBulk.plan(row(3, "user.deleted", false, "r-3", List.of(), List.of()), target("delete", false), true));
        assertEquals("DELETE", delete.operation().kind().method());
        assertTrue(delete.applied().removed());
        assertTrue(delete.gone().removed());

        ScimBulk.Plan.Operation deletedButDeactivated = assertInstanceOf(ScimBulk.Plan.Operation.class,
                ScimBulk.plan(row(4, "user.deleted", false, "r-4", List.of(), List.of()), target("deactivate", false), true));
        assertTrue(deletedButDeactivated.applied().removed(), "a deleted user's enrolment goes once the target has deactivated them");
    }

    @Test
    void unreadableOrUnknownRowsAreSettledWithoutARequest() throws Exception {
        ClaimedEntry unknown = row(1, "security.something", true, null, List.of(), List.of());
        ClaimedEntry broken = new ClaimedEntry(2, "realm", "t", "kc-2", "user.updated", "{not json", 0, 0, "lease", "m", null, List.of());
        FakeTarget fake = new FakeTarget(Map.of());
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new ScimBulk(target("deactivate", false), true, new BulkLimits(100, 1_000_000), fake)
                .send(List.of(unknown, broken));
        assertEquals(new DeliveryOutcome.Delivered(null), outcomes.get(unknown));
        assertInstanceOf(DeliveryOutcome.Dead.class, outcomes.get(broken));
        assertTrue(fake.sent.isEmpty());
    }
}
