package dev.gatehouse.provisioning.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Full-sync meters of this node in Micrometer's global registry (Keycloak's {@code /metrics}): users read and
 * rows queued, batch time, jobs ended by outcome, and the running job's progress (users read, total estimate).
 */
final class SyncMetrics {

    private final AtomicLong running = new AtomicLong();
    private final AtomicLong progressRead = new AtomicLong();
    private final AtomicLong progressTotal = new AtomicLong();
    private final Counter read;
    private final Counter queued;
    private final Timer batches;
    private final MeterRegistry registry;

    private SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("gatehouse_provisioning_sync_running", running, AtomicLong::get)
                .description("Full-sync jobs this node runs now").register(registry);
        Gauge.builder("gatehouse_provisioning_sync_progress_users", progressRead, AtomicLong::get)
                .description("Users the running full sync has read so far").register(registry);
        Gauge.builder("gatehouse_provisioning_sync_total_users", progressTotal, AtomicLong::get)
                .description("Users the running full sync expects to read (counted when it started)").register(registry);
        read = Counter.builder("gatehouse_provisioning_sync_users_read").description("Users read by full syncs").register(registry);
        queued = Counter.builder("gatehouse_provisioning_sync_users_queued").description("Outbox rows queued by full syncs")
                .register(registry);
        batches = Timer.builder("gatehouse_provisioning_sync_batch").description("One full-sync batch: read, decide, queue, commit")
                .register(registry);
    }

    static SyncMetrics register() {
        return new SyncMetrics(Metrics.globalRegistry);
    }

    void started(long total) {
        running.set(1);
        progressTotal.set(total);
    }

    void batch(long readNow, long queuedNow, long readSoFar, long nanos) {
        read.increment(readNow);
        queued.increment(queuedNow);
        progressRead.set(readSoFar);
        batches.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The run stopped: ended in {@code state}, or null when this node lost the job (stopping, or its lease taken). */
    void ended(SyncState state) {
        running.set(0);
        if (state == null) {
            return;
        }
        Counter.builder("gatehouse_provisioning_sync_jobs").tag("outcome", state.wireName())
                .description("Full-sync jobs ended on this node, by outcome").register(registry).increment();
    }
}
