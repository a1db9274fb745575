package dev.gatehouse.governance.sponsor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

/**
 * {@code /admin/realms/{realm}/gatehouse-governance/users/{userId}/sponsors}: a user's sponsors (view: view-users or
 * fine-grained view of the user; change: manage-users or fine-grained manage of the user). Each change is an admin event (resource type USER, path
 * {@code users/{id}/sponsors/{sponsorId}}).
 */
public final class SponsorsResource {

    private final String userId;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public SponsorsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent,
                            String userId) {
        this.userId = userId;
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.USER);
    }

    @GET
        @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        UserModel user = user();
        auth.users().requireView(user);
        return Sponsors.of(session).sponsorsOf(realm, user.getId()).stream().map(this::describe).toList();
    }

    /** Adds one sponsor: {@code {"sponsor": "<username, email or id>"}}. 201 when added, 200 when already a sponsor. */
    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response add(Map<String, Object> body) {
        UserModel user = user();
        auth.users().requireManage(user);
        UserModel sponsor = sponsorNamed(body == null ? null : body.get("sponsor"));
        boolean added = add(user, sponsor);
        return Response.status(added ? 201 : 200).entity(list()).build();
    }

    /**
     * Replaces the sponsors: {@code {"sponsors": ["alice", "bob@corp.example"]}}. All are checked before any change,
     * so a refused name changes nothing.
     */
    @PUT
        @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> replace(Map<String, Object> body) {
        UserModel user = user();
        auth.users().requireManage(user);
        if (body == null || !(body.get("sponsors") instanceof List<?> names)) {
            throw new BadRequestException("expected {\"sponsors\": [\"<username, email or id>\", …]}");
        }
        List<UserModel> wanted = names.stream().map(this::sponsorNamed).distinct().toList();
        int max = dev.gatehouse.governance.GovernanceOptions.of(session).maxSponsors();
        if (wanted.size() > max) {
            throw refused(new SponsorRefusedException(SponsorRefusal.TOO_MANY, "at most " + max));
        }
        Sponsors sponsors = Sponsors.of(session);
        List<String> wantedIds = wanted.stream().map(UserModel::getId).toList();
        for (Sponsorship current : sponsors.sponsorsOf(realm, user.getId())) {
            if (!wantedIds.contains(current.sponsorId())) {
                sponsors.remove(realm, user.getId(), current.sponsorId());
                event(OperationType.DELETE, user, current.sponsorId());
            }
        }
        for (UserModel sponsor : wanted) {
            add(user, sponsor);
        }
        return list();
    }

    @DELETE
    @Path("{sponsorId}")
    public Response remove(@PathParam("sponsorId") String sponsorId) {
        UserModel user = user();
        auth.users().requireManage(user);
        if (!Sponsors.of(session).remove(realm, user.getId(), sponsorId)) {
            throw new NotFoundException("not a sponsor of this user");
        }
        event(OperationType.DELETE, user, sponsorId);
        return Response.noContent().build();
    }

    private boolean add(UserModel user, UserModel sponsor) {
        boolean added;
        try {
            added = Sponsors.of(session).add(realm, user.getId(), sponsor.getId(), SponsorSource.ADMIN, auth.adminAuth().getUser().getId());
        } catch (SponsorRefusedException e) {
            throw refused(e);
        }
        if (added) {
            event(OperationType.CREATE, user, sponsor.getId());
        }
        return added;
    }

    private void event(OperationType operation, UserModel user, String sponsorId) {
        adminEvent.clone(session).operation(operation).resourcePath("users", user.getId(), "sponsors", sponsorId)
                .detail(GatehouseDetail.SPONSOR, sponsorId)
                .representation(Map.of("userId", user.getId(), "sponsorId", sponsorId)).success();
    }

    private UserModel user() {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            // As Keycloak's user endpoints: a missing user and one the admin may not see answer alike.
            auth.users().requireQuery();
            throw new NotFoundException("User not found");
        }
        return user;
    }

    /** A sponsor named by id, username or email; unknown → 400 naming the refusal. */
    private UserModel sponsorNamed(Object name) {
        if (!(name instanceof String s) || s.isBlank()) {
            throw new BadRequestException("expected a sponsor: a username, email or user id");
        }
        String n = s.strip();
        UserModel sponsor = session.users().getUserById(realm, n);
        if (sponsor == null) {
            sponsor = session.users().getUserByUsername(realm, n);
        }
        if (sponsor == null && n.contains("@")) {
            sponsor = session.users().getUserByEmail(realm, n);
        }
        if (sponsor == null) {
            throw refused(new SponsorRefusedException(SponsorRefusal.SPONSOR_NOT_FOUND, n));
        }
        return sponsor;
    }

    private jakarta.ws.rs.WebApplicationException refused(SponsorRefusedException e) {
        return ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
    }

    private Map<String, Object> describe(Sponsorship s) {
        UserModel sponsor = session.users().getUserById(realm, s.sponsorId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sponsorId", s.sponsorId());
        m.put("username", sponsor == null ? null : sponsor.getUsername());
        m.put("email", sponsor == null ? null : sponsor.getEmail());
        m.put("enabled", sponsor != null && sponsor.isEnabled());
        m.put("source", s.source().name());
        m.put("since", s.since().toString());
        m.put("setBy", s.setBy());
        return m;
    }
}
