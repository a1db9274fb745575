package dev.gatehouse.lifecycle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.DurationConverter;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.workflow.Workflow;
import org.keycloak.models.workflow.WorkflowProvider;
import org.keycloak.models.workflow.WorkflowStateProvider;
import org.keycloak.models.workflow.WorkflowStep;

/**
 * The dry-run of the lifecycle: enabled external users whose last activity is more than N days ago.
 * Keycloak keeps no durable last-login time (sessions expire, events are optional and purged), so the last
 * activity is read from what Workflows itself persists: a lifecycle workflow (one whose {@code if} uses
 * {@code gatehouse-external-user} and which has a {@code disable-user} step) restarts on each login, so its
 * pending step for the user is due at <i>last activity + after</i>. A user the workflow has never seen (never
 * logged in since it was created) counts from the account's creation.
 */
final class InactiveExternalUsers {

    private static final String DISABLE_USER = "disable-user";

    private final KeycloakSession session;
    private final RealmModel realm;

    InactiveExternalUsers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    List<Map<String, Object>> olderThan(Duration inactivity, ExternalUserConditionSettings settings) {
        long now = Time.currentTimeMillis();
        List<LifecycleWorkflow> workflows = lifecycleWorkflows();
        return session.users().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"))
                .filter(UserModel::isEnabled)
                .filter(u -> ExternalUserCondition.isExternal(session, realm, u, settings))
                .map(u -> entry(u, lastActivity(u, workflows)))
                .filter(e -> now - (long) e.get("lastActivity") >= inactivity.toMillis())
                .toList();
    }

    private static Map<String, Object> entry(UserModel user, Activity activity) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", user.getId());
        entry.put("username", user.getUsername());
        entry.put("email", user.getEmail());
        entry.put("lastActivity", activity.at());
        entry.put("lastActivitySource", activity.source());
        return entry;
    }

    private Activity lastActivity(UserModel user, List<LifecycleWorkflow> workflows) {
        WorkflowStateProvider states = session.getProvider(WorkflowStateProvider.class);
        Optional<Long> fromWorkflow = states == null ? Optional.empty() : workflows.stream()
                .map(w -> Optional.ofNullable(states.getScheduledStep(w.id(), user.getId()))
                        .filter(s -> w.disableStepId().equals(s.stepId()))
                        .map(s -> s.scheduledAt() - w.after().toMillis()))
                .flatMap(Optional::stream)
                .max(Long::compare);
        Long created = user.getCreatedTimestamp();
        long createdAt = created == null ? 0L : created;
        return fromWorkflow.map(t -> new Activity(Math.max(t, createdAt), "workflow"))
                .orElse(new Activity(createdAt, "created"));
    }

    private List<LifecycleWorkflow> lifecycleWorkflows() {
        WorkflowProvider provider = session.getProvider(WorkflowProvider.class);
        if (provider == null) {
            return List.of();
        }
        return provider.getWorkflows()
                .filter(Workflow::isEnabled)
                .filter(w -> w.getCondition() != null && w.getCondition().contains(ExternalUserConditionFactory.ID))
                .flatMap(w -> w.getSteps()
                        .filter(s -> DISABLE_USER.equals(s.getProviderId()))
                        .findFirst()
                        .map(s -> new LifecycleWorkflow(w.getId(), s.getId(), after(s)))
                        .stream())
                .toList();
    }

    private static Duration after(WorkflowStep step) {
        return step.getAfter() == null ? Duration.ZERO : DurationConverter.parseDuration(step.getAfter());
    }

    private record LifecycleWorkflow(String id, String disableStepId, Duration after) {
    }

    private record Activity(long at, String source) {
    }
}
