package dev.gatehouse.stepup.common;

import java.util.Map;

import dev.gatehouse.policy.ExternalUserPolicy;

/** The admin's text telling users why they are asked, as the step-up pages take it. */
public final class ReasonText {

    private ReasonText() {
    }

    /**
     * {@code reasonKey} for a message key written {@code ${key}}, {@code reasonText} for a sentence shown as it is
     * (escaped by the template), nothing for the page's default text.
     */
    public static Map<String, Object> model(ExternalUserPolicy policy) {
        String reason = policy.reason();
        if (reason != null && reason.startsWith("${") && reason.endsWith("}")) {
            return Map.of("reasonKey", reason.substring(2, reason.length() - 1));
        }
        return reason == null ? Map.of() : Map.of("reasonText", reason);
    }
}
