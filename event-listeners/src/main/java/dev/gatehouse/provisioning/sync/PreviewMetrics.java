package dev.gatehouse.provisioning.sync;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/** Preview-job meters of this node, beside the full sync's ({@link SyncMetrics}): running, users read, jobs by outcome. */
final class PreviewMetrics {

    private final AtomicLong running = new AtomicLong();
    private final Counter read;
    private final MeterRegistry registry;

    private PreviewMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("gatehouse_provisioning_preview_running", running, AtomicLong::get)
                .description("Preview jobs this node runs now").register(registry);
        read = Counter.builder("gatehouse_provisioning_preview_users_read").description("Users read by preview jobs").register(registry);
    }

    static PreviewMetrics register() {
        return new PreviewMetrics(Metrics.globalRegistry);
    }

    void started() {
        running.set(1);
    }

    void batch(long readNow) {
        read.increment(readNow);
    }

    /** The run stopped: ended in {@code state}, or null when this node lost the job (stopping, or its lease taken). */
    void ended(SyncState state) {
        running.set(0);
        if (state != null) {
            Counter.builder("gatehouse_provisioning_preview_jobs").tag("outcome", state.wireName())
                    .description("Preview jobs ended on this node, by outcome").register(registry).increment();
        }
    }
}
