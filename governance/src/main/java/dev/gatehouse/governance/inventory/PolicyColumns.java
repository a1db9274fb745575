package dev.gatehouse.governance.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.Verdict;

/**
 * The policy that applies to the user and the rule that matched, as a sign-in decides it (core's precedence);
 * when none applies, the first report-only policy that would have ({@code would-apply (report-only)}). The facts
 * the rules ask about are read for the whole page ({@link PageUserFacts}), not per user.
 */
final class PolicyColumns implements BatchColumns {

    @Override
    public void fill(KeycloakSession session, RealmModel realm, List<UserModel> users, Map<String, InventoryRow> rows) {
        RealmPolicies policies = RealmPolicies.of(realm);
        PageUserFacts facts = new PageUserFacts(session, realm, users);
        for (UserModel user : users) {
            RealmPolicies.Evaluation evaluation = policies.evaluate(facts.of(user), user.getUsername(), false);
            Optional<Verdict> verdict = evaluation.applied().or(() -> evaluation.reportOnly().stream().findFirst());
            InventoryRow row = rows.get(user.getId());
            verdict.ifPresent(v -> {
                row.put(InventoryColumn.POLICY, v.policy().name());
                row.put(InventoryColumn.POLICY_OUTCOME, v.outcome().label());
                row.put(InventoryColumn.RULE, v.classification().rule().id());
            });
        }
    }
}
