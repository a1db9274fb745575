package dev.gatehouse.governance.impact;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.lifecycle.DaysParameter;
import dev.gatehouse.policy.RealmPolicies;

/**
 * {@code GET …/gatehouse-governance/impact?days=N[&policy=name]}: what the realm's report-only policies would
 * have challenged over the last N days, from stored sign-in events. Needs view-events, as Keycloak's event list.
 */
public final class ImpactResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public ImpactResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> summary(@QueryParam("days") String daysParam, @QueryParam("policy") String policy) {
        auth.realm().requireViewEvents();
        int days = DaysParameter.parse(daysParam);
        if (policy != null && RealmPolicies.of(realm).all().stream().noneMatch(p -> p.name().equals(policy))) {
            throw new BadRequestException("no Gatehouse policy named '" + policy + "'");
        }
        long to = Time.currentTimeMillis();
        long from = to - Duration.ofDays(days).toMillis();
        ReportOnlyImpact.ImpactSummary summary = new ReportOnlyImpact(session, realm).between(from, to, policy);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("days", days);
        answer.put("from", Instant.ofEpochMilli(summary.from()).toString());
        answer.put("to", Instant.ofEpochMilli(summary.to()).toString());
        answer.put("eventsEnabled", summary.eventsEnabled());
        answer.put("eventsExpirationSeconds", summary.eventsExpirationSeconds());
        answer.put("signInsRead", summary.signInsRead());
        answer.put("policies", summary.policies());
        return answer;
    }
}
