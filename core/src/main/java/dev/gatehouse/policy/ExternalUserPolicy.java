package dev.gatehouse.policy;

import dev.gatehouse.external.ExternalUserRules;

/** One external-user policy of a realm, parsed once from its stored component configuration. */
public record ExternalUserPolicy(String id, String name, boolean enabled, int priority, ExternalUserRules rules,
                                 StepUpMethod method, EmailOtpSettings emailOtp) {
}
