package dev.gatehouse.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * How far a policy acts: on everyone it targets, only on a few named users while it is being tried out, or not
 * at all but for an event saying what it would have required.
 */
public enum PolicyMode {
    ENFORCE("enforce"),
    TEST("test"),
    REPORT_ONLY("report-only");

    /** Test mode names at most this many users. */
    public static final int MAX_TEST_USERS = 5;

    private final String id;

    PolicyMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<PolicyMode> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
