package dev.gatehouse.governance.invitation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.governance.sponsor.SponsorRefusal;
import dev.gatehouse.governance.sponsor.SponsorRefusedException;

/** Parses the JSON bodies of the invitation endpoints (admin and sponsor) in one place. */
final class InvitationInput {

    private InvitationInput() {
    }

    /** {@code days}: absent or null means the server default; otherwise a whole number. */
    static Optional<Integer> days(Map<String, Object> body) {
        Object days = body == null ? null : body.get("days");
        if (days == null) {
            return Optional.empty();
        }
        if (days instanceof Integer i) {
            return Optional.of(i);
        }
        throw new InvitationRefusedException(InvitationRefusal.BAD_DAYS, "not a whole number: " + days);
    }

    /** {@code accessEnd}: an ISO date (end of that day, UTC) or instant; absent means none. */
    static Optional<Instant> accessEnd(Map<String, Object> body) {
        Object end = body == null ? null : body.get("accessEnd");
        if (end == null) {
            return Optional.empty();
        }
        String s = end.toString().strip();
        try {
            return Optional.of(s.length() == 10
                    ? LocalDate.parse(s).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1)
                    : Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw new InvitationRefusedException(InvitationRefusal.BAD_ACCESS_END, s);
        }
    }

    static String text(Map<String, Object> body, String key) {
        Object v = body == null ? null : body.get(key);
        if (v != null && !(v instanceof String)) {
            throw new BadRequestException(key + " must be a string");
        }
        return (String) v;
    }

    /** A user named by id, username or email. */
    static UserModel user(KeycloakSession session, RealmModel realm, String name) {
        String n = name.strip();
        UserModel user = session.users().getUserById(realm, n);
        if (user == null) {
            user = session.users().getUserByUsername(realm, n);
        }
        if (user == null && n.contains("@")) {
            user = session.users().getUserByEmail(realm, n);
        }
        if (user == null) {
            throw new SponsorRefusedException(SponsorRefusal.SPONSOR_NOT_FOUND, n);
        }
        return user;
    }
}
