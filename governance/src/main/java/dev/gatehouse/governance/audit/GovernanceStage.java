package dev.gatehouse.governance.audit;

import java.util.Locale;

/** What happened to an external user over time; each is an event ({@link GovernanceEvents}). */
public enum GovernanceStage {
    /** Sponsors were reminded that the user's access (or a membership) ends soon. */
    REMINDED,
    /** A sponsor or an admin moved an end date. */
    EXTENDED,
    /** The end date passed: the user was disabled, or the membership removed. */
    ACCESS_ENDED,
    /** The user was put to their sponsors in an attestation mail, or found without a required sponsor. */
    NOTIFIED,
    /** A sponsor confirmed the user. */
    CONFIRMED,
    /** A sponsor revoked the user, who was disabled at once. */
    REVOKED,
    /** Unanswered (or without a sponsor) past the grace period: disabled. */
    DISABLED,
    /** Disabled by governance and not re-enabled within the deletion grace period: deleted. */
    DELETED,
    /** An admin re-enabled a user governance had disabled: the staged path starts over. */
    RE_ENABLED;

    /** As events and the dry run spell it, e.g. {@code access-ended}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
