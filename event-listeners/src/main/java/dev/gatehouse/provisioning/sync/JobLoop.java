package dev.gatehouse.provisioning.sync;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One thread of this node that takes jobs of one kind: every poll (or at once when woken) it takes the lease of
 * an active job nobody holds and runs it, then looks again until none is left. The full-sync and the preview
 * worker each have one, so a preview never waits behind a long sync.
 */
final class JobLoop {

    private static final Logger LOG = Logger.getLogger(JobLoop.class);

    private final KeycloakSessionFactory factory;
    private final SyncSettings settings;
    private final String node;
    private final JobKind kind;
    private final BiConsumer<String, String> run;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    /** {@code run} is given the job's id and this run's lease token. */
    JobLoop(KeycloakSessionFactory factory, SyncSettings settings, String node, JobKind kind, String threadName,
            BiConsumer<String, String> run) {
        this.factory = factory;
        this.settings = settings;
        this.node = node;
        this.kind = kind;
        this.run = run;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::poll, settings.pollMillis(), settings.pollMillis(), TimeUnit.MILLISECONDS);
    }

    /** A job was stored: look now rather than at the next poll. */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    wakeQueued.set(false);
                    poll();
                });
            } catch (RejectedExecutionException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    void stop() {
        scheduler.shutdownNow();
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<String[]> claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                    SyncJobStore store = new SyncJobStore(session);
                    for (String jobId : store.claimable(5, kind)) {
                        Optional<String> token = store.claim(jobId, node, settings.leaseMillis());
                        if (token.isPresent()) {
                            return Optional.of(new String[] {jobId, token.get()});
                        }
                    }
                    return Optional.<String[]>empty();
                });
                if (claimed.isEmpty()) {
                    return;
                }
                run.accept(claimed.get()[0], claimed.get()[1]);
            }
        } catch (RuntimeException e) {
            // Never end the schedule: a job this node holds is taken again when its lease runs out.
            LOG.warnf("Gatehouse %s jobs: a poll failed, will retry: %s", kind.name().toLowerCase(), e.toString());
        }
    }
}
