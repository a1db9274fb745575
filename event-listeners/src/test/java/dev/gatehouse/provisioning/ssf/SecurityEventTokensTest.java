package dev.gatehouse.provisioning.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.target.ReceiverSettings;
import dev.gatehouse.provisioning.target.ReceiverSettings.SubjectFormat;
import dev.gatehouse.provisioning.target.SignalType;

class SecurityEventTokensTest {

    private static final String ISS = "https://id.example/realms/acme";

    private static ReceiverSettings receiver(SubjectFormat format) {
        return new ReceiverSettings("https://app.example", format, Set.of(SignalType.values()), null, null);
    }

    @Test
    void aSessionEventNamesTheUserAndTheSessionAsAComplexSubject() {
        Signal signal = new Signal(ISS, "u-1", "ada@partner.example", "s-1", 1_700_000_000L,
                Map.of("initiating_entity", "admin"));
        Map<String, Object> claims = SecurityEventTokens.claims(SignalType.SESSION_REVOKED, signal, receiver(SubjectFormat.ISS_SUB),
                "jti-1", 1_700_000_001L, "stream-1");
        assertEquals(ISS, claims.get("iss"));
        assertEquals("jti-1", claims.get("jti"));
        assertEquals(1_700_000_001L, claims.get("iat"));
        assertEquals("https://app.example", claims.get("aud"));
        assertEquals(Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", ISS, "sub", "u-1"),
                "session", Map.of("format", "opaque", "id", "s-1")), claims.get("sub_id"));
        assertEquals(Map.of(SignalType.SESSION_REVOKED.uri(), Map.of("initiating_entity", "admin", "event_timestamp", 1_700_000_000L)),
                claims.get("events"));
    }

    @Test
    void anAccountEventNamesTheUserInTheReceiversFormatAndFallsBackToIssSubWithoutEmail() {
        Signal withEmail = new Signal(ISS, "u-1", "ada@partner.example", null, 1L, Map.of());
        assertEquals(Map.of("format", "email", "email", "ada@partner.example"), SecurityEventTokens.claims(
                SignalType.ACCOUNT_DISABLED, withEmail, receiver(SubjectFormat.EMAIL), "j", 1L, "s").get("sub_id"));
        Signal noEmail = new Signal(ISS, "u-1", null, null, 1L, Map.of());
        assertEquals(Map.of("format", "iss_sub", "iss", ISS, "sub", "u-1"), SecurityEventTokens.claims(
                SignalType.ACCOUNT_DISABLED, noEmail, receiver(SubjectFormat.EMAIL), "j", 1L, "s").get("sub_id"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theVerificationEventIsAboutTheStreamAndEchoesTheState() {
        Signal verification = new Signal(ISS, null, null, null, 5L, Map.of("state", "abc"));
        Map<String, Object> claims = SecurityEventTokens.claims(SignalType.VERIFICATION, verification,
                receiver(SubjectFormat.ISS_SUB), "j", 5L, "stream-1");
        assertEquals(Map.of("format", "opaque", "id", "stream-1"), claims.get("sub_id"));
        Map<String, Object> event = (Map<String, Object>) ((Map<String, Object>) claims.get("events")).get(SignalType.VERIFICATION.uri());
        assertEquals(Map.of("state", "abc"), event);
        assertFalse(event.containsKey("event_timestamp"));
    }
}
