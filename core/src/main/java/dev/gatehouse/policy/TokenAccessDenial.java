package dev.gatehouse.policy;

import java.util.Optional;

/**
 * Gatehouse refused tokens on the token endpoint. Keycloak's event for such a refusal carries only the OAuth error
 * ({@code invalid_grant}, {@code access_denied}) that any other refusal carries too, so the guard notes its
 * decision for the event listeners: which grant, under which policy, and the reason the client was given. Nothing
 * secret (no token, no code) is in it. {@code endedSession} (may be null) is the session a limit ended.
 *
 * <p>Keycloak sends an error event at once, in a session and transaction of its own (so it survives the request's
 * rollback) but on the same thread, right after the guard threw: the note is handed over on the thread, not in the
 * request's session, which the event's listeners do not see. It is taken by the next error event of the same user
 * within a few seconds and never outlives that; the guard clears any leftover before it judges a request.
 */
public record TokenAccessDenial(String userId, String grant, String policy, String reason, String endedSession,
                                long notedAtNanos) {

    private static final long FRESH_NANOS = 10_000_000_000L;
    /** A hand-off within one request's thread, not shared state: set just before the refusal, taken by its event. */
    private static final ThreadLocal<TokenAccessDenial> NOTED = new ThreadLocal<>();

    public TokenAccessDenial(String userId, String grant, String policy, String reason) {
        this(userId, grant, policy, reason, null, System.nanoTime());
    }

    /**
     * A refusal that ends a session's token access for good (its verification or idle limit ran out, or its token cap):
     * {@code endedSession} is that user session's id, so listeners can tell relying applications the session is over.
     */
    public TokenAccessDenial(String userId, String grant, String policy, String reason, String endedSession) {
        this(userId, grant, policy, reason, endedSession, System.nanoTime());
    }

    public void note() {
        NOTED.set(this);
    }

    /** Drops a note no event took (a refusal path that sent no event), before the next request is judged. */
    public static void forget() {
        NOTED.remove();
    }

    /** The refusal noted for this error event of {@code userId} (null: not known), once. */
    public static Optional<TokenAccessDenial> take(String userId) {
        TokenAccessDenial noted = NOTED.get();
        NOTED.remove();
        if (noted == null || System.nanoTime() - noted.notedAtNanos() > FRESH_NANOS
                || (userId != null && noted.userId() != null && !userId.equals(noted.userId()))) {
            return Optional.empty();
        }
        return Optional.of(noted);
    }
}
