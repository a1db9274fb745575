package dev.gatehouse.stepup.email;

import java.util.UUID;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The code's state, kept as notes of the authentication session (one browser tab): the keyed hash, the key
 * id, when it expires, when it was sent, how often it was resent, and the round that numbers attempts.
 * Keycloak clears all of them when the flow is reset.
 */
final class CodeNotes {

    private static final String HASH = "gatehouse.otp.hash";
    private static final String KEY_ID = "gatehouse.otp.kid";
    private static final String EXPIRES_AT = "gatehouse.otp.expiresAt";
    private static final String SENT_AT = "gatehouse.otp.sentAt";
    private static final String RESENDS = "gatehouse.otp.resends";
    private static final String ROUND = "gatehouse.otp.round";

    private final AuthenticationSessionModel session;

    CodeNotes(AuthenticationSessionModel session) {
        this.session = session;
    }

    /** What the code's hash is bound to: this tab of this browser's authentication session. */
    String binding() {
        return session.getParentSession().getId() + "/" + session.getTabId();
    }

    /** Identifies one sign-in attempt's series of codes; attempts are counted per round, across resends. */
    String round() {
        String round = session.getAuthNote(ROUND);
        if (round == null) {
            round = UUID.randomUUID().toString();
            session.setAuthNote(ROUND, round);
        }
        return round;
    }

    boolean everSent() {
        return session.getAuthNote(SENT_AT) != null;
    }

    boolean hasCode() {
        return session.getAuthNote(HASH) != null;
    }

    String hash() {
        return session.getAuthNote(HASH);
    }

    String keyId() {
        return session.getAuthNote(KEY_ID);
    }

    long expiresAt() {
        return number(EXPIRES_AT);
    }

    long sentAt() {
        return number(SENT_AT);
    }

    int resends() {
        return (int) number(RESENDS);
    }

    void store(String keyId, String hash, long sentAt, long expiresAt) {
        session.setAuthNote(KEY_ID, keyId);
        session.setAuthNote(HASH, hash);
        session.setAuthNote(SENT_AT, Long.toString(sentAt));
        session.setAuthNote(EXPIRES_AT, Long.toString(expiresAt));
    }

    void countResend() {
        session.setAuthNote(RESENDS, Integer.toString(resends() + 1));
    }

    /** The code can no longer be used; the round and its counters stay. */
    void forgetCode() {
        session.removeAuthNote(HASH);
        session.removeAuthNote(KEY_ID);
        session.removeAuthNote(EXPIRES_AT);
    }

    void forgetAll() {
        forgetCode();
        session.removeAuthNote(SENT_AT);
        session.removeAuthNote(RESENDS);
        session.removeAuthNote(ROUND);
    }

    private long number(String key) {
        String v = session.getAuthNote(key);
        return v == null ? 0 : Long.parseLong(v);
    }
}
