package dev.gatehouse.provisioning.delivery;

import dev.gatehouse.provisioning.outbox.ClaimedEntry;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/** Sends one outbox row to one target, outside any database transaction. Must be safe to call from many threads. */
public interface TargetClient {

    DeliveryOutcome deliver(ClaimedEntry entry);

    /** The target as parsed for this batch. */
    ProvisioningTarget target();
}
