package dev.gatehouse.provisioning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.provisioning.target.TargetSecrets;

class WebhookSignerTest {

    /** The example of the Standard Webhooks reference implementations (secret, id, timestamp, body, signature). */
    @Test
    void signsTheSpecificationsExample() {
        List<byte[]> keys = TargetSecrets.parseWebhookSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String header = new WebhookSigner(keys).signatureHeader("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", header);
    }

    @Test
    void everySecretOfARotationSignsSeparatedBySpaces() {
        List<byte[]> keys = TargetSecrets.parseWebhookSecrets(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw  whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String header = new WebhookSigner(keys).signatureHeader("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", header);
    }

    @Test
    void refusesSecretsWithoutPrefixOrTooShort() {
        assertThrows(ComponentValidationException.class, () -> TargetSecrets.parseWebhookSecrets("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThrows(ComponentValidationException.class, () -> TargetSecrets.parseWebhookSecrets("whsec_c2hvcnQ="));
        assertThrows(ComponentValidationException.class, () -> TargetSecrets.parseWebhookSecrets("whsec_not*base64"));
    }
}
