package dev.gatehouse.external;

/**
 * The classifier's answer: internal, or external with the rule that matched and a short reason for admins
 * (never shown to the user).
 */
public record Classification(ExternalRule rule, String reason) {

    public static final Classification INTERNAL = new Classification(null, "no rule matched");

    public static Classification external(ExternalRule rule, String reason) {
        return new Classification(rule, reason);
    }

    public boolean isExternal() {
        return rule != null;
    }
}
