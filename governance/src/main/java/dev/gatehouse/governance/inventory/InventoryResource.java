package dev.gatehouse.governance.inventory;

import java.time.Instant;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET …/gatehouse-governance/inventory?format=csv|json}: every external user of the realm with the
 * policy that applies, sponsors, dates, attestation and provisioning, streamed. Allowed like Keycloak's user
 * listing: query-users to ask, and only the users the admin may view (view-users, or per user under
 * fine-grained admin permissions).
 */
public final class InventoryResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public InventoryResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    public Response export(@QueryParam("format") String format) {
        auth.users().requireQuery();
        InventoryFormat parsed = InventoryFormat.parse(format)
                .orElseThrow(() -> new BadRequestException("format must be csv or json"));
        AdminAuth admin = auth.adminAuth();
        InventoryExport.Viewer viewer = new InventoryExport.Viewer(auth.users().canView(), admin.getRealm().getId(),
                admin.getUser().getId());
        String file = "gatehouse-inventory-" + realm.getName() + "-" + Instant.now().toString().substring(0, 10) + "." + parsed.extension();
        return Response.ok(new InventoryExport(session.getKeycloakSessionFactory(), realm.getId(), viewer, parsed))
                .type(parsed.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + file.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
