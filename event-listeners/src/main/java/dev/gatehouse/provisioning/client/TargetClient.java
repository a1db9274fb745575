package dev.gatehouse.provisioning.client;

import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * Speaks to one target: delivers outbox rows, outside any database transaction, and answers the connection test.
 * Must be safe to call from many threads. Built by the one factory that knows the implementations.
 */
public interface TargetClient {

    DeliveryOutcome deliver(ClaimedEntry entry);

    /** The connection test, with the target's own credentials; sends nothing a user would see. */
    Reachability reachability();

    /** The target as parsed when the client was built. */
    ProvisioningTarget target();
}
