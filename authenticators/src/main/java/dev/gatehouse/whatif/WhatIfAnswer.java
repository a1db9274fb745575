package dev.gatehouse.whatif;

import java.util.List;

import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.Verdict;

/**
 * The what-if answer as JSON: the policy that applies (or null), every policy's verdict in precedence order, and
 * the realm's enforcement gaps: ways in whose flows do not run the step-up, so the backstop alone refuses there.
 */
public record WhatIfAnswer(String username, PolicyVerdict applies, List<PolicyVerdict> policies, List<String> enforcementGaps) {

    static WhatIfAnswer of(String username, RealmPolicies.Evaluation evaluation, List<String> enforcementGaps) {
        return new WhatIfAnswer(username,
                evaluation.applied().map(PolicyVerdict::of).orElse(null),
                evaluation.verdicts().stream().map(PolicyVerdict::of).toList(),
                List.copyOf(enforcementGaps));
    }

    /**
     * One policy's verdict; rule and reason are set when the policy's rules were evaluated and matched;
     * {@code verificationLastsMinutes} is absent when a verification lasts the whole session.
     */
    public record PolicyVerdict(String id, String name, int priority, String mode, String method,
                                Long verificationLastsMinutes, Long idleLimitMinutes, String outcome, String rule,
                                String reason) {

        static PolicyVerdict of(Verdict verdict) {
            ExternalUserPolicy p = verdict.policy();
            boolean matched = verdict.classification() != null && verdict.classification().isExternal();
            return new PolicyVerdict(p.id(), p.name(), p.priority(), p.mode().id(), p.method().id(),
                    p.sessionLimit().map(d -> d.toMinutes()).orElse(null), p.idleLimit().map(d -> d.toMinutes()).orElse(null),
                    verdict.outcome().label(),
                    matched ? verdict.classification().rule().id() : null,
                    matched ? verdict.classification().reason() : null);
        }
    }
}
