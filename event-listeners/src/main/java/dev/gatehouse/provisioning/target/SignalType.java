package dev.gatehouse.provisioning.target;

import java.util.Optional;

/**
 * The Shared Signals events Gatehouse transmits (CAEP 1.0, RISC 1.0, SSF 1.0), with the event-type URI a receiver
 * sees in a Security Event Token's {@code events} claim. {@link #id()} is how admins name one in a receiver's
 * {@code events} setting; the outbox row's type is {@code ssf.} + id.
 */
public enum SignalType {
    SESSION_REVOKED("https://schemas.openid.net/secevent/caep/event-type/session-revoked"),
    ASSURANCE_LEVEL_CHANGE("https://schemas.openid.net/secevent/caep/event-type/assurance-level-change"),
    ACCOUNT_DISABLED("https://schemas.openid.net/secevent/risc/event-type/account-disabled"),
    ACCOUNT_ENABLED("https://schemas.openid.net/secevent/risc/event-type/account-enabled"),
    ACCOUNT_PURGED("https://schemas.openid.net/secevent/risc/event-type/account-purged"),
    /** Asked for by the receiver (or an admin's test): always delivered, never chosen in {@code events}. */
    VERIFICATION("https://schemas.openid.net/secevent/ssf/event-type/verification");

    public static final String ROW_PREFIX = "ssf.";

    private final String uri;

    SignalType(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The outbox row type. */
    public String rowType() {
        return ROW_PREFIX + id();
    }

    public static Optional<SignalType> ofId(String id) {
        for (SignalType type : values()) {
            if (type.id().equals(id)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<SignalType> ofRowType(String rowType) {
        return rowType != null && rowType.startsWith(ROW_PREFIX) ? ofId(rowType.substring(ROW_PREFIX.length())) : Optional.empty();
    }
}
