package dev.gatehouse.provisioning.change;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/**
 * The user as they were when the change happened, taken in the change's transaction: delivery sends this, so a
 * target sees the user's changes in the order they were made, and a deleted user can still be found there.
 */
public record UserSnapshot(String id, String username, String email, boolean emailVerified, String firstName,
                           String lastName, boolean enabled, Map<String, List<String>> attributes, List<Group> groups) {

    /** Kept out of {@link #attributes}: they have their own fields, or are Keycloak's bookkeeping. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME,
            UserModel.LAST_NAME, UserModel.EMAIL_VERIFIED, UserModel.ENABLED, UserModel.CREATED_TIMESTAMP);

    public record Group(String id, String name, String path) {
    }

    /** Whether {@code name} is a user attribute of its own, kept in {@link #attributes}. */
    public static boolean isCustomAttribute(String name) {
        return !NOT_ATTRIBUTES.contains(name);
    }

    public static UserSnapshot of(UserModel user) {
        // Sorted: an unchanged user makes the same payload, so a re-made dead letter keeps its webhook-id.
        Map<String, List<String>> attributes = new java.util.TreeMap<>();
        user.getAttributes().forEach((name, values) -> {
            if (isCustomAttribute(name)) {
                attributes.put(name, List.copyOf(values));
            }
        });
        List<Group> groups = user.getGroupsStream()
                .map(g -> new Group(g.getId(), g.getName(), ModelToRepresentation.buildGroupPath(g)))
                .sorted(java.util.Comparator.comparing(Group::path))
                .toList();
        return new UserSnapshot(user.getId(), user.getUsername(), user.getEmail(), user.isEmailVerified(),
                user.getFirstName(), user.getLastName(), user.isEnabled(), attributes, groups);
    }
}
