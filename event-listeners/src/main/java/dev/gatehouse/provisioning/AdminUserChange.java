package dev.gatehouse.provisioning;

import java.util.Optional;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * An admin event that created or changed one user, from each admin surface that writes users and announces them
 * only with an admin event (Keycloak 26.7 publishes no provider event for a created or updated user):
 * <ul>
 * <li>the admin REST API and console: resource {@code USER}, path {@code users/{id}};</li>
 * <li>partial import ({@code POST /admin/realms/{r}/partialImport}, the console's Partial import): resource
 * {@code REALM}, path {@code users/{id}}, {@code CREATE} for an added user, {@code UPDATE} for one the
 * {@code OVERWRITE} policy deleted and created again;</li>
 * <li>Keycloak's inbound SCIM API (feature {@code scim-api}): resource {@code USER}, path
 * {@code scim/v2/Users/{id}}.</li>
 * </ul>
 * Deletions are not read here: {@code UserPreRemovedEvent} announces them on every path.
 */
record AdminUserChange(String userId, Kind kind) {

    enum Kind {
        /** A new user, as an admin creates one: enrolled at the targets whose audience has them. */
        CREATED,
        /** A user's profile, attributes or enabled flag changed. */
        UPDATED,
        /** Deleted and created again (partial import's OVERWRITE): enrolled if new, else sent as they are now. */
        RECREATED
    }

    static Optional<AdminUserChange> of(AdminEvent event) {
        String path = event.getResourcePath();
        OperationType operation = event.getOperationType();
        if (path == null || (operation != OperationType.CREATE && operation != OperationType.UPDATE)) {
            return Optional.empty();
        }
        String[] parts = path.split("/");
        if (event.getResourceType() == ResourceType.USER && parts.length == 2 && "users".equals(parts[0])) {
            return Optional.of(new AdminUserChange(parts[1], operation == OperationType.CREATE ? Kind.CREATED : Kind.UPDATED));
        }
        if (event.getResourceType() == ResourceType.REALM && parts.length == 2 && "users".equals(parts[0])) {
            return Optional.of(new AdminUserChange(parts[1], operation == OperationType.CREATE ? Kind.CREATED : Kind.RECREATED));
        }
        if (event.getResourceType() == ResourceType.USER && parts.length == 4 && "scim".equals(parts[0])
                && "Users".equals(parts[2])) {
            return Optional.of(new AdminUserChange(parts[3], operation == OperationType.CREATE ? Kind.CREATED : Kind.UPDATED));
        }
        return Optional.empty();
    }
}
