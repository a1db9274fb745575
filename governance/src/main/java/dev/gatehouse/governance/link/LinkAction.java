package dev.gatehouse.governance.link;

import java.util.Arrays;
import java.util.Optional;

/** What a sponsor's link does; its id is the token's type ({@code typ}). */
public enum LinkAction {
    /** Move the end date of a user's access (or of one membership), within the policy's maximum. */
    EXTEND("gatehouse-extend"),
    /** Confirm that the user still needs access (attestation). */
    CONFIRM("gatehouse-confirm"),
    /** Revoke the user: disabled at once. */
    REVOKE("gatehouse-revoke");

    private final String id;

    LinkAction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<LinkAction> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }
}
