package dev.gatehouse.governance.link;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

import dev.gatehouse.events.GatehouseError;

/**
 * Issues and checks sponsors' links. A link is {@code <realm>/gatehouse-access/link?key=<token>}: opening it shows
 * what it will do and asks for a click (a mail scanner that fetches links changes nothing); the click posts the
 * token back, which is then used up in Keycloak's single-use store.
 */
public final class Links {

    /** The realm resource that answers links ({@code /realms/{realm}/gatehouse-access}). */
    public static final String RESOURCE = "gatehouse-access";
    private static final String USED = "gatehouse.link.used.";

    private final KeycloakSession session;
    private final RealmModel realm;

    public Links(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * A link for {@code sponsorId} about {@code userId} (and {@code groupId}, or null), answering {@code question}
     * (the end date being extended, or the attestation round), valid until {@code expires}.
     */
    public String issue(String base, LinkAction action, String sponsorId, String userId, String groupId, long question, Instant expires) {
        GovernanceLinkToken token = new GovernanceLinkToken(sponsorId, action, (int) expires.getEpochSecond(), userId, groupId, question);
        String issuer = LinkBase.issuer(base, realm);
        token.issuedNow().id(java.util.UUID.randomUUID().toString()).issuer(issuer).audience(issuer);
        String key = session.tokens().encode(token);
        return issuer + "/" + RESOURCE + "/link?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** Signature (this realm's keys), realm, type, expiry and single use; nothing is used up. */
    public LinkCheck check(String key) {
        GovernanceLinkToken token = key == null || key.isBlank() ? null : session.tokens().decode(key, GovernanceLinkToken.class);
        if (token == null || token.getIssuer() == null || !token.getIssuer().endsWith("/realms/" + realm.getName())
                || token.action().isEmpty() || token.subjectUserId() == null || token.sponsorId() == null || token.getId() == null) {
            return new LinkCheck.Refused(GatehouseError.GOVERNANCE_LINK_INVALID, "gatehouseLinkInvalid",
                    token == null ? "signature or format" : "claims", null);
        }
        if (token.isExpired()) {
            return new LinkCheck.Refused(GatehouseError.GOVERNANCE_LINK_EXPIRED, "gatehouseLinkExpired", "expired", token);
        }
        if (store().contains(USED + token.getId())) {
            return new LinkCheck.Refused(GatehouseError.GOVERNANCE_LINK_USED, "gatehouseLinkUsed", "used", token);
        }
        return new LinkCheck.Valid(token);
    }

    /** Uses the link up; false if another request used it first (a replay racing the first click). */
    public boolean useUp(GovernanceLinkToken token) {
        long lifespan = Math.max(1, token.getExp() - Time.currentTime() + 60);
        return store().putIfAbsent(USED + token.getId(), lifespan);
    }

    private SingleUseObjectProvider store() {
        return session.singleUseObjects();
    }
}
