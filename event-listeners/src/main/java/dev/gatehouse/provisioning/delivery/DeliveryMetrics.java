package dev.gatehouse.provisioning.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import org.keycloak.common.util.Time;

import dev.gatehouse.provisioning.outbox.QueueStats;

/**
 * Provisioning meters in Micrometer's global registry, which Keycloak's metrics endpoint serves
 * ({@code --metrics-enabled=true}, {@code /metrics} on the management port): queue depth, dead letters, age of
 * the oldest pending row, quarantined targets, deliveries, failed attempts, dead-lettered rows and delivery latency.
 */
final class DeliveryMetrics {

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong oldestCreatedAt = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final Counter delivered;
    private final Counter failed;
    private final Counter deadLettered;
    private final Timer latency;

    private DeliveryMetrics(MeterRegistry registry) {
        Gauge.builder("gatehouse_provisioning_queue_depth", pending, AtomicLong::get)
                .description("Outbox rows waiting for delivery").register(registry);
        Gauge.builder("gatehouse_provisioning_dead_letters", dead, AtomicLong::get)
                .description("Outbox rows kept as dead letters").register(registry);
        Gauge.builder("gatehouse_provisioning_oldest_pending_seconds", oldestCreatedAt,
                        t -> t.get() == 0 ? 0 : Math.max(0, (Time.currentTimeMillis() - t.get()) / 1000.0))
                .description("Age of the oldest row waiting for delivery").register(registry);
        Gauge.builder("gatehouse_provisioning_quarantined_targets", quarantined, AtomicLong::get)
                .description("Targets in quarantine (most calls failing; probed slowly)").register(registry);
        delivered = Counter.builder("gatehouse_provisioning_deliveries").description("Rows delivered").register(registry);
        failed = Counter.builder("gatehouse_provisioning_failures").description("Failed attempts to be retried").register(registry);
        deadLettered = Counter.builder("gatehouse_provisioning_dead_lettered").description("Rows dead-lettered").register(registry);
        latency = Timer.builder("gatehouse_provisioning_delivery_latency")
                .description("From the change to its delivery").register(registry);
    }

    static DeliveryMetrics register() {
        return new DeliveryMetrics(Metrics.globalRegistry);
    }

    void observe(QueueStats totals, long quarantinedTargets) {
        quarantined.set(quarantinedTargets);
        pending.set(totals.pending());
        dead.set(totals.deadLetters());
        oldestCreatedAt.set(totals.oldestPendingCreatedAt());
    }

    void delivered(long latencyMillis) {
        delivered.increment();
        latency.record(Math.max(0, latencyMillis), TimeUnit.MILLISECONDS);
    }

    void failed() {
        failed.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
