package dev.gatehouse.provisioning.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.target.TargetConfig;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

class ScimPreviewTest {

    private static final UserSnapshot.Group STAFF = new UserSnapshot.Group("g-staff", "staff", "/staff");

    private static ScimPreview preview(String deprovision) throws Exception {
        ScimPreview preview = ScimPreview.of(TargetConfig.parse("t", "app", Map.of("url", List.of("https://app.example/scim/v2"),
                "secret", List.of("${vault.k}"), "deprovision", List.of(deprovision))));
        for (String user : List.of(
                "{\"id\":\"r-ann\",\"externalId\":\"ann\",\"userName\":\"ann\",\"name\":{\"givenName\":\"Ann\",\"familyName\":\"A\"},\"active\":true}",
                "{\"id\":\"r-bob\",\"externalId\":\"bob\",\"userName\":\"bob\",\"name\":{\"givenName\":\"Bob\",\"familyName\":\"B\"},\"active\":true}",
                "{\"id\":\"r-cy\",\"userName\":\"cy\",\"active\":true}")) {
            preview.remoteUser(json(user));
        }
        preview.remoteGroup(json("{\"id\":\"r-staff\",\"displayName\":\"staff\",\"members\":[{\"value\":\"r-ann\"}]}"));
        return preview;
    }

    private static JsonNode json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }

    private static UserSnapshot user(String id, String first, String last, List<UserSnapshot.Group> groups) {
        return new UserSnapshot(id, id, null, false, first, last, true, Map.of(), groups);
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> result, String list) {
        return (List<String>) ((Map<String, Object>) result.get(list)).get("users");
    }

    @Test
    void membershipDiffersOnlyWhereASyncWouldAddOrRemove() throws Exception {
        ScimPreview preview = preview("deactivate");
        // ann: in staff at the target and in Keycloak, added by Gatehouse: nothing to do.
        preview.user(user("ann", "Ann", "A", List.of(STAFF)), true, TargetState.of("r-ann", List.of("staff")));
        // bob: joined staff in Keycloak, not a member at the target.
        preview.user(user("bob", "Bob", "B", List.of(STAFF)), true, TargetState.of("r-bob", List.of()));
        Map<String, Object> result = preview.result();
        assertEquals(List.of("bob"), names(result, "membership"));
        assertEquals(List.of(), names(result, "update"));
        assertEquals(1L, result.get("unchanged"));
        assertEquals(1L, result.get("unmanagedAtTarget"), "cy");
    }

    @Test
    void aGroupGatehouseAddedAndTheUserLeftIsAMembershipChange() throws Exception {
        ScimPreview preview = preview("deactivate");
        preview.user(user("ann", "Ann", "A", List.of()), true, TargetState.of("r-ann", List.of("staff")));
        assertEquals(List.of("ann"), names(preview.result(), "membership"));
    }

    @Test
    void onlyEnrolledUsersAreDeactivatedOrDeleted() throws Exception {
        for (String mode : List.of("deactivate", "delete")) {
            ScimPreview preview = preview(mode);
            preview.user(user("ann", "Ann", "A", List.of()), false, TargetState.of("r-ann", List.of()));
            // cy is at the target by userName but was never enrolled: left alone.
            preview.user(user("cy", "Cy", "C", List.of()), false, null);
            Map<String, Object> result = preview.result();
            assertEquals(List.of("ann"), names(result, mode), mode);
            assertEquals(2L, result.get("unmanagedAtTarget"), "bob (not in Keycloak) and cy: " + result);
        }
    }

    @Test
    void aChangedNameIsAnUpdateAndAnAbsentUserACreate() throws Exception {
        ScimPreview preview = preview("deactivate");
        preview.user(user("ann", "Ann", "Renamed", List.of(STAFF)), true, TargetState.of("r-ann", List.of("staff")));
        preview.user(user("dan", "Dan", "D", List.of(new UserSnapshot.Group("g-new", "new", "/new"))), true, null);
        Map<String, Object> result = preview.result();
        assertEquals(List.of("ann"), names(result, "update"));
        assertEquals(List.of("dan"), names(result, "create"));
        assertEquals(List.of("new"), names(result, "createGroups"));
    }

    @Test
    void aMappedAttributeThatDiffersAtTheTargetIsAnUpdate() throws Exception {
        ScimPreview preview = ScimPreview.of(TargetConfig.parse("t", "app", Map.of("url", List.of("https://app.example/scim/v2"),
                "secret", List.of("${vault.k}"), "pushGroups", List.of("false"),
                "attributeMap", List.of("department=" + ScimAttributeMap.ENTERPRISE_SCHEMA + ":department##job=title"))));
        preview.remoteUser(json("{\"id\":\"r-ann\",\"externalId\":\"ann\",\"userName\":\"ann\",\"title\":\"Analyst\","
                + "\"name\":{\"givenName\":\"Ann\",\"familyName\":\"A\"},\"active\":true,"
                + "\"" + ScimAttributeMap.ENTERPRISE_SCHEMA + "\":{\"department\":\"Research\"}}"));
        preview.remoteUser(json("{\"id\":\"r-bob\",\"externalId\":\"bob\",\"userName\":\"bob\",\"title\":\"Clerk\","
                + "\"name\":{\"givenName\":\"Bob\",\"familyName\":\"B\"},\"active\":true}"));
        preview.user(new UserSnapshot("ann", "ann", null, false, "Ann", "A", true,
                Map.of("department", List.of("Research"), "job", List.of("Analyst")), List.of()), true, TargetState.of("r-ann", List.of()));
        // bob's title was removed in Keycloak: a sync sends none, so it changes at the target.
        preview.user(new UserSnapshot("bob", "bob", null, false, "Bob", "B", true, Map.of(), List.of()), true,
                TargetState.of("r-bob", List.of()));
        Map<String, Object> result = preview.result();
        assertEquals(List.of("bob"), names(result, "update"), result.toString());
        assertEquals(1L, result.get("unchanged"));
    }
}
