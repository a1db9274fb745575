package dev.gatehouse.governance.access;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.governance.sponsor.Sponsors;
import dev.gatehouse.governance.sponsor.Sponsorship;

/**
 * The sponsors of a user who may vouch for them now: enabled, internal (external under no enabled policy), no
 * service account. Checked when a mail goes out and again when a link is used.
 */
public final class EligibleSponsors {

    private final KeycloakSession session;
    private final RealmModel realm;

    public EligibleSponsors(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public List<UserModel> of(String userId) {
        return Sponsors.of(session).sponsorsOf(realm, userId).stream()
                .map(Sponsorship::sponsorId)
                .map(id -> session.users().getUserById(realm, id))
                .filter(s -> s != null && eligible(s).isEmpty())
                .toList();
    }

    public boolean isSponsorOf(String sponsorId, String userId) {
        return Sponsors.of(session).sponsorsOf(realm, userId).stream().anyMatch(s -> s.sponsorId().equals(sponsorId));
    }

    /** Why this user may not vouch for anyone; empty when they may. */
    public Optional<String> eligible(UserModel sponsor) {
        if (!sponsor.isEnabled()) {
            return Optional.of("sponsor disabled");
        }
        if (sponsor.getServiceAccountClientLink() != null) {
            return Optional.of("service account");
        }
        if (GoverningPolicy.isExternal(session, realm, sponsor)) {
            return Optional.of("sponsor is external");
        }
        return Optional.empty();
    }
}
