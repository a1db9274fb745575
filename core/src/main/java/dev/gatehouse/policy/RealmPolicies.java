package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.utils.KeycloakSessionUtil;

import dev.gatehouse.external.Classification;
import dev.gatehouse.external.UserFacts;

/**
 * The policies of one realm, read from its components (served from the realm cache, so listing them costs no
 * query), highest priority first, and the one rule that picks the policy for a user:
 * <b>the enabled policy with the highest priority that targets the user applies</b>. A test-mode policy targets
 * only its test users; a report-only policy never applies, but is noted when it would have.
 */
public final class RealmPolicies {

    private static final Comparator<ExternalUserPolicy> PRECEDENCE =
            Comparator.comparingInt(ExternalUserPolicy::priority).reversed().thenComparing(ExternalUserPolicy::name);

    private final List<ExternalUserPolicy> policies;

    RealmPolicies(List<ExternalUserPolicy> policies) {
        this.policies = policies.stream().sorted(PRECEDENCE).toList();
    }

    public static RealmPolicies of(RealmModel realm) {
        ParsedPolicies memo = memo();
        return new RealmPolicies(components(realm)
                .map(memo::parse)
                .flatMap(Optional::stream)
                .toList());
    }

    /** The node's memo of parsed policies, held by the policy factory; a throwaway one outside a server. */
    private static ParsedPolicies memo() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session != null && session.getKeycloakSessionFactory()
                .getProviderFactory(UiPageProvider.class, ExternalUserPolicyPage.ID) instanceof ExternalUserPolicyPage page) {
            return page.parsed();
        }
        return new ParsedPolicies();
    }

    static java.util.stream.Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ExternalUserPolicyPage.ID.equals(c.getProviderId()));
    }

    public List<ExternalUserPolicy> all() {
        return policies;
    }

    public Optional<ExternalUserPolicy> byId(String id) {
        return policies.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Judges the policies for a user in order of precedence. For a login ({@code explainAll} false) it stops at
     * the policy that applies; the what-if ({@code explainAll} true) classifies every policy to say why it does
     * not apply.
     */
    public Evaluation evaluate(UserFacts user, String username, boolean explainAll) {
        List<Verdict> verdicts = new ArrayList<>();
        Verdict applied = null;
        for (ExternalUserPolicy policy : policies) {
            if (applied != null && !explainAll) {
                break;
            }
            if (!policy.enabled()) {
                verdicts.add(new Verdict(policy, Verdict.Outcome.DISABLED, null));
                continue;
            }
            if (policy.testModeExcludes(username)) {
                verdicts.add(new Verdict(policy, Verdict.Outcome.TEST_MODE_EXCLUDES_USER, null));
                continue;
            }
            Classification classification = policy.rules().classify(user);
            Verdict.Outcome outcome;
            if (!classification.isExternal()) {
                outcome = Verdict.Outcome.NOT_TARGETED;
            } else if (applied != null) {
                outcome = Verdict.Outcome.OUTRANKED;
            } else if (policy.mode() == PolicyMode.REPORT_ONLY) {
                outcome = Verdict.Outcome.WOULD_APPLY;
            } else {
                outcome = Verdict.Outcome.APPLIES;
            }
            Verdict verdict = new Verdict(policy, outcome, classification);
            verdicts.add(verdict);
            if (outcome == Verdict.Outcome.APPLIES) {
                applied = verdict;
            }
        }
        return new Evaluation(verdicts, Optional.ofNullable(applied));
    }

    /** The verdicts in order of precedence, and the one that applies, if any. */
    public record Evaluation(List<Verdict> verdicts, Optional<Verdict> applied) {

        public List<Verdict> reportOnly() {
            return verdicts.stream().filter(v -> v.outcome() == Verdict.Outcome.WOULD_APPLY).toList();
        }
    }
}
