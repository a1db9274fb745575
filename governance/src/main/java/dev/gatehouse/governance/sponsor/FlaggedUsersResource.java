package dev.gatehouse.governance.sponsor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/gatehouse-governance/sponsors/flagged}: external users who lost a sponsor. */
public final class FlaggedUsersResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public FlaggedUsersResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /**
     * One entry per user and departed sponsor, oldest first, until the user has a sponsor again (or the disabled
     * sponsor is enabled again). Only users the admin may view are listed.
     */
    @GET
    @Path("flagged")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> flagged() {
        auth.users().requireQuery();
        return Sponsors.of(session).flagged(realm).stream()
                .map(f -> Map.entry(f, java.util.Optional.ofNullable(session.users().getUserById(realm, f.userId()))))
                .filter(e -> e.getValue().isPresent() && auth.users().canView(e.getValue().get()))
                .map(e -> {
                    SponsorFlag f = e.getKey();
                    UserModel user = e.getValue().get();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("userId", f.userId());
                    m.put("username", user.getUsername());
                    m.put("email", user.getEmail());
                    m.put("sponsorId", f.sponsorId());
                    m.put("sponsorUsername", f.sponsorUsername());
                    m.put("departure", f.departure().id());
                    m.put("flaggedAt", f.flaggedAt().toString());
                    return m;
                }).toList();
    }
}
