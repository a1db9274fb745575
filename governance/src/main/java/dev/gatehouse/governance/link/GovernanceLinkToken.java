package dev.gatehouse.governance.link;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The token inside a sponsor's link: a Keycloak action token signed with the realm's keys, whose subject is the
 * sponsor, bound to the external user (and group) it concerns and to the question it answers ({@code ghq}: the
 * end date being extended, or the attestation round), with an absolute expiry.
 */
public final class GovernanceLinkToken extends DefaultActionToken {

    static final String USER = "ghu";
    static final String GROUP = "ghg";
    static final String QUESTION = "ghq";

    /** For Jackson. */
    public GovernanceLinkToken() {
    }

    GovernanceLinkToken(String sponsorId, LinkAction action, int expiresAtSeconds, String userId, String groupId, long question) {
        super(sponsorId, action.id(), expiresAtSeconds, UUID.randomUUID());
        setOtherClaims(USER, userId);
        if (groupId != null) {
            setOtherClaims(GROUP, groupId);
        }
        setOtherClaims(QUESTION, String.valueOf(question));
    }

    @JsonIgnore
    public String sponsorId() {
        return getUserId();
    }

    @JsonIgnore
    public Optional<LinkAction> action() {
        return LinkAction.byId(getActionId());
    }

    @JsonIgnore
    public String subjectUserId() {
        Object v = getOtherClaims().get(USER);
        return v == null ? null : v.toString();
    }

    @JsonIgnore
    public Optional<String> groupId() {
        return Optional.ofNullable(getOtherClaims().get(GROUP)).map(Object::toString);
    }

    /** The end date (epoch ms) an extend link was sent for, or the attestation round (epoch ms) a confirm/revoke link belongs to. */
    @JsonIgnore
    public long question() {
        Object v = getOtherClaims().get(QUESTION);
        try {
            return v == null ? -1 : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
