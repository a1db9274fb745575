package dev.gatehouse.provisioning.ssf;

import java.util.Map;

/**
 * One Shared Signals event as the outbox keeps it (the row's payload), made in the transaction of the decision:
 * everything its Security Event Token needs that the receiver's settings do not give. The token itself is built and
 * signed when it is sent, with the realm's active key then.
 *
 * @param issuer         the realm's issuer URL ({@code iss}, and {@code iss} of an {@code iss_sub} subject)
 * @param userId         the Keycloak user (null for the verification event)
 * @param email          the user's email then (a purged user's is gone later)
 * @param sessionId      the user session the event is about, or null
 * @param eventTimestamp when it happened, seconds since the epoch
 * @param claims         the event's own claims ({@code initiating_entity}, {@code reason_admin}, {@code current_level}…)
 */
public record Signal(String issuer, String userId, String email, String sessionId, long eventTimestamp,
                     Map<String, Object> claims) {

    public Signal {
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }
}
