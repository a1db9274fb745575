package dev.gatehouse.governance.invitation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.gatehouse.governance.sponsor.SponsorRefusedException;
import dev.gatehouse.governance.sponsor.Sponsors;

/**
 * {@code /realms/{realm}/gatehouse-sponsor}: what a sponsor does for themselves, authenticated by their own access
 * token of this realm (e.g. the account console's): list the users they sponsor, invite an address (they become the
 * sponsor), list, resend and revoke their own invitations. Only an enabled internal user may invite; someone
 * else's invitation answers 404. The same checks as the admin endpoints apply (internal address, deadline limits).
 */
public final class SponsorSelfService {

    private final KeycloakSession session;
    private final RealmModel realm;

    SponsorSelfService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @GET
    @Path("users")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> sponsored() {
        UserModel me = caller();
        return Sponsors.of(session).sponsoredBy(realm, me.getId()).stream()
                .map(id -> session.users().getUserById(realm, id)).filter(u -> u != null)
                .map(u -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("userId", u.getId());
                    m.put("username", u.getUsername());
                    m.put("email", u.getEmail());
                    m.put("enabled", u.isEnabled());
                    return m;
                }).toList();
    }

    @GET
    @Path("invitations")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> invitations(@QueryParam("status") String status) {
        UserModel me = caller();
        Optional<InvitationStatus> wanted = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(s ->
                InvitationStatus.byId(s).orElseThrow(() -> new BadRequestException("status must be pending, redeemed, expired or revoked")));
        return Invitations.of(session).list(realm, wanted, Optional.of(me.getId()), Optional.empty(), 0, 1000).stream()
                .map(i -> InvitationJson.of(session, realm, i)).toList();
    }

    /** {@code {"email": "…", "days": 7, "accessEnd": "2027-03-31", "firstName": "…", "lastName": "…"}}. */
    @POST
    @Path("invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response invite(Map<String, Object> body) {
        UserModel me = caller();
        try {
            Invitation created = Invitations.of(session).invite(realm, new InviteRequest(InvitationInput.text(body, "email"),
                    InvitationInput.text(body, "firstName"), InvitationInput.text(body, "lastName"), me,
                    InvitationInput.days(body), InvitationInput.accessEnd(body)), me.getId());
            return Response.status(Response.Status.CREATED).entity(InvitationJson.of(session, realm, created)).build();
        } catch (InvitationRefusedException e) {
            throw ErrorResponse.error(e.getMessage(), e.refusal().status());
        } catch (SponsorRefusedException e) {
            throw ErrorResponse.error("you may not sponsor anyone: " + e.getMessage(), Response.Status.FORBIDDEN);
        }
    }

    @POST
    @Path("invitations/{id}/resend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> resend(@PathParam("id") String id, Map<String, Object> body) {
        mine(id);
        try {
            return InvitationJson.of(session, realm, Invitations.of(session).resend(realm, id, InvitationInput.days(body)));
        } catch (InvitationRefusedException e) {
            throw ErrorResponse.error(e.getMessage(), e.refusal().status());
        } catch (SponsorRefusedException e) {
            throw ErrorResponse.error("you may not sponsor anyone: " + e.getMessage(), Response.Status.FORBIDDEN);
        }
    }

    @POST
    @Path("invitations/{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> revoke(@PathParam("id") String id) {
        UserModel me = mine(id);
        try {
            return InvitationJson.of(session, realm, Invitations.of(session).revoke(realm, id, me.getId()));
        } catch (InvitationRefusedException e) {
            throw ErrorResponse.error(e.getMessage(), e.refusal().status());
        }
    }

    private UserModel mine(String id) {
        UserModel me = caller();
        Invitation invitation = Invitations.of(session).byId(realm, id).orElseThrow(() -> new NotFoundException("no such invitation"));
        if (!invitation.sponsorId().equals(me.getId())) {
            throw new NotFoundException("no such invitation");
        }
        return me;
    }

    /** The user whose access token of this realm came with the request. */
    private UserModel caller() {
        String bearer = AppAuthManager.extractAuthorizationHeaderToken(session.getContext().getRequestHeaders());
        AuthResult auth = bearer == null ? null
                : new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(bearer).authenticate();
        if (auth == null || auth.user() == null || !auth.user().isEnabled()) {
            throw new NotAuthorizedException("Bearer");
        }
        return auth.user();
    }
}
