package dev.gatehouse.lifecycle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.workflow.WorkflowInvalidStateException;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.governance.check.WorkflowChecks;

/** {@code /admin/realms/{realm}/gatehouse-lifecycle}: the read-only dry-run of the inactivity workflow. */
public final class LifecycleAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    LifecycleAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** Enabled external users with no activity for {@code days} days: those the workflow would disable now. Changes nothing. */
    @GET
    @Path("dry-run")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> dryRun(@QueryParam("days") String daysParam, @QueryParam("policy") String policy) {
        auth.users().requireView();
        int days = DaysParameter.parse(daysParam);
        ExternalUserConditionSettings settings;
        try {
            settings = ExternalUserConditionSettings.parse(policy);
            new ExternalUserCondition(session, settings).validate();
        } catch (WorkflowInvalidStateException e) {
            throw new BadRequestException(e.getMessage());
        }
        List<Map<String, Object>> users = new InactiveExternalUsers(session, realm).olderThan(Duration.ofDays(days), settings);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("days", days);
        report.put("policy", settings.policyName().orElse(null));
        report.put("count", users.size());
        report.put("users", users);
        return report;
    }

    /** Workflows of the realm that Keycloak would refuse if saved now (e.g. a policy they name was renamed since). */
    @GET
    @Path("workflow-checks")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> workflowChecks() {
        auth.realm().requireViewRealm();
        return new WorkflowChecks(session).all().stream().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.id());
            entry.put("name", c.name());
            entry.put("enabled", c.enabled());
            entry.put("if", c.condition());
            entry.put("valid", c.valid());
            entry.put("problem", c.problem().orElse(null));
            return entry;
        }).toList();
    }
}
