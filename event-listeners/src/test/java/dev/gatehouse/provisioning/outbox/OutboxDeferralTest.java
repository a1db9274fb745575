package dev.gatehouse.provisioning.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.mockito.ArgumentCaptor;

/** The deferral of a target that cannot send is one UPDATE over its whole due queue, safe beside other nodes' leases. */
class OutboxDeferralTest {

    @Test
    void aTargetThatCannotSendDefersItsWholeDueQueueInOneStatement() {
        KeycloakSession session = mock(KeycloakSession.class);
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        EntityManager em = mock(EntityManager.class);
        Query update = mock(Query.class, RETURNS_SELF);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        when(em.createQuery(anyString())).thenReturn(update);
        when(update.executeUpdate()).thenReturn(1_000_000);

        long until = Time.currentTimeMillis() + 60_000;
        assertEquals(1_000_000, new OutboxLeases(session).deferTarget("t1", "lease-1", until, "waiting: target disabled"));

        ArgumentCaptor<String> jpql = ArgumentCaptor.forClass(String.class);
        verify(em, times(1)).createQuery(jpql.capture());
        String statement = jpql.getValue().replaceAll("\\s+", " ");
        assertTrue(statement.startsWith("update GatehouseOutboxEntry e set e.nextAttemptAt = :until"), statement);
        assertTrue(statement.contains("e.leaseToken = null, e.leaseUntil = null"), "the claim's rows are released: " + statement);
        assertTrue(statement.contains("e.targetId = :target and e.status = :pending"), statement);
        assertTrue(statement.contains("(e.leaseToken = :token or (e.leaseToken is null and e.nextAttemptAt <= :now))"),
                "this claim's rows and the due rows nobody holds; another node's rows stay with it: " + statement);
        assertTrue(!statement.contains("attempts"), "waiting uses up no attempt: " + statement);
        verify(update).setParameter("target", "t1");
        verify(update).setParameter("token", "lease-1");
        verify(update).setParameter("until", until);
        verify(update, times(1)).executeUpdate();
    }
}
