package dev.gatehouse.governance;

import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;

/**
 * Server options of Gatehouse governance, read once at start from the scope of the admin root
 * {@code gatehouse-governance} (e.g. {@code --spi-admin-realm-restapi-extension--gatehouse-governance--max-sponsors=3})
 * and the same on every node. A value out of range stops the server at start with a message naming the option.
 *
 * @param maxSponsors       most sponsors an external user may have (enabled ones count)
 * @param sponsorAttribute  the sponsor rule: a user attribute naming the sponsor's username or email; empty = rule off
 * @param invitationDays    an invitation's redemption deadline when the inviter gives none, in days
 * @param maxInvitationDays the latest deadline an inviter may choose, in days
 */
public record GovernanceOptions(int maxSponsors, Optional<String> sponsorAttribute, int invitationDays,
                                int maxInvitationDays) {

    public static final String ADMIN_ROOT = "gatehouse-governance";
    public static final GovernanceOptions DEFAULTS = new GovernanceOptions(3, Optional.empty(), 7, 90);

    public GovernanceOptions {
        require(maxSponsors >= 1 && maxSponsors <= 20, "max-sponsors must be between 1 and 20, was " + maxSponsors);
        require(invitationDays >= 1 && invitationDays <= 365, "invitation-days must be between 1 and 365, was " + invitationDays);
        require(maxInvitationDays >= invitationDays && maxInvitationDays <= 365,
                "invitation-max-days must be between invitation-days and 365, was " + maxInvitationDays);
        sponsorAttribute = sponsorAttribute.map(String::strip).filter(s -> !s.isEmpty());
    }

    public static GovernanceOptions parse(Config.Scope config) {
        return new GovernanceOptions(
                config.getInt("maxSponsors", DEFAULTS.maxSponsors()),
                Optional.ofNullable(config.get("sponsorAttribute")),
                config.getInt("invitationDays", DEFAULTS.invitationDays()),
                config.getInt("invitationMaxDays", DEFAULTS.maxInvitationDays()));
    }

    /** The options the running server was started with (the defaults outside a server, e.g. in unit tests). */
    public static GovernanceOptions of(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactory(AdminRealmResourceProvider.class, ADMIN_ROOT)
                instanceof Holder holder ? holder.options() : DEFAULTS;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Gatehouse governance: " + message);
        }
    }

    /** Implemented by the admin root's factory, which parses the options at start. */
    public interface Holder {
        GovernanceOptions options();
    }
}
