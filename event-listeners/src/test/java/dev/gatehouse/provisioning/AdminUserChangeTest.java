package dev.gatehouse.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class AdminUserChangeTest {

    private static Optional<AdminUserChange> of(ResourceType type, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setResourceType(type);
        event.setOperationType(operation);
        event.setResourcePath(path);
        return AdminUserChange.of(event);
    }

    @Test
    void adminRestCreateAndUpdateOfAUser() {
        assertEquals(new AdminUserChange("u1", AdminUserChange.Kind.CREATED), of(ResourceType.USER, OperationType.CREATE, "users/u1").orElseThrow());
        assertEquals(new AdminUserChange("u1", AdminUserChange.Kind.UPDATED), of(ResourceType.USER, OperationType.UPDATE, "users/u1").orElseThrow());
    }

    @Test
    void partialImportRecordsUsersUnderTheRealmResourceType() {
        assertEquals(new AdminUserChange("u2", AdminUserChange.Kind.CREATED), of(ResourceType.REALM, OperationType.CREATE, "users/u2").orElseThrow());
        assertEquals(new AdminUserChange("u2", AdminUserChange.Kind.RECREATED), of(ResourceType.REALM, OperationType.UPDATE, "users/u2").orElseThrow());
    }

    @Test
    void keycloaksScimApiRecordsItsOwnPath() {
        assertEquals(new AdminUserChange("u3", AdminUserChange.Kind.CREATED), of(ResourceType.USER, OperationType.CREATE, "scim/v2/Users/u3").orElseThrow());
        assertEquals(new AdminUserChange("u3", AdminUserChange.Kind.UPDATED), of(ResourceType.USER, OperationType.UPDATE, "scim/v2/Users/u3").orElseThrow());
    }

    @Test
    void otherPathsAndOperationsAreNotUserChanges() {
        assertTrue(of(ResourceType.USER, OperationType.ACTION, "users/u1").isEmpty(), "an action");
        assertTrue(of(ResourceType.USER, OperationType.DELETE, "users/u1").isEmpty(), "deletion comes as UserPreRemovedEvent");
        assertTrue(of(ResourceType.USER, OperationType.UPDATE, "users/u1/reset-password").isEmpty(), "credentials are not sent");
        assertTrue(of(ResourceType.REALM, OperationType.CREATE, "groups/g1").isEmpty(), "a group of a partial import");
        assertTrue(of(ResourceType.REALM, OperationType.UPDATE, null).isEmpty(), "a realm update");
        assertTrue(of(ResourceType.GROUP, OperationType.CREATE, "scim/v2/Groups/g1").isEmpty(), "a SCIM group");
    }
}
