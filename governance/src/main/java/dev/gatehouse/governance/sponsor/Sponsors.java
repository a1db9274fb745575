package dev.gatehouse.governance.sponsor;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** TEMPORARY stand-in for helper sponsors' API (GOV-SPONSOR-API); removed when main brings the real one. */
public final class Sponsors {

    private Sponsors() {
    }

    public static Sponsors of(KeycloakSession session) {
        return new Sponsors();
    }

    public List<Sponsorship> sponsorsOf(RealmModel realm, String userId) {
        return List.of();
    }

    public List<String> sponsoredBy(RealmModel realm, String sponsorUserId) {
        return List.of();
    }
}
