package dev.gatehouse.governance.admin;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.governance.access.AccessAdminResource;
import dev.gatehouse.governance.impact.ImpactResource;
import dev.gatehouse.governance.invitation.InvitationsResource;
import dev.gatehouse.governance.inventory.InventoryResource;
import dev.gatehouse.governance.schedule.DryRunResource;
import dev.gatehouse.governance.sponsor.FlaggedUsersResource;
import dev.gatehouse.governance.sponsor.SponsorsResource;

/** The root of governance's admin endpoints; each capability answers its own path. */
public final class GovernanceAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    GovernanceAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path("users/{userId}/sponsors")
    public SponsorsResource sponsors(@PathParam("userId") String userId) {
        return new SponsorsResource(session, realm, auth, adminEvent, userId);
    }

    @Path("invitations")
    public InvitationsResource invitations() {
        return new InvitationsResource(session, realm, auth, adminEvent);
    }

    @Path("sponsors")
    public FlaggedUsersResource flagged() {
        return new FlaggedUsersResource(session, realm, auth);
    }

    @Path("users/{userId}/access")
    public AccessAdminResource access(@PathParam("userId") String userId) {
        return new AccessAdminResource(session, realm, auth, adminEvent, userId);
    }

    @Path("dry-run")
    public DryRunResource dryRun() {
        return new DryRunResource(session, realm, auth);
    }

    @Path("inventory")
    public InventoryResource inventory() {
        return new InventoryResource(session, realm, auth);
    }

    @Path("impact")
    public ImpactResource impact() {
        return new ImpactResource(session, realm, auth);
    }
}
