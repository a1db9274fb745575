package dev.gatehouse.provisioning.client;

import java.util.List;

/** What a target knows about a user after a delivery: its id there and Gatehouse's groups, or that it is gone. */
public record TargetState(String remoteId, List<String> groups, boolean removed) {

    public static final TargetState REMOVED = new TargetState(null, null, true);

    public static TargetState of(String remoteId, List<String> groups) {
        return new TargetState(remoteId, groups, false);
    }
}
