package dev.gatehouse.governance.access;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * {@code /admin/realms/{realm}/gatehouse-governance/users/{userId}/access}: a user's end date and their
 * memberships' end dates (view: view-users or fine-grained view of the user; change: manage-users or fine-grained
 * manage). An end date is given as {@code {"end": "2027-01-31T00:00:00Z"}} or {@code {"days": 30}} (from now) and
 * is refused (400, naming the limit) past the governing policy's maximum. Each change is an admin event.
 */
public final class AccessAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final String userId;

    public AccessAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                               AdminEventBuilder adminEvent, String userId) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.USER);
        this.userId = userId;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        UserModel user = user();
        auth.users().requireView(user);
        AccessTerms terms = AccessTerms.of(session);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", user.getId());
        out.put("policy", GoverningPolicy.of(session, realm, user).map(ExternalUserPolicy::name).orElse(null));
        out.put("latestAllowedEnd", terms.latestAllowedEnd(realm, user).map(Instant::toString).orElse(null));
        List<AccessTerm> all = terms.termsOf(realm, user.getId());
        AccessTerm own = all.stream().filter(t -> !t.isMembership()).findFirst().orElse(null);
        out.put("end", own == null ? null : describe(own));
        out.put("memberships", all.stream().filter(AccessTerm::isMembership).map(this::describe).toList());
        return out;
    }

    @PUT
    @Path("end")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> setEnd(Map<String, Object> body) {
        UserModel user = user();
        auth.users().requireManage(user);
        AccessTerm term = refusedAs400(() -> AccessTerms.of(session).setEnd(realm, user.getId(), endFrom(body), auth.adminAuth().getUser().getId()));
        event(OperationType.UPDATE, term, "users", user.getId(), "access", "end");
        return get();
    }

    @DELETE
    @Path("end")
    public Response clearEnd() {
        UserModel user = user();
        auth.users().requireManage(user);
        if (!AccessTerms.of(session).clearEnd(realm, user.getId())) {
            throw new NotFoundException("The user has no end date");
        }
        adminEvent.clone(session).operation(OperationType.DELETE).resourcePath("users", user.getId(), "access", "end").success();
        return Response.noContent().build();
    }

    @PUT
    @Path("groups/{groupId}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> setMembershipEnd(@PathParam("groupId") String groupId, Map<String, Object> body) {
        UserModel user = user();
        auth.users().requireManage(user);
        GroupModel group = realm.getGroupById(groupId);
        if (group == null) {
            throw new NotFoundException("Group not found");
        }
        auth.groups().requireManageMembership(group);
        AccessTerm term = refusedAs400(() -> AccessTerms.of(session).setMembershipEnd(realm, user.getId(), groupId, endFrom(body),
                auth.adminAuth().getUser().getId()));
        event(OperationType.UPDATE, term, "users", user.getId(), "access", "groups", groupId, "end");
        return get();
    }

    @DELETE
    @Path("groups/{groupId}/end")
    public Response clearMembershipEnd(@PathParam("groupId") String groupId) {
        UserModel user = user();
        auth.users().requireManage(user);
        if (!AccessTerms.of(session).clearMembershipEnd(realm, user.getId(), groupId)) {
            throw new NotFoundException("The membership has no end date");
        }
        adminEvent.clone(session).operation(OperationType.DELETE)
                .resourcePath("users", user.getId(), "access", "groups", groupId, "end").success();
        return Response.noContent().build();
    }

    private static Instant endFrom(Map<String, Object> body) {
        try {
            return endOf(body);
        } catch (IllegalArgumentException bad) {
            throw ErrorResponse.error(bad.getMessage(), Response.Status.BAD_REQUEST);
        }
    }

    /** {@code end} (ISO-8601 instant) or {@code days} (whole days from now), exactly one; else the reason why not. */
    static Instant endOf(Map<String, Object> body) {
        Object end = body == null ? null : body.get("end");
        Object days = body == null ? null : body.get("days");
        if ((end == null) == (days == null)) {
            throw new IllegalArgumentException("Give either end (an ISO-8601 instant such as 2027-01-31T00:00:00Z) or days (whole days from now)");
        }
        if (end != null) {
            try {
                return Instant.parse(end.toString().strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("end must be an ISO-8601 instant such as 2027-01-31T00:00:00Z, not " + end);
            }
        }
        if (!(days instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1 || n.longValue() > 36_500) {
            throw new IllegalArgumentException("days must be a whole number from 1 to 36500, not " + days);
        }
        return AccessTerms.now().plus(Duration.ofDays(n.longValue()));
    }

    private static AccessTerm refusedAs400(java.util.function.Supplier<AccessTerm> change) {
        try {
            return change.get();
        } catch (EndDateRefused refused) {
            throw ErrorResponse.error(refused.getMessage(), Response.Status.BAD_REQUEST);
        }
    }

    private void event(OperationType operation, AccessTerm term, String... path) {
        var event = adminEvent.clone(session).operation(operation).resourcePath(path)
                .detail(GatehouseDetail.END_DATE, term.end().toString());
        term.groupId().ifPresent(g -> event.detail(GatehouseDetail.GROUP, g));
        event.representation(describe(term)).success();
    }

    private Map<String, Object> describe(AccessTerm t) {
        Map<String, Object> out = new LinkedHashMap<>();
        t.groupId().ifPresent(g -> {
            out.put("groupId", g);
            GroupModel group = realm.getGroupById(g);
            out.put("group", group == null ? null : org.keycloak.models.utils.ModelToRepresentation.buildGroupPath(group));
        });
        out.put("end", t.end().toString());
        out.put("setBy", t.setBy());
        out.put("setAt", t.setAt().toString());
        out.put("reminded", t.reminded());
        out.put("ended", t.ended().map(Instant::toString).orElse(null));
        return out;
    }

    private UserModel user() {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireQuery();
            throw new NotFoundException("User not found");
        }
        return user;
    }
}
