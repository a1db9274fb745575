package dev.gatehouse.provisioning.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.provisioning.DeadLetterRetry;
import dev.gatehouse.provisioning.delivery.TargetClient;
import dev.gatehouse.provisioning.delivery.TargetClients;
import dev.gatehouse.provisioning.delivery.TargetReachability;
import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.outbox.OutboxEntryEntity;
import dev.gatehouse.provisioning.outbox.QueueStats;
import dev.gatehouse.provisioning.quarantine.Quarantine;
import dev.gatehouse.provisioning.quarantine.TargetHealth;
import dev.gatehouse.provisioning.quarantine.TargetHealthStore;
import dev.gatehouse.provisioning.scim.ScimClient;
import dev.gatehouse.provisioning.scim.ScimPreview;
import dev.gatehouse.provisioning.sync.SyncJobResource;
import dev.gatehouse.provisioning.sync.SyncPreview;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.webhook.WebhookClient;

/**
 * Targets' queues and dead letters. Reading needs view-realm, changing (retry, purge, test) manage-realm; each
 * change is an admin event. Dead letters show their reason, never a payload's secret (payloads hold none).
 */
public final class ProvisioningAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ProvisioningAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Path("targets")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> targets() {
        auth.realm().requireViewRealm();
        Outbox outbox = new Outbox(session);
        Map<String, QueueStats> stats = outbox.stats(realm.getId());
        Map<String, TargetHealth> quarantined = new TargetHealthStore(session).quarantined(realm.getId());
        return RealmTargets.of(realm).stream().map(t -> {
            QueueStats s = stats.getOrDefault(t.id(), QueueStats.EMPTY);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", t.id());
            row.put("name", t.name());
            row.put("kind", t.kind().name().toLowerCase());
            row.put("enabled", t.enabled());
            row.put("pending", s.pending());
            row.put("deadLetters", s.deadLetters());
            row.put("oldestPendingAgeSeconds", s.oldestPendingCreatedAt() == 0 ? 0
                    : Math.max(0, (Time.currentTimeMillis() - s.oldestPendingCreatedAt()) / 1000));
            row.put("lastError", s.pending() == 0 ? null : outbox.lastError(realm.getId(), t.id()));
            TargetHealth health = quarantined.get(t.id());
            row.put("quarantined", health != null);
            row.put("quarantinedSince", health == null ? null : health.quarantinedSince());
            row.put("quarantineReason", health == null ? null : health.reason());
            row.put("nextProbeAt", health == null ? null : health.nextProbeAt());
            return row;
        }).toList();
    }

    @GET
    @Path("targets/{target}/dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> deadLetters(@PathParam("target") String targetId,
                                                 @QueryParam("first") @DefaultValue("0") int first,
                                                 @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewRealm();
        ProvisioningTarget target = target(targetId);
        return new Outbox(session).deadLetters(realm.getId(), target.id(), Math.max(0, first), Math.min(Math.max(1, max), 1000))
                .stream().map(ProvisioningAdminResource::describe).toList();
    }

    @POST
    @Path("targets/{target}/dead-letters/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> retryAll(@PathParam("target") String targetId) {
        return retry(targetId, null);
    }

    @POST
    @Path("targets/{target}/dead-letters/{entry}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> retryOne(@PathParam("target") String targetId, @PathParam("entry") long entryId) {
        return retry(targetId, entryId);
    }

    @DELETE
    @Path("targets/{target}/dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> purgeAll(@PathParam("target") String targetId) {
        return purge(targetId, null);
    }

    @DELETE
    @Path("targets/{target}/dead-letters/{entry}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> purgeOne(@PathParam("target") String targetId, @PathParam("entry") long entryId) {
        return purge(targetId, entryId);
    }

    /** Reachability: SCIM reads ServiceProviderConfig with the target's credentials; a webhook gets a signed ping. */
    @POST
    @Path("targets/{target}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public Object test(@PathParam("target") String targetId) {
        auth.realm().requireManageRealm();
        return TargetReachability.test(session, realm, target(targetId));
    }

    /**
     * Ends a target's quarantine now: its waiting rows are due at once and go at full speed (if most calls fail
     * again, it is quarantined again). 409 when the target is not quarantined.
     */
    @POST
    @Path("targets/{target}/quarantine/release")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> releaseQuarantine(@PathParam("target") String targetId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        if (!Quarantine.release(session, realm, target)) {
            throw new jakarta.ws.rs.ClientErrorException(jakarta.ws.rs.core.Response.status(409)
                    .entity(Map.of("error", "not_quarantined", "error_description", "Target " + target.name() + " is not quarantined."))
                    .type(MediaType.APPLICATION_JSON).build());
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components/" + target.id() + "/quarantine/release")
                .detail("gatehouse_quarantine", "release").success();
        return Map.of("released", true);
    }

    /**
     * A full re-sync of every user of the realm to the target (deprovisioning those who left its audience), as a
     * background job: start, progress, cancel.
     */
    @Path("targets/{target}/sync")
    public SyncJobResource sync(@PathParam("target") String targetId) {
        return new SyncJobResource(session, realm, target(targetId), auth, adminEvent);
    }

    /**
     * A dry run of a full sync against the SCIM target's current users and groups; changes nothing. Works on a
     * disabled target, so an admin can look before the first push. The realm's users are read in keyset batches.
     */
    @GET
    @Path("targets/{target}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Object preview(@PathParam("target") String targetId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        TargetClient client = TargetClients.forAdmin(session, realm, target, 30_000);
        if (!(client instanceof ScimClient scim)) {
            throw new jakarta.ws.rs.BadRequestException("A preview needs a SCIM target with its secret in the vault.");
        }
        ScimPreview preview = scim.preview();
        if (preview.reachable()) {
            SyncPreview.run(session.getKeycloakSessionFactory(), realm.getId(), target.id(), preview);
        }
        return preview.result();
    }

    private Map<String, Object> retry(String targetId, Long entryId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        DeadLetterRetry.Result result = DeadLetterRetry.retry(session, realm, target, entryId);
        event(target, "retry", entryId, result.requeued());
        return Map.of("requeued", result.requeued(), "dropped", result.dropped());
    }

    private Map<String, Object> purge(String targetId, Long entryId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        int count = new Outbox(session).purgeDeadLetters(realm.getId(), target.id(), entryId);
        event(target, "purge", entryId, count);
        return Map.of("purged", count);
    }

    private void event(ProvisioningTarget target, String action, Long entryId, int count) {
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components/" + target.id() + "/dead-letters" + (entryId == null ? "" : "/" + entryId) + "/" + action)
                .detail("gatehouse_dead_letters", Integer.toString(count))
                .success();
    }

    private ProvisioningTarget target(String targetId) {
        return RealmTargets.byId(realm, targetId).orElseThrow(() -> new NotFoundException("No provisioning target " + targetId));
    }

    private static Map<String, Object> describe(OutboxEntryEntity row) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", row.getId());
        result.put("type", row.getType());
        result.put("userId", row.getSubject());
        result.put("attempts", row.getAttempts());
        result.put("reason", row.getLastError());
        result.put("createdAt", row.getCreatedAt());
        return result;
    }
}
