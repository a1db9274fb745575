package dev.gatehouse.governance.invitation;

import java.util.Locale;
import java.util.Optional;

/** Where an invitation stands. EXPIRED is never stored: it is a PENDING invitation past its deadline. */
public enum InvitationStatus {
    PENDING,
    REDEEMED,
    EXPIRED,
    REVOKED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InvitationStatus> byId(String id) {
        for (InvitationStatus s : values()) {
            if (s.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
