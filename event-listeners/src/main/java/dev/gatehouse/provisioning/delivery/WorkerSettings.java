package dev.gatehouse.provisioning.delivery;

import org.keycloak.Config;

/**
 * How this node's worker runs, from the SPI options of the listener, e.g.
 * {@code --spi-events-listener--gatehouse-provisioning--poll-interval-millis=1000}.
 */
public record WorkerSettings(long pollIntervalMillis, int batchSize, int concurrency, long leaseMillis,
                             long tickBudgetMillis, int timeoutMillis, int batchesInFlight) {

    public static final WorkerSettings DEFAULTS = new WorkerSettings(1000, 200, 16, 120_000, 10_000, 10_000, 4);

    public static WorkerSettings from(Config.Scope config) {
        if (config == null) {
            return DEFAULTS;
        }
        return new WorkerSettings(
                config.getLong("pollIntervalMillis", DEFAULTS.pollIntervalMillis()),
                config.getInt("batchSize", DEFAULTS.batchSize()),
                config.getInt("concurrency", DEFAULTS.concurrency()),
                config.getLong("leaseMillis", DEFAULTS.leaseMillis()),
                config.getLong("tickBudgetMillis", DEFAULTS.tickBudgetMillis()),
                config.getInt("timeoutMillis", DEFAULTS.timeoutMillis()),
                Math.max(1, config.getInt("batchesInFlight", DEFAULTS.batchesInFlight())));
    }
}
