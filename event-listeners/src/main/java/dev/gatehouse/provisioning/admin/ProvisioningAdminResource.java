package dev.gatehouse.provisioning.admin;

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
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.provisioning.DeadLetterRetry;
import dev.gatehouse.provisioning.sync.PreviewJobRepresentation;
import dev.gatehouse.provisioning.sync.PreviewJobResource;
import dev.gatehouse.provisioning.sync.SyncJobResource;
import dev.gatehouse.provisioning.sync.SyncPreview;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.clients.TargetClients;
import dev.gatehouse.provisioning.clients.TargetReachability;
import dev.gatehouse.provisioning.outbox.DeadLetters;
import dev.gatehouse.provisioning.outbox.OutboxStats;
import dev.gatehouse.provisioning.outbox.QueueStats;
import dev.gatehouse.provisioning.quarantine.Quarantine;
import dev.gatehouse.provisioning.quarantine.TargetHealth;
import dev.gatehouse.provisioning.quarantine.TargetHealthStore;
import dev.gatehouse.provisioning.scim.ScimPreview;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;

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
    public List<TargetRepresentations.Target> targets() {
        auth.realm().requireViewRealm();
        OutboxStats outbox = new OutboxStats(session);
        Map<String, QueueStats> stats = outbox.stats(realm.getId());
        Map<String, TargetHealth> quarantined = new TargetHealthStore(session).quarantined(realm.getId());
        return RealmTargets.of(realm).stream().map(t -> {
            QueueStats s = stats.getOrDefault(t.id(), QueueStats.EMPTY);
            return TargetRepresentations.Target.of(t, s, s.pending() == 0 ? null : outbox.lastError(realm.getId(), t.id()),
                    quarantined.get(t.id()));
        }).toList();
    }

    @GET
    @Path("targets/{target}/dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public List<TargetRepresentations.DeadLetter> deadLetters(@PathParam("target") String targetId,
                                                 @QueryParam("first") @DefaultValue("0") int first,
                                                 @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewRealm();
        ProvisioningTarget target = target(targetId);
        return new DeadLetters(session).page(realm.getId(), target.id(), Math.max(0, first), Math.min(Math.max(1, max), 1000))
                .stream().map(TargetRepresentations.DeadLetter::of).toList();
    }

    @POST
    @Path("targets/{target}/dead-letters/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentations.Requeued retryAll(@PathParam("target") String targetId) {
        return retry(targetId, null);
    }

    @POST
    @Path("targets/{target}/dead-letters/{entry}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentations.Requeued retryOne(@PathParam("target") String targetId, @PathParam("entry") long entryId) {
        return retry(targetId, entryId);
    }

    @DELETE
    @Path("targets/{target}/dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentations.Purged purgeAll(@PathParam("target") String targetId) {
        return purge(targetId, null);
    }

    @DELETE
    @Path("targets/{target}/dead-letters/{entry}")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentations.Purged purgeOne(@PathParam("target") String targetId, @PathParam("entry") long entryId) {
        return purge(targetId, entryId);
    }

    /** Reachability: SCIM reads ServiceProviderConfig with the target's credentials; a webhook gets a signed ping. */
    @POST
    @Path("targets/{target}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public ReachabilityRepresentation test(@PathParam("target") String targetId) {
        auth.realm().requireManageRealm();
        return ReachabilityRepresentation.of(TargetReachability.test(session, realm, target(targetId)));
    }

    /**
     * Ends a target's quarantine now: its waiting rows are due at once and go at full speed (if most calls fail
     * again, it is quarantined again). 409 when the target is not quarantined.
     */
    @POST
    @Path("targets/{target}/quarantine/release")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentations.Released releaseQuarantine(@PathParam("target") String targetId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        if (!Quarantine.release(session, realm, target)) {
            throw new jakarta.ws.rs.ClientErrorException(jakarta.ws.rs.core.Response.status(409)
                    .entity(Map.of("error", "not_quarantined", "error_description", "Target " + target.name() + " is not quarantined."))
                    .type(MediaType.APPLICATION_JSON).build());
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components/" + target.id() + "/quarantine/release")
                .detail(GatehouseDetail.QUARANTINE, "release").success();
        return new TargetRepresentations.Released(true);
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
     * disabled target, so an admin can look before the first push. The realm's users are read in keyset batches,
     * inside this request: fine for a small realm; a large one starts the same dry run as a job ({@link #startPreview}).
     */
    @GET
    @Path("targets/{target}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Object preview(@PathParam("target") String targetId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        ScimPreview preview = TargetClients.preview(session, realm, target, 30_000).orElseThrow(() ->
                new jakarta.ws.rs.BadRequestException("A preview needs a SCIM target with its secret in the vault."));
        if (!preview.reachable()) {
            return ReachabilityRepresentation.of(new Reachability.Unreachable(preview.failure()));
        }
        SyncPreview.run(session.getKeycloakSessionFactory(), realm.getId(), target.id(), preview);
        return preview.result();
    }

    /** The same dry run as a background job: 202 + the job + its Location; 409 while one runs for the target. */
    @POST
    @Path("targets/{target}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Response startPreview(@PathParam("target") String targetId) {
        return previews(targetId).start();
    }

    /** A preview job: its state and progress, and once done its {@code result} (what the GET above answers). */
    @GET
    @Path("targets/{target}/preview/{job}")
    @Produces(MediaType.APPLICATION_JSON)
    public PreviewJobRepresentation previewJob(@PathParam("target") String targetId, @PathParam("job") String jobId) {
        return previews(targetId).job(jobId);
    }

    @DELETE
    @Path("targets/{target}/preview/{job}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancelPreview(@PathParam("target") String targetId, @PathParam("job") String jobId) {
        return previews(targetId).cancel(jobId);
    }

    private PreviewJobResource previews(String targetId) {
        return new PreviewJobResource(session, realm, target(targetId), auth, adminEvent);
    }

    private TargetRepresentations.Requeued retry(String targetId, Long entryId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        DeadLetterRetry.Result result = DeadLetterRetry.retry(session, realm, target, entryId);
        event(target, "retry", entryId, result.requeued());
        return new TargetRepresentations.Requeued(result.requeued(), result.dropped());
    }

    private TargetRepresentations.Purged purge(String targetId, Long entryId) {
        auth.realm().requireManageRealm();
        ProvisioningTarget target = target(targetId);
        int count = new DeadLetters(session).purge(realm.getId(), target.id(), entryId);
        event(target, "purge", entryId, count);
        return new TargetRepresentations.Purged(count);
    }

    private void event(ProvisioningTarget target, String action, Long entryId, int count) {
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components/" + target.id() + "/dead-letters" + (entryId == null ? "" : "/" + entryId) + "/" + action)
                .detail(GatehouseDetail.DEAD_LETTERS, Integer.toString(count))
                .success();
    }

    private ProvisioningTarget target(String targetId) {
        return RealmTargets.byId(realm, targetId).orElseThrow(() -> new NotFoundException("No provisioning target " + targetId));
    }
}
