package dev.gatehouse.governance.invitation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.governance.sponsor.SponsorRefusedException;

/**
 * {@code /admin/realms/{realm}/gatehouse-governance/invitations}: invite an address (manage-users), list and read
 * invitations (view-users), resend and revoke (manage-users). Each change is an admin event (resource type USER,
 * path {@code invitations/{id}}: CREATE, ACTION for a resend, DELETE for a revocation).
 */
public final class InvitationsResource {

    private static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public InvitationsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.USER);
    }

    /**
     * {@code {"email": "…", "sponsor": "<username, email or id>", "days": 7, "accessEnd": "2027-03-31",
     * "firstName": "…", "lastName": "…"}}; {@code sponsor} may be left out when the calling admin is an internal
     * user of this realm (they sponsor), {@code days} means the server default when left out.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        auth.users().requireManage();
        String sponsorName = InvitationInput.text(body, "sponsor");
        UserModel admin = auth.adminAuth().getUser();
        UserModel sponsor;
        try {
            if (sponsorName != null && !sponsorName.isBlank()) {
                sponsor = InvitationInput.user(session, realm, sponsorName);
            } else if (realm.getId().equals(auth.adminAuth().getRealm().getId())) {
                sponsor = admin;
            } else {
                throw new BadRequestException("expected a sponsor: the username, email or id of an internal user of this realm");
            }
            Invitation created = Invitations.of(session).invite(realm, new InviteRequest(InvitationInput.text(body, "email"),
                    InvitationInput.text(body, "firstName"), InvitationInput.text(body, "lastName"), sponsor,
                    InvitationInput.days(body), InvitationInput.accessEnd(body)), admin.getId());
            event(OperationType.CREATE, created);
            return Response.status(Response.Status.CREATED)
                    .location(session.getContext().getUri().getAbsolutePathBuilder().path(created.id()).build())
                    .entity(InvitationJson.of(session, realm, created)).build();
        } catch (InvitationRefusedException e) {
            throw error(e.getMessage(), e.refusal().status());
        } catch (SponsorRefusedException e) {
            throw error(e.getMessage(), Response.Status.BAD_REQUEST);
        }
    }

    /** Newest first: {@code status} (pending, redeemed, expired, revoked), {@code sponsor} (user id), {@code email}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list(@QueryParam("status") String status, @QueryParam("sponsor") String sponsorId,
                                          @QueryParam("email") String email, @QueryParam("first") @DefaultValue("0") int first,
                                          @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireView();
        Optional<InvitationStatus> wanted = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(s ->
                InvitationStatus.byId(s).orElseThrow(() -> new BadRequestException("status must be pending, redeemed, expired or revoked")));
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw new BadRequestException("first must be 0 or more, max between 1 and " + MAX_PAGE);
        }
        return Invitations.of(session).list(realm, wanted, Optional.ofNullable(sponsorId).filter(s -> !s.isBlank()),
                        Optional.ofNullable(email).filter(s -> !s.isBlank()), first, max)
                .stream().map(i -> InvitationJson.of(session, realm, i)).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("id") String id) {
        auth.users().requireView();
        return InvitationJson.of(session, realm, Invitations.of(session).byId(realm, id)
                .orElseThrow(() -> new NotFoundException("no such invitation")));
    }

    /** A new link and deadline ({@code {"days": n}} optional); the previous link stops working. */
    @POST
    @Path("{id}/resend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> resend(@PathParam("id") String id, Map<String, Object> body) {
        auth.users().requireManage();
        try {
            Invitation resent = Invitations.of(session).resend(realm, id, InvitationInput.days(body));
            event(OperationType.ACTION, resent);
            return InvitationJson.of(session, realm, resent);
        } catch (InvitationRefusedException e) {
            throw error(e.getMessage(), e.refusal().status());
        } catch (SponsorRefusedException e) {
            throw error("the invitation's sponsor can no longer sponsor: " + e.getMessage(), Response.Status.CONFLICT);
        }
    }

    @POST
    @Path("{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> revoke(@PathParam("id") String id) {
        auth.users().requireManage();
        try {
            Invitation revoked = Invitations.of(session).revoke(realm, id, auth.adminAuth().getUser().getId());
            event(OperationType.DELETE, revoked);
            return InvitationJson.of(session, realm, revoked);
        } catch (InvitationRefusedException e) {
            throw error(e.getMessage(), e.refusal().status());
        }
    }

    private void event(OperationType operation, Invitation invitation) {
        adminEvent.clone(session).operation(operation).resourcePath("invitations", invitation.id())
                .detail(GatehouseDetail.INVITATION, invitation.id())
                .detail(GatehouseDetail.SPONSOR, invitation.sponsorId())
                .representation(InvitationJson.of(session, realm, invitation)).success();
    }

    private static WebApplicationException error(String message, Response.Status status) {
        return ErrorResponse.error(message, status);
    }
}
