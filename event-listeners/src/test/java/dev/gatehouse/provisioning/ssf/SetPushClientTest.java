package dev.gatehouse.provisioning.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetHttp;

class SetPushClientTest {

    private static DeliveryOutcome refused(String body) {
        return SetPushClient.refused(new TargetHttp.Response(400, body, null));
    }

    @Test
    void anInvalidRequestIsAboutThisSetAndBecomesADeadLetter() {
        DeliveryOutcome.Dead dead = assertInstanceOf(DeliveryOutcome.Dead.class,
                refused("{\"err\":\"invalid_request\",\"description\":\"unknown event\"}"));
        assertEquals("POST SET: HTTP 400 invalid_request (unknown event)", dead.reason());
    }

    @Test
    void refusedCredentialsAndAStreamSetUpForAnotherIssuerOrAudienceKeepTheReceiverWaiting() {
        for (String err : new String[] {"authentication_failed", "access_denied", "invalid_issuer", "invalid_audience"}) {
            DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, refused("{\"err\":\"" + err + "\"}"));
            assertTrue(retry.targetDown(), err);
        }
        assertTrue(((DeliveryOutcome.Retry) refused("{\"err\":\"access_denied\"}")).reason().contains(TargetHttp.REFUSED_CREDENTIALS));
        assertEquals(RetryCause.CREDENTIALS_REFUSED, ((DeliveryOutcome.Retry) refused("{\"err\":\"access_denied\"}")).cause());
        assertEquals(RetryCause.RECEIVER_MISMATCH, ((DeliveryOutcome.Retry) refused("{\"err\":\"invalid_issuer\"}")).cause());
    }

    @Test
    void anUnknownKeyIsRetriedForThatSetAndA400WithoutErrorJsonIsADeadLetter() {
        DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, refused("{\"err\":\"invalid_key\"}"));
        assertTrue(!retry.targetDown());
        assertInstanceOf(DeliveryOutcome.Dead.class, refused("<html>bad</html>"));
    }
}
