package dev.gatehouse.it.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a benchmark's time goes: the SQL statements PostgreSQL ran meanwhile (pg_stat_statements, which the
 * server must preload), the plans of statements slower than 250 ms (auto_explain, into the data directory's
 * log/), and, when asked for, a Java Flight Recording of the Keycloak JVM (through {@code jcmd}).
 */
final class SyncProfile {

    /** The server settings this needs: both extensions loaded, slow plans logged to files. */
    static final Map<String, String> SERVER_CONFIG = Map.of("shared_preload_libraries", "pg_stat_statements,auto_explain",
            "auto_explain.log_min_duration", "250ms", "logging_collector", "on", "log_directory", "log");

    private final PostgresDatabase database;
    private final KeycloakNode node;
    private final Path recording;

    /** {@code recording}: where the flight recording goes; null for none. */
    SyncProfile(PostgresDatabase database, KeycloakNode node, Path recording) {
        this.database = database;
        this.node = node;
        this.recording = recording;
    }

    /** Forgets the statements so far and starts the recording. */
    void start() throws SQLException, IOException, InterruptedException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
        }
        if (recording != null) {
            jcmd("JFR.start", "name=gatehouse-bench", "settings=profile", "filename=" + recording);
        }
    }

    /** Ends the recording (written to its file). */
    void stop() throws IOException, InterruptedException {
        if (recording != null) {
            jcmd("JFR.stop", "name=gatehouse-bench", "filename=" + recording);
        }
    }

    /** The statements that took most of the database's time since {@link #start}: one line each, the most first. */
    List<String> topStatements(int limit) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')"
                     + " from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())"
                     + " order by total_exec_time desc limit " + limit)) {
            while (rs.next()) {
                String query = rs.getString(4);
                lines.add(String.format("%9.1f s %8d calls %9d rows  %s", rs.getDouble(2) / 1000, rs.getLong(1), rs.getLong(3),
                        query.length() > 160 ? query.substring(0, 160) + "…" : query));
            }
        }
        return lines;
    }

    /** The database's time in all statements since {@link #start}, in seconds. */
    double totalStatementSeconds() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(sum(total_exec_time), 0) from pg_stat_statements"
                     + " where dbid = (select oid from pg_database where datname = current_database())")) {
            rs.next();
            return rs.getDouble(1) / 1000;
        }
    }

    private void jcmd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(node.jvmPid())));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
