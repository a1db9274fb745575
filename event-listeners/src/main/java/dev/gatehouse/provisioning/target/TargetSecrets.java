package dev.gatehouse.provisioning.target;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * Reads a target's secret from Keycloak's vault, in the realm of the session's context. The value is held only
 * as long as a delivery needs it and never written to logs, events or dead-letter reasons.
 */
public final class TargetSecrets {

    private static final String WEBHOOK_PREFIX = "whsec_";

    private TargetSecrets() {
    }

    public static Optional<String> resolve(KeycloakSession session, String reference) {
        try (VaultStringSecret secret = session.vault().getStringSecret(reference)) {
            return secret.get().filter(v -> !v.isBlank()).map(String::strip);
        }
    }

    public static boolean resolves(KeycloakSession session, String reference) {
        return resolve(session, reference).isPresent();
    }

    /**
     * The signing keys of a webhook: one or more {@code whsec_<base64>} secrets separated by spaces; while a
     * secret rotates, each signs and the receiver accepts any.
     */
    public static List<byte[]> webhookSecrets(KeycloakSession session, String reference) {
        String value = resolve(session, reference)
                .orElseThrow(() -> new ComponentValidationException("The vault has no entry for '" + reference + "'."));
        return parseWebhookSecrets(value);
    }

    public static List<byte[]> parseWebhookSecrets(String value) {
        List<byte[]> keys = new java.util.ArrayList<>();
        for (String part : value.strip().split("\\s+")) {
            if (!part.startsWith(WEBHOOK_PREFIX)) {
                throw new ComponentValidationException("Webhook secrets must start with whsec_.");
            }
            try {
                byte[] key = Base64.getDecoder().decode(part.substring(WEBHOOK_PREFIX.length()));
                if (key.length < 24) {
                    throw new ComponentValidationException("Webhook secrets must hold at least 24 random bytes.");
                }
                keys.add(key);
            } catch (IllegalArgumentException notBase64) {
                throw new ComponentValidationException("Webhook secrets must be whsec_ followed by base64.");
            }
        }
        return List.copyOf(keys);
    }
}
