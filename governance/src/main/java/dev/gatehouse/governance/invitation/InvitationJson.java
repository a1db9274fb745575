package dev.gatehouse.governance.invitation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** An invitation as the REST endpoints answer it. */
final class InvitationJson {

    private InvitationJson() {
    }

    static Map<String, Object> of(KeycloakSession session, RealmModel realm, Invitation i) {
        UserModel sponsor = session.users().getUserById(realm, i.sponsorId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("email", i.email());
        m.put("firstName", i.firstName());
        m.put("lastName", i.lastName());
        m.put("status", i.status().id());
        m.put("sponsorId", i.sponsorId());
        m.put("sponsorUsername", sponsor == null ? null : sponsor.getUsername());
        m.put("invitedBy", i.invitedBy());
        m.put("createdAt", i.createdAt().toString());
        m.put("deadline", i.deadline().toString());
        m.put("accessEnd", i.accessEnd().map(Object::toString).orElse(null));
        m.put("sentAt", i.sentAt().toString());
        m.put("sendCount", i.sendCount());
        m.put("userId", i.userId());
        m.put("redeemedAt", i.redeemedAt().map(Object::toString).orElse(null));
        m.put("revokedAt", i.revokedAt().map(Object::toString).orElse(null));
        m.put("revokedBy", i.revokedBy());
        return m;
    }
}
