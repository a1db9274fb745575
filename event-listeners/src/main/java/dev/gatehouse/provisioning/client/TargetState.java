package dev.gatehouse.provisioning.client;

import java.util.List;

/** What a target knows about a user after a delivery: its id there and Gatehouse's groups, or that it is gone. */
public record TargetState(String remoteId, List<String> groups, boolean removed) {

    public static final TargetState REMOVED = new TargetState(null, null, true);

    public static TargetState of(String remoteId, List<String> groups) {
        return new TargetState(remoteId, groups, false);
    }

    /**
     * After a user was taken away from a target: one deleted in Keycloak is forgotten there ({@link #REMOVED}); one
     * deactivated stays enrolled, with its id at the target (null when the target no longer has it) and the groups
     * Gatehouse put it in, so a later re-activation finds it again.
     */
    public static TargetState afterDeprovision(boolean deletedInKeycloak, String remoteId, List<String> groups) {
        return deletedInKeycloak ? REMOVED : of(remoteId, groups);
    }
}
