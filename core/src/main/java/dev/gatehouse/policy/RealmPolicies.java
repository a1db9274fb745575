package dev.gatehouse.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

import dev.gatehouse.external.Classification;
import dev.gatehouse.external.UserFacts;

/** The policies of one realm, read from its (cached) components, highest priority first. */
public final class RealmPolicies {

    private static final Logger LOG = Logger.getLogger(RealmPolicies.class);
    private static final Comparator<ExternalUserPolicy> PRECEDENCE =
            Comparator.comparingInt(ExternalUserPolicy::priority).reversed().thenComparing(ExternalUserPolicy::name);

    private final List<ExternalUserPolicy> policies;

    private RealmPolicies(List<ExternalUserPolicy> policies) {
        this.policies = policies;
    }

    public static RealmPolicies of(RealmModel realm) {
        return new RealmPolicies(realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ExternalUserPolicyPage.ID.equals(c.getProviderId()))
                .map(RealmPolicies::parseOrSkip)
                .flatMap(Optional::stream)
                .sorted(PRECEDENCE)
                .toList());
    }

    /** Stored policies are validated on save; one imported broken is skipped and logged, never half-applied. */
    private static Optional<ExternalUserPolicy> parseOrSkip(ComponentModel component) {
        try {
            return Optional.of(PolicyConfig.parse(component.getId(), component.getName(), component.getConfig()));
        } catch (ComponentValidationException invalid) {
            LOG.warnf("Gatehouse policy %s is invalid and ignored: %s", component.getName(), invalid.getMessage());
            return Optional.empty();
        }
    }

    public List<ExternalUserPolicy> all() {
        return policies;
    }

    /** The enabled policy with the highest priority that classifies the user as external. */
    public Optional<Applicable> applicableTo(UserFacts user) {
        for (ExternalUserPolicy policy : policies) {
            if (!policy.enabled()) {
                continue;
            }
            Classification classification = policy.rules().classify(user);
            if (classification.isExternal()) {
                return Optional.of(new Applicable(policy, classification));
            }
        }
        return Optional.empty();
    }

    public Optional<ExternalUserPolicy> byId(String id) {
        return policies.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** A policy and the rule by which it targets the user. */
    public record Applicable(ExternalUserPolicy policy, Classification classification) {
    }
}
