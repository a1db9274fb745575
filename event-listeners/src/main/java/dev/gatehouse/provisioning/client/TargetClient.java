package dev.gatehouse.provisioning.client;

import java.util.List;
import java.util.Map;

import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * Speaks to one target: delivers outbox rows, outside any database transaction, and answers the connection test.
 * Must be safe to call from many threads. Built by the one factory that knows the implementations.
 */
public interface TargetClient {

    DeliveryOutcome deliver(ClaimedEntry entry);

    /** The connection test, with the target's own credentials; sends nothing a user would see. */
    Reachability reachability();

    /**
     * How many rows one request to the target carries at most (SCIM Bulk); 1: each row goes in a request of its own.
     * May ask the target what it supports.
     */
    default int rowsPerRequest() {
        return 1;
    }

    /**
     * Rows of distinct users in as few requests as the target allows, each row with the outcome of its own part.
     * Rows without an outcome in the answer are to be delivered alone ({@link #deliver}).
     */
    default Map<ClaimedEntry, DeliveryOutcome> deliverTogether(List<ClaimedEntry> rows) {
        return Map.of();
    }

    /** The target as parsed when the client was built. */
    ProvisioningTarget target();
}
