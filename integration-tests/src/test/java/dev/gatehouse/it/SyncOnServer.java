package dev.gatehouse.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.testframework.remote.providers.runonserver.FetchOnServer;
import org.keycloak.testframework.remote.providers.runonserver.RunOnServer;

import dev.gatehouse.provisioning.ChangeRecorder;
import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.sync.JobKind;
import dev.gatehouse.provisioning.sync.SyncJobEntity;
import dev.gatehouse.provisioning.sync.SyncState;

/**
 * Code the full-sync tests run inside Keycloak (the framework's run-on-server). Its own class, referring only to
 * what the server has: the server loads the class of a lambda it runs, and a test class refers to the admin
 * client, which the server does not have.
 */
final class SyncOnServer {

    private SyncOnServer() {
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** A JPQL count with parameter {@code :realm} bound to the realm's id. */
    static FetchOnServer count(String realmName, String jpql) {
        return session -> em(session).createQuery(jpql, Long.class)
                .setParameter("realm", session.realms().getRealmByName(realmName).getId()).getSingleResult();
    }

    /** A count over every realm (a removed realm has no name to find it by). */
    static FetchOnServer countAll(String jpql) {
        return session -> em(session).createQuery(jpql, Long.class).getSingleResult();
    }

    /** The realm's users a sync reads, usernames in the order it reads them. */
    static FetchOnServer usernames(String realmName) {
        return session -> em(session).createQuery("select u.username from UserEntity u where u.realmId = :realm"
                        + " and u.serviceAccountClientLink is null order by u.realmId, u.username", String.class)
                .setParameter("realm", session.realms().getRealmByName(realmName).getId()).getResultList();
    }

    /** Pending and dead outbox payloads of the target, by user id (the newest row of each user). */
    static FetchOnServer outboxPayloads(String target) {
        return session -> {
            Map<String, String> result = new HashMap<>();
            em(session).createQuery("select e.subject, e.payload from GatehouseOutboxEntry e where e.targetId = :target order by e.id",
                            Object[].class)
                    .setParameter("target", target).getResultList()
                    .forEach(row -> result.put((String) row[0], (String) row[1]));
            return result;
        };
    }

    /** What a change of the user writes: the snapshot of Keycloak's own user model, as JSON. */
    static FetchOnServer perUserPayload(String realmName, String userId) {
        return session -> {
            RealmModel realm = session.realms().getRealmByName(realmName);
            session.getContext().setRealm(realm);
            return ChangeRecorder.json(UserSnapshot.of(session.users().getUserById(realm, userId)));
        };
    }

    /** A job row as a node leaves it that read 600 users and stopped: running, its lease live for a minute more. */
    static RunOnServer deadNodeJob(String realmName, String target, String jobId, String cursor) {
        return session -> {
            long now = Time.currentTimeMillis();
            SyncJobEntity job = new SyncJobEntity();
            job.setId(jobId);
            job.setRealmId(session.realms().getRealmByName(realmName).getId());
            job.setTargetId(target);
            job.setActiveTarget(target);
            job.setState(SyncState.RUNNING);
            job.setCursor(cursor);
            job.setUsersRead(600);
            job.setUsersQueued(600);
            job.setCreatedAt(now);
            job.setStartedAt(now);
            job.setUpdatedAt(now);
            job.setLeaseNode("dead-node");
            job.setLeaseToken("dead-token");
            job.setLeaseUntil(now + 60_000);
            em(session).persist(job);
        };
    }

    /** A preview row as a node leaves it that took the preview and stopped: running, its lease live for a minute more. */
    static RunOnServer deadNodePreview(String realmName, String target, String jobId) {
        return session -> {
            long now = Time.currentTimeMillis();
            SyncJobEntity job = new SyncJobEntity();
            job.setId(jobId);
            job.setKind(JobKind.PREVIEW);
            job.setRealmId(session.realms().getRealmByName(realmName).getId());
            job.setTargetId(target);
            job.setActivePreview(target);
            job.setState(SyncState.RUNNING);
            job.setUsersRead(1000);
            job.setCreatedAt(now);
            job.setStartedAt(now);
            job.setUpdatedAt(now);
            job.setLeaseNode("dead-node");
            job.setLeaseToken("dead-token");
            job.setLeaseUntil(now + 60_000);
            em(session).persist(job);
        };
    }

    /**
     * Users {@code from..to} written as rows of Keycloak's tables (H2 SQL) in one transaction, every 10th with two
     * attributes and a membership of {@code groupId}: a million users in minutes, where the admin API takes hours.
     */
    static RunOnServer insertUsers(String realmName, String groupId, int from, int to) {
        return session -> {
            EntityManager em = em(session);
            String realmId = session.realms().getRealmByName(realmName).getId();
            em.createNativeQuery("insert into USER_ENTITY (ID, USERNAME, EMAIL, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, FIRST_NAME,"
                            + " LAST_NAME, REALM_ID, CREATED_TIMESTAMP, NOT_BEFORE) select CAST(RANDOM_UUID() AS VARCHAR),"
                            + " 'bench' || LPAD(CAST(X AS VARCHAR), 7, '0'), 'bench' || LPAD(CAST(X AS VARCHAR), 7, '0') || '@partner.example',"
                            + " CAST(RANDOM_UUID() AS VARCHAR), TRUE, TRUE, 'Bench', 'User ' || X, ?1, ?2, 0 from SYSTEM_RANGE(?3, ?4)")
                    .setParameter(1, realmId).setParameter(2, Time.currentTimeMillis()).setParameter(3, from).setParameter(4, to)
                    .executeUpdate();
            String every10th = " from USER_ENTITY where REALM_ID = ?1 and USERNAME between ?2 and ?3"
                    + " and MOD(CAST(SUBSTRING(USERNAME, 6) AS INT), 10) = 0";
            String low = String.format("bench%07d", from);
            String high = String.format("bench%07d", to);
            for (String attribute : List.of("'department', 'Research'", "'title', 'Analyst'")) {
                em.createNativeQuery("insert into USER_ATTRIBUTE (ID, NAME, VALUE, USER_ID) select CAST(RANDOM_UUID() AS VARCHAR), "
                                + attribute + ", ID" + every10th)
                        .setParameter(1, realmId).setParameter(2, low).setParameter(3, high).executeUpdate();
            }
            em.createNativeQuery("insert into USER_GROUP_MEMBERSHIP (GROUP_ID, USER_ID, MEMBERSHIP_TYPE) select '" + groupId
                            + "', ID, 'UNMANAGED'" + every10th)
                    .setParameter(1, realmId).setParameter(2, low).setParameter(3, high).executeUpdate();
        };
    }
}
