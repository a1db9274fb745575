package dev.gatehouse.provisioning.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.provisioning.target.ReceiverSettings.SubjectFormat;

class ReceiverConfigTest {

    private static Map<String, List<String>> config(String... pairs) {
        Map<String, List<String>> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return config;
    }

    private static ProvisioningTarget parse(String... pairs) {
        return TargetConfig.parse("id", "app", config(pairs));
    }

    @Test
    void aReceiverLeftAtItsDefaultsGetsEveryEventAsIssSubWithoutCredentials() {
        ProvisioningTarget t = parse("kind", "ssf", "url", "https://app.example/ssf", "setAudience", "https://app.example");
        assertTrue(t.isReceiver());
        assertEquals(ProvisioningTarget.Auth.NONE, t.auth());
        assertEquals(SubjectFormat.ISS_SUB, t.receiver().subjectFormat());
        assertEquals(Set.of(SignalType.SESSION_REVOKED, SignalType.ASSURANCE_LEVEL_CHANGE, SignalType.ACCOUNT_DISABLED,
                SignalType.ACCOUNT_ENABLED, SignalType.ACCOUNT_PURGED), t.receiver().events());
        assertTrue(t.receiver().sends(SignalType.VERIFICATION), "verification always");
        assertNull(t.receiver().streamClient());
    }

    @Test
    void aReceiverWithASecretSendsItAsBearerAndGetsOnlyTheEventsItChose() {
        ProvisioningTarget t = parse("kind", "ssf", "url", "https://app.example/ssf", "setAudience", "app",
                "secret", "${vault.ssf}", "subjectFormat", "email", "events", "session-revoked", "events", "account-disabled");
        assertEquals(ProvisioningTarget.Auth.BEARER, t.auth());
        assertEquals(SubjectFormat.EMAIL, t.receiver().subjectFormat());
        assertEquals(Set.of(SignalType.SESSION_REVOKED, SignalType.ACCOUNT_DISABLED), t.receiver().events());
        assertTrue(!t.receiver().sends(SignalType.ACCOUNT_PURGED));
    }

    @Test
    void badReceiverSettingsAreRefusedWithTheReason() {
        assertTrue(assertThrows(ComponentValidationException.class, () -> parse("kind", "ssf", "url", "https://app.example/ssf"))
                .getMessage().contains("Receiver: audience"));
        assertTrue(assertThrows(ComponentValidationException.class, () -> parse("kind", "ssf", "url", "https://app.example/ssf",
                "setAudience", "a", "events", "credential-change")).getMessage().contains("Unknown event credential-change"));
        assertTrue(assertThrows(ComponentValidationException.class, () -> parse("kind", "ssf", "url", "https://app.example/ssf",
                "setAudience", "a", "events", "verification")).getMessage().contains("Unknown event verification"));
        assertTrue(assertThrows(ComponentValidationException.class, () -> parse("kind", "ssf", "url", "https://app.example/ssf",
                "setAudience", "a", "subjectFormat", "phone_number")).getMessage().contains("iss_sub, email"));
        assertTrue(assertThrows(ComponentValidationException.class, () -> parse("url", "https://app.example/scim/v2",
                "secret", "${vault.t}", "setAudience", "a")).getMessage().contains("kind ssf"));
    }
}
