package dev.gatehouse.it.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Keycloak node with Gatehouse on its own PostgreSQL database: the production build and options of
 * {@link TwoNodeCluster}'s nodes, without a second member. Every start begins on an empty database.
 */
public final class SingleNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private final PostgresDatabase database;
    private final KeycloakNode node;

    private SingleNode(PostgresDatabase database, KeycloakNode node) {
        this.database = database;
        this.node = node;
    }

    /**
     * Starts PostgreSQL on a fresh database (with {@code serverConfig} beyond {@link PostgresDatabase}'s own
     * settings), prepares the installation and starts the node with options for its JVM and extra runtime options.
     */
    public static SingleNode start(Map<String, String> serverConfig, String javaOptions, String... extraStartOptions) throws Exception {
        var work = Artifacts.workDir();
        PostgresDatabase database = PostgresDatabase.startFresh(work.resolve("pgdata"), serverConfig);
        SingleNode started = null;
        try {
            KeycloakInstallation installation = KeycloakInstallation.prepare(work);
            KeycloakNode node = new KeycloakNode("node-a", installation, database.jdbcUrl(), new KeycloakNode.Ports(18180, 18190, 7900),
                    work.resolve("logs"), List.of(extraStartOptions), javaOptions);
            started = new SingleNode(database, node);
            node.start();
            node.awaitReady(START_TIMEOUT);
            return started;
        } catch (Exception | Error failed) {
            if (started != null) {
                started.close();
            } else {
                database.close();
            }
            throw failed;
        }
    }

    public KeycloakNode node() {
        return node;
    }

    public PostgresDatabase database() {
        return database;
    }

    /** Stops the node cleanly (killed if it does not stop in time), then PostgreSQL. */
    @Override
    public void close() throws Exception {
        try {
            node.stop();
        } finally {
            database.close();
        }
    }
}
