package dev.gatehouse.governance.impact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.PolicyMode;
import dev.gatehouse.policy.RealmPolicies;

/**
 * What report-only policies would have done over a past window, from the sign-in ({@code LOGIN}) events Keycloak
 * stored: each names the report-only policies that would have applied ({@code gatehouse_report_only}) and the
 * rule that matched for each ({@code gatehouse_report_only_rules}). Counted per policy and rule: sign-ins it
 * would have challenged, and distinct users. Events are read through Keycloak's event store in pages, so any
 * window size works; memory grows with the number of distinct users only.
 */
public final class ReportOnlyImpact {

    static final int PAGE = 1_000;
    /** Events written before Gatehouse recorded the rule. */
    static final String UNKNOWN_RULE = "unknown";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ReportOnlyImpact(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Sign-ins between {@code from} and {@code to} (epoch millis), for one policy name or every one (null). */
    public ImpactSummary between(long from, long to, String onlyPolicy) {
        List<String> known = RealmPolicies.of(realm).all().stream().map(ExternalUserPolicy::name).toList();
        Map<String, Tally> byPolicy = new TreeMap<>();
        RealmPolicies.of(realm).all().stream()
                .filter(p -> p.mode() == PolicyMode.REPORT_ONLY)
                .filter(p -> onlyPolicy == null || onlyPolicy.equals(p.name()))
                .forEach(p -> byPolicy.put(p.name(), new Tally()));
        EventStoreProvider events = session.getProvider(EventStoreProvider.class);
        long read = 0;
        for (int first = 0; ; first += PAGE) {
            List<Event> page = events.createQuery().realm(realm.getId()).type(EventType.LOGIN)
                    .fromDate(from).toDate(to).orderByAscTime().firstResult(first).maxResults(PAGE)
                    .getResultStream().toList();
            for (Event event : page) {
                count(event, known, onlyPolicy, byPolicy);
            }
            read += page.size();
            if (page.size() < PAGE) {
                break;
            }
        }
        List<PolicyImpact> policies = new ArrayList<>();
        byPolicy.forEach((name, tally) -> policies.add(tally.summary(name, mode(name))));
        return new ImpactSummary(from, to, realm.isEventsEnabled(), realm.getEventsExpiration(), read, policies);
    }

    private void count(Event event, List<String> known, String onlyPolicy, Map<String, Tally> byPolicy) {
        Map<String, String> details = event.getDetails();
        String names = details == null ? null : details.get(GatehouseDetail.REPORT_ONLY);
        if (names == null || names.isEmpty() || event.getUserId() == null) {
            return;
        }
        List<String> policies = ReportOnlyNames.split(names, known);
        String rules = details.get(GatehouseDetail.REPORT_ONLY_RULES);
        String[] ruleIds = rules == null ? new String[0] : rules.split(",");
        for (int i = 0; i < policies.size(); i++) {
            String policy = policies.get(i);
            if (onlyPolicy != null && !onlyPolicy.equals(policy)) {
                continue;
            }
            String rule = ruleIds.length == policies.size() ? ruleIds[i] : UNKNOWN_RULE;
            byPolicy.computeIfAbsent(policy, p -> new Tally()).add(rule, event.getUserId());
        }
    }

    private String mode(String policyName) {
        return RealmPolicies.of(realm).all().stream().filter(p -> p.name().equals(policyName))
                .map(p -> p.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .findFirst().orElse("deleted");
    }

    /** Counts of one policy: sign-ins and users, overall and by rule. */
    private static final class Tally {
        private long signIns;
        private final Set<String> users = new HashSet<>();
        private final Map<String, Long> ruleSignIns = new TreeMap<>();
        private final Map<String, Set<String>> ruleUsers = new TreeMap<>();

        void add(String rule, String userId) {
            signIns++;
            users.add(userId);
            ruleSignIns.merge(rule, 1L, Long::sum);
            ruleUsers.computeIfAbsent(rule, r -> new HashSet<>()).add(userId);
        }

        PolicyImpact summary(String name, String mode) {
            Map<String, RuleImpact> rules = new LinkedHashMap<>();
            ruleSignIns.forEach((rule, n) -> rules.put(rule, new RuleImpact(rule, n, ruleUsers.get(rule).size())));
            return new PolicyImpact(name, mode, signIns, users.size(), List.copyOf(rules.values()));
        }
    }

    public record RuleImpact(String rule, long signIns, int distinctUsers) {
    }

    public record PolicyImpact(String policy, String mode, long signIns, int distinctUsers, List<RuleImpact> byRule) {
    }

    public record ImpactSummary(long from, long to, boolean eventsEnabled, long eventsExpirationSeconds, long signInsRead,
                                List<PolicyImpact> policies) {
    }
}
