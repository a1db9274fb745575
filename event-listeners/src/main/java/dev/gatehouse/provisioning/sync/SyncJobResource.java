package dev.gatehouse.provisioning.sync;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * {@code …/gatehouse-provisioning/targets/{target}/sync}: POST starts a full sync as a background job (202, the job
 * and its Location; 409 with the running job when the target has one), GET shows the newest job (or
 * {@code /{jobId}} a given one), DELETE asks the running job (or a given one) to stop. Reading needs view-realm,
 * starting and cancelling manage-realm; both are admin events.
 */
public final class SyncJobResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ProvisioningTarget target;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public SyncJobResource(KeycloakSession session, RealmModel realm, ProvisioningTarget target, AdminPermissionEvaluator auth,
                           AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.target = target;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response start() {
        auth.realm().requireManageRealm();
        if (target.isReceiver()) {
            throw new BadRequestException("A Shared Signals receiver hears of decisions as they happen; it has no users to sync.");
        }
        SyncJobs.Start<SyncJobRepresentation> started = SyncJobs.of(session).start(realm.getId(), target.id());
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(started.job().jobId()).build();
        if (!started.created()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "sync_running");
            body.put("error_description", "Target " + target.name() + " has a full sync running: " + started.job().jobId() + ".");
            body.put("job", started.job());
            return Response.status(Response.Status.CONFLICT).location(location).entity(body).type(MediaType.APPLICATION_JSON).build();
        }
        event("start", started.job());
        return Response.accepted(started.job()).location(location).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SyncJobRepresentation latest() {
        auth.realm().requireViewRealm();
        return SyncJobs.of(session).latest(target.id())
                .orElseThrow(() -> new NotFoundException("Target " + target.name() + " has had no full sync."));
    }

    @GET
    @Path("{job}")
    @Produces(MediaType.APPLICATION_JSON)
    public SyncJobRepresentation job(@PathParam("job") String jobId) {
        auth.realm().requireViewRealm();
        return SyncJobs.of(session).find(target.id(), jobId).orElseThrow(() -> new NotFoundException("No full sync " + jobId));
    }

    /** Cancels the target's running job; 404 when none runs. */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancelRunning() {
        auth.realm().requireManageRealm();
        SyncJobRepresentation running = SyncJobs.of(session).active(target.id())
                .orElseThrow(() -> new NotFoundException("Target " + target.name() + " has no full sync running."));
        return cancel(running.jobId());
    }

    /** 202 with the job (cancelled, or to stop at its next batch); 409 when it had already ended. */
    @DELETE
    @Path("{job}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("job") String jobId) {
        auth.realm().requireManageRealm();
        SyncJobRepresentation job = SyncJobs.of(session).cancel(target.id(), jobId)
                .orElseThrow(() -> new NotFoundException("No full sync " + jobId));
        if (!job.cancelRequested() && job.state() != SyncState.CANCELLED) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "sync_ended");
            body.put("error_description", "The full sync " + jobId + " has ended: " + job.state().wireName() + ".");
            body.put("job", job);
            return Response.status(Response.Status.CONFLICT).entity(body).type(MediaType.APPLICATION_JSON).build();
        }
        event("cancel", job);
        return Response.accepted(job).type(MediaType.APPLICATION_JSON).build();
    }

    private void event(String action, SyncJobRepresentation job) {
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components/" + target.id() + "/sync/" + job.jobId() + (action.equals("start") ? "" : "/" + action))
                .detail(GatehouseDetail.SYNC, action).detail(GatehouseDetail.SYNC_JOB, job.jobId()).success();
    }
}
