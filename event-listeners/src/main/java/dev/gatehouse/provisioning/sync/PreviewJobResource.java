package dev.gatehouse.provisioning.sync;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.provisioning.clients.TargetClients;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * The preview job's answers under {@code …/targets/{target}/preview}: POST starts a preview as a background job
 * (202, the job and its Location; 409 with the running one when the target has one), GET {@code /{jobId}} shows
 * it (its {@code result} once done), DELETE {@code /{jobId}} asks it to stop. All need manage-realm, as the
 * synchronous {@code GET …/preview} does (a result names users); start and cancel are admin events. Called by
 * the admin root's methods: its synchronous GET shares the path, so this is no sub-resource of its own.
 */
public final class PreviewJobResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ProvisioningTarget target;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public PreviewJobResource(KeycloakSession session, RealmModel realm, ProvisioningTarget target, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.target = target;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** 400 for a target that is not SCIM or whose secret is missing, checked now (a disabled target may be previewed). */
    public Response start() {
        auth.realm().requireManageRealm();
        if (!target.isScim() || TargetClients.scim(session, realm, target, 1_000).isEmpty()) {
            throw new BadRequestException(PreviewWorker.NOT_SCIM);
        }
        SyncJobs.Start<PreviewJobRepresentation> started = SyncJobs.of(session).startPreview(realm.getId(), target.id());
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(started.job().jobId()).build();
        if (!started.created()) {
            return conflict("preview_running", "Target " + target.name() + " has a preview running: " + started.job().jobId() + ".",
                    started.job(), location);
        }
        event("start", started.job());
        return Response.accepted(started.job()).location(location).type(MediaType.APPLICATION_JSON).build();
    }

    public PreviewJobRepresentation job(String jobId) {
        auth.realm().requireManageRealm();
        return SyncJobs.of(session).findPreview(target.id(), jobId).orElseThrow(() -> new NotFoundException("No preview " + jobId));
    }

    /** 202 with the job (cancelled, or to stop at its next batch); 409 when it had already ended. */
    public Response cancel(String jobId) {
        auth.realm().requireManageRealm();
        PreviewJobRepresentation job = SyncJobs.of(session).cancelPreview(target.id(), jobId)
                .orElseThrow(() -> new NotFoundException("No preview " + jobId));
        if (!job.cancelRequested() && job.state() != SyncState.CANCELLED) {
            return conflict("preview_ended", "The preview " + jobId + " has ended: " + job.state().wireName() + ".", job, null);
        }
        event("cancel", job);
        return Response.accepted(job).type(MediaType.APPLICATION_JSON).build();
    }

    private static Response conflict(String error, String description, PreviewJobRepresentation job, URI location) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        body.put("job", job);
        return Response.status(Response.Status.CONFLICT).location(location).entity(body).type(MediaType.APPLICATION_JSON).build();
    }

    private void event(String action, PreviewJobRepresentation job) {
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components/" + target.id() + "/preview/" + job.jobId() + (action.equals("start") ? "" : "/" + action))
                .detail(GatehouseDetail.PREVIEW, action).detail(GatehouseDetail.PREVIEW_JOB, job.jobId()).success();
    }
}
