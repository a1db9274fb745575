package dev.gatehouse.governance.inventory;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseDetail;

/**
 * Last sign-in and last verification. Keycloak keeps no durable last-login time, so both are the latest of what
 * it does store, read per batch with one query each:
 * <ul>
 *   <li>sign-in: stored {@code LOGIN} events (when the realm saves events; purged after their expiration) and
 *       the start of the user's sessions (Keycloak 26 persists user sessions, online and offline);</li>
 *   <li>verification: stored {@code LOGIN} events in which a Gatehouse policy asked for its step-up and the user
 *       passed it (not a session verified earlier), and the {@code gatehouse.verified.<policy>} marks of the
 *       user's current sessions.</li>
 * </ul>
 * Empty when none of these exists (never signed in, or only before events were kept).
 */
final class ActivityColumns implements BatchColumns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIED_NOTE = "gatehouse.verified.";

    @Override
    public void fill(KeycloakSession session, RealmModel realm, List<UserModel> users, Map<String, InventoryRow> rows) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> ids = users.stream().map(UserModel::getId).toList();
        Map<String, Long> signIn = new HashMap<>();
        Map<String, Long> verified = new HashMap<>();

        em.createQuery("select e.userId, max(e.time) from EventEntity e where e.realmId = :realm and e.type = :login"
                        + " and e.userId in :ids group by e.userId", Object[].class)
                .setParameter("realm", realm.getId()).setParameter("login", EventType.LOGIN.name()).setParameter("ids", ids)
                .getResultList().forEach(r -> later(signIn, (String) r[0], ((Number) r[1]).longValue()));
        // the details are stored as JSON text: a passed step-up names its method and is not a reuse of an earlier one
        em.createQuery("select e.userId, max(e.time) from EventEntity e where e.realmId = :realm and e.type = :login"
                        + " and e.userId in :ids and e.detailsJson like :method and e.detailsJson not like :none"
                        + " and e.detailsJson not like :earlier group by e.userId", Object[].class)
                .setParameter("realm", realm.getId()).setParameter("login", EventType.LOGIN.name()).setParameter("ids", ids)
                .setParameter("method", "%\"" + GatehouseDetail.METHOD + "\":%")
                .setParameter("none", "%\"" + GatehouseDetail.METHOD + "\":\"" + GatehouseDetail.NO_STEP_UP + "\"%")
                .setParameter("earlier", "%\"" + GatehouseDetail.VERIFIED_EARLIER + "\"%")
                .getResultList().forEach(r -> later(verified, (String) r[0], ((Number) r[1]).longValue()));
        em.createQuery("select s.userId, s.createdOn, s.data from PersistentUserSessionEntity s where s.realmId = :realm"
                        + " and s.userId in :ids", Object[].class)
                .setParameter("realm", realm.getId()).setParameter("ids", ids)
                .getResultList().forEach(r -> {
                    String userId = (String) r[0];
                    later(signIn, userId, ((Number) r[1]).longValue() * 1000L);
                    verifiedMarks((String) r[2], at -> later(verified, userId, at * 1000L));
                });

        fillTimes(rows, signIn, InventoryColumn.LAST_SIGN_IN);
        fillTimes(rows, verified, InventoryColumn.LAST_VERIFICATION);
    }

    private static void fillTimes(Map<String, InventoryRow> rows, Map<String, Long> times, InventoryColumn column) {
        times.forEach((userId, millis) -> {
            InventoryRow row = rows.get(userId);
            if (row != null) {
                row.put(column, Instant.ofEpochMilli(millis).toString());
            }
        });
    }

    private static void later(Map<String, Long> times, String userId, long millis) {
        times.merge(userId, millis, Math::max);
    }

    /** The session's {@code gatehouse.verified.<policyId>} notes (epoch seconds), from its stored JSON. */
    private static void verifiedMarks(String data, java.util.function.LongConsumer each) {
        if (data == null) {
            return;
        }
        try {
            JsonNode notes = JSON.readTree(data).path("notes");
            notes.fields().forEachRemaining(note -> {
                if (note.getKey().startsWith(VERIFIED_NOTE)) {
                    try {
                        each.accept(Long.parseLong(note.getValue().asText()));
                    } catch (NumberFormatException ignored) {
                        // not a Gatehouse mark
                    }
                }
            });
        } catch (IOException ignored) {
            // a session whose data Keycloak wrote in another shape: no mark read from it
        }
    }

}
