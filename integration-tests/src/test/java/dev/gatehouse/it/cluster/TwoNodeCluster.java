package dev.gatehouse.it.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * Two Keycloak nodes with Gatehouse on one PostgreSQL database, forming one Infinispan cluster through jdbc-ping:
 * what Gatehouse runs on in production. Start it once per test class; every run begins on an empty database.
 */
public final class TwoNodeCluster implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TwoNodeCluster.class);
    // A node starts in about a minute here; on a loaded 2-core machine, two at once take much longer.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration VIEW_TIMEOUT = Duration.ofMinutes(3);

    private final PostgresDatabase database;
    private final KeycloakNode a;
    private final KeycloakNode b;

    private TwoNodeCluster(PostgresDatabase database, KeycloakNode a, KeycloakNode b) {
        this.database = database;
        this.a = a;
        this.b = b;
    }

    /**
     * Prepares the installation, starts PostgreSQL on a fresh database, then node A, then node B. Extra runtime
     * options (e.g. {@code --spi-…} settings a test needs) go to both nodes.
     */
    public static TwoNodeCluster start(String... extraStartOptions) throws Exception {
        Path work = Artifacts.workDir();
        PostgresDatabase database = PostgresDatabase.startFresh(work.resolve("pgdata"), Map.of());
        KeycloakInstallation installation = KeycloakInstallation.prepare(work);
        Path logs = work.resolve("logs");
        KeycloakNode a = new KeycloakNode("node-a", installation, database.jdbcUrl(), new KeycloakNode.Ports(18180, 18190, 7900), logs,
                List.of(extraStartOptions));
        KeycloakNode b = new KeycloakNode("node-b", installation, database.jdbcUrl(), new KeycloakNode.Ports(18280, 18290, 7910), logs,
                List.of(extraStartOptions));
        TwoNodeCluster cluster = new TwoNodeCluster(database, a, b);
        try {
            cluster.startNodes();
        } catch (Exception | Error failed) {
            cluster.close();
            throw failed;
        }
        return cluster;
    }

    public KeycloakNode a() {
        return a;
    }

    public KeycloakNode b() {
        return b;
    }

    public PostgresDatabase database() {
        return database;
    }

    /**
     * Starts A (which runs the database migrations on a new or older database), then B, and waits until both
     * see a view of two members.
     */
    public void startNodes() throws Exception {
        a.start();
        a.awaitReady(START_TIMEOUT);
        b.start();
        b.awaitReady(START_TIMEOUT);
        a.awaitClusterView(2, VIEW_TIMEOUT);
        b.awaitClusterView(2, VIEW_TIMEOUT);
        LOG.infof("Cluster up: %s in %d ms, %s in %d ms", a.name(), a.lastStartTime().toMillis(), b.name(), b.lastStartTime().toMillis());
    }

    /** Stops both nodes cleanly (B first); the database stays up. */
    public void stopNodes() throws InterruptedException {
        b.stop();
        a.stop();
    }

    /** Stops both nodes cleanly (a node that does not stop in time is killed), then PostgreSQL. */
    @Override
    public void close() throws Exception {
        try {
            stopNodes();
        } finally {
            database.close();
        }
    }
}
