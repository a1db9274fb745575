package dev.gatehouse.governance.sponsor;

import java.util.Locale;

/** How a sponsor left. */
public enum Departure {
    DISABLED,
    DELETED;

    /** The name in events and REST answers, e.g. {@code disabled}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
