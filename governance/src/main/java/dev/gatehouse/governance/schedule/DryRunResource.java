package dev.gatehouse.governance.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.governance.audit.Planned;

/**
 * {@code GET /admin/realms/{realm}/gatehouse-governance/dry-run?days=N}: every step governance would take within
 * the next N days (0: what is due now), and when — who would get an end date, whose sponsors would be reminded or
 * asked to attest, who would lose access, be disabled or deleted. The same plan the scheduled run follows; it changes
 * nothing. Needs view-users.
 */
public final class DryRunResource {

    static final int MAX_DAYS = 3650;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public DryRunResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> dryRun(@QueryParam("days") String days) {
        auth.users().requireView();
        int n;
        try {
            n = days(days);
        } catch (IllegalArgumentException bad) {
            throw ErrorResponse.error(bad.getMessage(), Response.Status.BAD_REQUEST);
        }
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        List<Planned> plan = new GovernancePlan(session, realm).upTo(now, now.plus(Duration.ofDays(n)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", n);
        out.put("now", now.toString());
        out.put("count", plan.size());
        out.put("steps", plan.stream().map(this::describe).toList());
        return out;
    }

    /** A missing, non-numeric or out-of-range {@code days} is refused naming the range (a 400). */
    static int days(String days) {
        try {
            int n = Integer.parseInt(days == null ? "" : days.strip());
            if (n >= 0 && n <= MAX_DAYS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("days must be a whole number between 0 and " + MAX_DAYS + ", not " + days);
    }

    private Map<String, Object> describe(Planned p) {
        Map<String, Object> out = new LinkedHashMap<>();
        UserModel user = session.users().getUserById(realm, p.userId());
        out.put("userId", p.userId());
        out.put("username", user == null ? null : user.getUsername());
        out.put("step", p.step().id());
        out.put("at", p.at().toString());
        out.put("policy", p.policy().orElse(null));
        out.put("sponsors", p.sponsors().stream().map(id -> session.users().getUserById(realm, id))
                .filter(java.util.Objects::nonNull).map(UserModel::getUsername).toList());
        p.groupId().ifPresent(g -> out.put("groupId", g));
        p.end().ifPresent(e -> out.put("end", e.toString()));
        return out;
    }
}
