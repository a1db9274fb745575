package dev.gatehouse.provisioning.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Many outbox rows and enrolments of one target in few statements, for a full sync: the same rows
 * {@link Outbox#enqueue} and {@link Outbox#enrol} write one by one (pending, due now, a fresh message id), but as
 * multi-row INSERTs of up to {@value #ROWS_PER_STATEMENT} rows. The outbox id is the database's identity, which
 * Hibernate cannot batch; rows get their ids in list order, so per-user order holds as for single rows.
 */
public final class OutboxBatch {

    private static final int ROWS_PER_STATEMENT = 100;

    /** One change of one user: what {@link Outbox#enqueue} takes apart from realm and target. */
    public record Row(String subject, String type, String payload) {
    }

    private final EntityManager em;

    public OutboxBatch(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * {@code untilEnabled}: the rows are for a disabled target, and wait until enabling it makes them due
     * ({@link Outbox#UNTIL_ENABLED}); otherwise they are due now.
     */
    public void enqueue(String realmId, String targetId, List<Row> rows, boolean untilEnabled) {
        long now = Time.currentTimeMillis();
        long due = untilEnabled ? Outbox.UNTIL_ENABLED : now;
        insert("insert into GH_PROV_OUTBOX (REALM_ID, TARGET_ID, SUBJECT, TYPE, PAYLOAD, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT,"
                + " CREATED_AT, MESSAGE_ID) values ", 10, rows, row -> List.of(realmId, targetId, row.subject(), row.type(),
                row.payload(), Outbox.PENDING, 0, due, now, UUID.randomUUID().toString()));
    }

    public void enrol(String realmId, String targetId, List<String> userIds) {
        long now = Time.currentTimeMillis();
        insert("insert into GH_PROV_USER (ID, REALM_ID, TARGET_ID, USER_ID, ENROLLED_AT) values ", 5, userIds,
                userId -> List.of(ProvisionedUserEntity.idOf(targetId, userId), realmId, targetId, userId, now));
    }

    /**
     * Multi-row INSERTs through the session's JDBC connection (same transaction): binding 1,000 parameters a
     * statement through Hibernate's native query was over a third of a sync's time. One prepared statement per
     * chunk size, reused for every full chunk. Nothing the session holds unflushed touches these tables, so going
     * past Hibernate's flush is safe here (and spares it checking the batch's users for changes).
     */
    private <T> void insert(String head, int columns, List<T> items, Function<T, List<Object>> values) {
        if (items.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            PreparedStatement full = null;
            try {
                for (int from = 0; from < items.size(); from += ROWS_PER_STATEMENT) {
                    List<T> chunk = items.subList(from, Math.min(items.size(), from + ROWS_PER_STATEMENT));
                    boolean isFull = chunk.size() == ROWS_PER_STATEMENT;
                    if (isFull && full == null) {
                        full = connection.prepareStatement(statement(head, columns, ROWS_PER_STATEMENT));
                    }
                    if (isFull) {
                        run(full, chunk, values);
                    } else {
                        try (PreparedStatement last = connection.prepareStatement(statement(head, columns, chunk.size()))) {
                            run(last, chunk, values);
                        }
                    }
                }
            } finally {
                if (full != null) {
                    full.close();
                }
            }
        });
    }

    private static String statement(String head, int columns, int rows) {
        String tuple = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return head + String.join(", ", Collections.nCopies(rows, tuple));
    }

    private static <T> void run(PreparedStatement insert, List<T> chunk, Function<T, List<Object>> values) throws SQLException {
        int position = 1;
        for (T item : chunk) {
            for (Object value : values.apply(item)) {
                if (value instanceof Long l) {
                    insert.setLong(position++, l);
                } else if (value instanceof Integer n) {
                    insert.setInt(position++, n);
                } else {
                    insert.setString(position++, (String) value);
                }
            }
        }
        insert.executeUpdate();
    }
}
