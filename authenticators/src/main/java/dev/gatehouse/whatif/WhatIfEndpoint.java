package dev.gatehouse.whatif;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.EnforcementGaps;
import dev.gatehouse.policy.RealmPolicies;

/**
 * What-if: for one user, which policy applies, by which rule, what it requires, and why each other policy does
 * not apply. Needs the right to view the realm (it shows policy settings) and to view that user.
 */
public final class WhatIfEndpoint {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public WhatIfEndpoint(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WhatIfAnswer whatIf(@QueryParam("username") String username) {
        auth.realm().requireViewRealm();
        if (username == null || username.isBlank()) {
            throw new BadRequestException("Give the username to explain, as ?username=");
        }
        UserModel user = session.users().getUserByUsername(realm, username.strip());
        if (user == null) {
            throw new NotFoundException("No user " + username.strip() + " in this realm");
        }
        auth.users().requireView(user);
        RealmPolicies.Evaluation evaluation = RealmPolicies.of(realm)
                .evaluate(new KeycloakUserFacts(session, realm, user), user.getUsername(), true);
        return WhatIfAnswer.of(user.getUsername(), evaluation, EnforcementGaps.of(session, realm));
    }
}
