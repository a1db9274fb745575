package dev.gatehouse.provisioning.sync;

import org.keycloak.Config;

/**
 * How this node runs full syncs, from {@code spi-gatehouse-provisioning-sync--default--*} options: users per
 * batch (one transaction each), how long a node's lease on a job lasts without renewal, how often idle nodes look
 * for a job nobody holds, and after how many failed batches in a row a job fails.
 */
record SyncSettings(int batchSize, long leaseMillis, long pollMillis, int maxFailures) {

    static final SyncSettings DEFAULTS = new SyncSettings(1000, 60_000, 5_000, 5);

    SyncSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch-size must be 1 to 10000, was " + batchSize);
        }
        if (leaseMillis < 5_000 || pollMillis < 100 || maxFailures < 1) {
            throw new IllegalArgumentException("lease-seconds must be at least 5, poll-millis at least 100, max-failures at least 1");
        }
    }

    static SyncSettings from(Config.Scope config) {
        return new SyncSettings(config.getInt("batch-size", DEFAULTS.batchSize()),
                config.getLong("lease-seconds", DEFAULTS.leaseMillis() / 1000) * 1000,
                config.getLong("poll-millis", DEFAULTS.pollMillis()),
                config.getInt("max-failures", DEFAULTS.maxFailures()));
    }
}
