package dev.gatehouse.provisioning;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * The reasons CAEP events carry, as language-tagged maps: {@code reason_admin} in English for the relying
 * application's operators, {@code reason_user} the policy's own reason text as its users see it on the step-up page —
 * a literal sentence under the realm's default locale, or a message key resolved through the realm's login theme for
 * each locale the realm offers.
 */
final class SignalReasons {

    private static final Logger LOG = Logger.getLogger(SignalReasons.class);

    private SignalReasons() {
    }

    static Map<String, String> admin(String text) {
        return Map.of("en", text);
    }

    /** Empty when the policy has no reason text (its page shows a default sentence, which is not the policy's reason). */
    static Map<String, String> user(KeycloakSession session, RealmModel realm, ExternalUserPolicy policy) {
        String reason = policy.reason();
        if (reason == null || reason.isBlank()) {
            return Map.of();
        }
        String defaultLocale = realm.getDefaultLocale() == null ? "en" : realm.getDefaultLocale();
        if (!(reason.startsWith("${") && reason.endsWith("}"))) {
            return Map.of(defaultLocale, reason);
        }
        String key = reason.substring(2, reason.length() - 1);
        List<String> locales = realm.isInternationalizationEnabled()
                ? realm.getSupportedLocalesStream().toList() : List.of(defaultLocale);
        Map<String, String> texts = new LinkedHashMap<>();
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            for (String tag : locales) {
                Properties messages = theme.getEnhancedMessages(realm, Locale.forLanguageTag(tag));
                String text = messages.getProperty(key);
                if (text != null) {
                    texts.put(tag, text);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            LOG.debugf("Gatehouse could not localise reason %s for Shared Signals: %s", key, unreadable.toString());
        }
        return texts;
    }
}
