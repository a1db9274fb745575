package dev.gatehouse.provisioning.ssf;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.gatehouse.provisioning.target.ReceiverSettings;
import dev.gatehouse.provisioning.target.ReceiverSettings.SubjectFormat;
import dev.gatehouse.provisioning.target.SignalType;

/**
 * The claims of a Security Event Token (RFC 8417) for one receiver: {@code iss}, {@code jti}, {@code iat},
 * {@code aud}, {@code sub_id} (RFC 9493, as SSF 1.0 places it) and one event under {@code events}. Pure, so the
 * wire form is tested without a server.
 */
public final class SecurityEventTokens {

    private SecurityEventTokens() {
    }

    /**
     * @param jti      the same on every retry of the row, so a receiver drops a repeat
     * @param iat      when Gatehouse issued it (the row's creation), seconds
     * @param streamId the receiver's stream (its target id): the verification event's subject
     */
    public static Map<String, Object> claims(SignalType type, Signal signal, ReceiverSettings receiver, String jti,
                                             long iat, String streamId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", signal.issuer());
        claims.put("jti", jti);
        claims.put("iat", iat);
        claims.put("aud", receiver.audience());
        claims.put("sub_id", type == SignalType.VERIFICATION ? opaque(streamId) : subject(signal, receiver.subjectFormat()));
        Map<String, Object> event = new LinkedHashMap<>(signal.claims());
        if (type != SignalType.VERIFICATION) {
            event.put("event_timestamp", signal.eventTimestamp());
        }
        claims.put("events", Map.of(type.uri(), event));
        return claims;
    }

    /** The user in the receiver's format; a session event names the session too (SSF complex subject). */
    static Map<String, Object> subject(Signal signal, SubjectFormat format) {
        Map<String, Object> user = new LinkedHashMap<>();
        if (format == SubjectFormat.EMAIL && signal.email() != null) {
            user.put("format", "email");
            user.put("email", signal.email());
        } else {
            user.put("format", "iss_sub");
            user.put("iss", signal.issuer());
            user.put("sub", signal.userId());
        }
        if (signal.sessionId() == null) {
            return user;
        }
        Map<String, Object> complex = new LinkedHashMap<>();
        complex.put("format", "complex");
        complex.put("user", user);
        complex.put("session", opaque(signal.sessionId()));
        return complex;
    }

    private static Map<String, Object> opaque(String id) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("format", "opaque");
        subject.put("id", id);
        return subject;
    }
}
