package dev.gatehouse.admin;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.session.PolicySessionsEndpoint;
import dev.gatehouse.whatif.WhatIfEndpoint;

/** The root of Gatehouse's admin endpoints; each capability answers its own path. */
public final class GatehouseAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    GatehouseAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path("what-if")
    public WhatIfEndpoint whatIf() {
        return new WhatIfEndpoint(session, realm, auth);
    }

    @Path("policies/{policyId}/sessions")
    public PolicySessionsEndpoint policySessions(@PathParam("policyId") String policyId) {
        return new PolicySessionsEndpoint(session, realm, auth, adminEvent, policyId);
    }
}
