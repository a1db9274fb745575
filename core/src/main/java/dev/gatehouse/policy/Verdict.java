package dev.gatehouse.policy;

import dev.gatehouse.external.Classification;

/** What one policy means for one user, and why. */
public record Verdict(ExternalUserPolicy policy, Outcome outcome, Classification classification) {

    public enum Outcome {
        /** The policy applies: its method runs. */
        APPLIES("applies"),
        /** Report-only and would have applied: the login event records what it would have required. */
        WOULD_APPLY("would-apply (report-only)"),
        DISABLED("disabled"),
        NOT_TARGETED("not targeted"),
        TEST_MODE_EXCLUDES_USER("test mode excludes the user"),
        /** Targets the user, but a policy of higher priority applies. */
        OUTRANKED("outranked");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
