package dev.gatehouse.provisioning.change;

/** What an outbox row tells a target; the wire name is the webhook event type. */
public enum ChangeType {
    /** First change queued for the user at this target (first login, registration, admin create). */
    PROVISIONED("user.provisioned"),
    UPDATED("user.updated"),
    /** Disabled, or no longer in the target's audience. */
    DEPROVISIONED("user.deprovisioned"),
    DELETED("user.deleted");

    public static final String SECURITY_PREFIX = "security.";

    private final String wireName;

    ChangeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ChangeType of(String wireName) {
        for (ChangeType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }
}
