package dev.gatehouse.governance.sponsor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.governance.GovernanceOptions;
import dev.gatehouse.policy.ExternalUsers;

/**
 * The sponsor rule (server option {@code sponsor-attribute}, off by default): an external user's attribute of that
 * name names their sponsors by username or email — set by an admin, an import, or an identity provider's
 * attribute mapper from an upstream claim. Applied when the user is created or updated by an admin, registers,
 * signs in (first broker login included) or updates their profile. The rule's sponsorships follow the attribute:
 * a name removed from it removes that sponsorship (sponsors set by an admin or an invitation are never touched).
 * A name that may not sponsor (unknown, disabled, external, over the maximum) is skipped and logged.
 * Keep the attribute admin-only in the realm's user profile: a user who could edit it would choose their sponsor.
 */
final class SponsorRule {

    private static final Logger LOG = Logger.getLogger(SponsorRule.class);

    private SponsorRule() {
    }

    static void apply(KeycloakSession session, RealmModel realm, UserModel user) {
        GovernanceOptions options = GovernanceOptions.of(session);
        if (options.sponsorAttribute().isEmpty()) {
            return;
        }
        String attribute = options.sponsorAttribute().get();
        String setBy = "attribute:" + attribute;
        Set<String> named = new LinkedHashSet<>();
        user.getAttributeStream(attribute).filter(v -> v != null && !v.isBlank()).forEach(v -> {
            UserModel sponsor = byName(session, realm, v.strip());
            if (sponsor == null) {
                LOG.warnf("Sponsor rule: user %s names sponsor '%s' in realm %s, who does not exist", user.getUsername(), v, realm.getName());
            } else {
                named.add(sponsor.getId());
            }
        });
        Sponsors sponsors = Sponsors.of(session);
        List<Sponsorship> current = sponsors.sponsorsOf(realm, user.getId());
        for (Sponsorship s : current) {
            if (s.source() == SponsorSource.RULE && !named.contains(s.sponsorId())) {
                sponsors.remove(realm, user.getId(), s.sponsorId());
            }
        }
        if (named.isEmpty() || !ExternalUsers.isExternal(session, realm, user)) {
            return;
        }
        for (String sponsorId : named) {
            try {
                sponsors.add(realm, user.getId(), sponsorId, SponsorSource.RULE, setBy);
            } catch (SponsorRefusedException e) {
                LOG.warnf("Sponsor rule: user %s names sponsor %s in realm %s: refused, %s", user.getUsername(), sponsorId,
                        realm.getName(), e.getMessage());
            }
        }
    }

    private static UserModel byName(KeycloakSession session, RealmModel realm, String name) {
        UserModel u = session.users().getUserByUsername(realm, name);
        return u == null && name.contains("@") ? session.users().getUserByEmail(realm, name) : u;
    }
}
