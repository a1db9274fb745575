package dev.gatehouse.it.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * Replays a plain-format {@code pg_dump} file over JDBC, so restoring a fixture needs no {@code psql} of the
 * server's version: statements end at a {@code ;} outside a string literal, and each {@code COPY … FROM stdin;}
 * takes the data lines up to {@code \.} through the driver's COPY API; psql meta-commands are skipped. Enough for what pg_dump writes for
 * Keycloak's schema (tables, sequences, constraints, indexes; no functions with dollar quoting).
 */
final class PlainSqlDump {

    private PlainSqlDump() {
    }

    static void restore(Connection connection, BufferedReader dump) throws IOException, SQLException {
        StringBuilder statement = new StringBuilder();
        boolean inString = false;
        try (Statement sql = connection.createStatement()) {
            for (String line; (line = dump.readLine()) != null; ) {
                // Between statements: blank lines, comments, and psql's meta-commands (\restrict … of newer pg_dumps).
                if (!inString && statement.isEmpty() && (line.isBlank() || line.startsWith("--") || line.startsWith("\\"))) {
                    continue;
                }
                statement.append(line).append('\n');
                for (int i = 0; i < line.length(); i++) {
                    if (line.charAt(i) == '\'') {
                        inString = !inString;
                    }
                }
                if (inString || !line.stripTrailing().endsWith(";")) {
                    continue;
                }
                String text = statement.toString().strip();
                statement.setLength(0);
                if (text.startsWith("COPY ") && text.endsWith("FROM stdin;")) {
                    copy(connection, text.substring(0, text.length() - 1), dump);
                } else {
                    sql.execute(text);
                }
            }
        }
        if (!statement.toString().isBlank()) {
            throw new IOException("dump ends inside a statement: " + statement);
        }
    }

    private static void copy(Connection connection, String copyStatement, BufferedReader dump) throws IOException, SQLException {
        StringBuilder data = new StringBuilder();
        for (String line; (line = dump.readLine()) != null && !line.equals("\\."); ) {
            data.append(line).append('\n');
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement, new StringReader(data.toString()));
    }
}
