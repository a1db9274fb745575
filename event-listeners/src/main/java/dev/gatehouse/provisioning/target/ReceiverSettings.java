package dev.gatehouse.provisioning.target;

import java.util.Set;

/**
 * What a Shared Signals receiver (target kind {@code ssf}) is sent, parsed once with its target.
 *
 * @param audience      the SETs' {@code aud}: how the receiver names itself
 * @param subjectFormat how the user is identified in {@code sub_id} (RFC 9493)
 * @param events        the event types it receives (the verification event always)
 * @param streamClient  the realm client whose client-credentials token may read and verify this stream (null: none;
 *                      the receiver's own bearer secret still may)
 * @param issuer        the realm's issuer URL as Gatehouse saw it at the receiver's last save by an admin (null until
 *                      then): used for SETs made where no HTTP request says which host the realm is served at
 */
public record ReceiverSettings(String audience, SubjectFormat subjectFormat, Set<SignalType> events, String streamClient,
                               String issuer) {

    public ReceiverSettings {
        events = Set.copyOf(events);
    }

    /** RFC 9493 subject identifier formats a receiver may choose for the user. */
    public enum SubjectFormat {
        /** {@code {"format":"iss_sub","iss":<realm issuer>,"sub":<Keycloak user id>}}: the ID token's own pair. */
        ISS_SUB,
        /** {@code {"format":"email","email":…}}; a user without an email falls back to iss_sub. */
        EMAIL;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean sends(SignalType type) {
        return type == SignalType.VERIFICATION || events.contains(type);
    }
}
