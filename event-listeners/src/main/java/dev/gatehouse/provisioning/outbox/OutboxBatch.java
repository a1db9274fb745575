package dev.gatehouse.provisioning.outbox;


import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

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
     * {@code waitMillis}: how long after now the rows are first due — 0, or a disabled target's pause, so a full sync
     * of a disabled target queues rows the worker does not look at until the target is enabled (which makes them due).
     */
    public void enqueue(String realmId, String targetId, List<Row> rows, long waitMillis) {
        long now = Time.currentTimeMillis();
        insert("insert into GH_PROV_OUTBOX (REALM_ID, TARGET_ID, SUBJECT, TYPE, PAYLOAD, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT,"
                + " CREATED_AT, MESSAGE_ID) values ", 10, rows, row -> List.of(realmId, targetId, row.subject(), row.type(),
                row.payload(), Outbox.PENDING, 0, now + waitMillis, now, UUID.randomUUID().toString()));
    }

    public void enrol(String realmId, String targetId, List<String> userIds) {
        long now = Time.currentTimeMillis();
        insert("insert into GH_PROV_USER (ID, REALM_ID, TARGET_ID, USER_ID, ENROLLED_AT) values ", 5, userIds,
                userId -> List.of(ProvisionedUserEntity.idOf(targetId, userId), realmId, targetId, userId, now));
    }

    private <T> void insert(String head, int columns, List<T> items, java.util.function.Function<T, List<Object>> values) {
        for (int from = 0; from < items.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + ROWS_PER_STATEMENT));
            String tuple = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
            Query insert = em.createNativeQuery(head + String.join(", ", Collections.nCopies(chunk.size(), tuple)));
            int position = 1;
            for (T item : chunk) {
                for (Object value : values.apply(item)) {
                    insert.setParameter(position++, value);
                }
            }
            insert.executeUpdate();
        }
    }

}
