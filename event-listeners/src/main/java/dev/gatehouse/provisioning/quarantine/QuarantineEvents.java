package dev.gatehouse.provisioning.quarantine;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.gatehouse.events.GatehouseDetail;

/**
 * Admin events the delivery worker records on a target component when it enters or leaves quarantine. No admin
 * is acting, so the event names the realm as its actor (no user, client or address) and goes through Keycloak's
 * own builder: stored when the realm keeps admin events, and seen by event listeners.
 */
final class QuarantineEvents extends AdminEventBuilder {

    private QuarantineEvents(KeycloakSession session, RealmModel realm) {
        super(realm, null, session, null, template(realm));
    }

    static void record(KeycloakSession session, RealmModel realm, String targetId, String what, String reason) {
        new QuarantineEvents(session, realm).operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath("components", targetId, "quarantine", what)
                .detail(GatehouseDetail.QUARANTINE, what)
                .detail(GatehouseDetail.REASON, reason)
                .success();
    }

    private static AdminEvent template(RealmModel realm) {
        AdminEvent event = new AdminEvent();
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails system = new AuthDetails();
        system.setRealmId(realm.getId());
        system.setRealmName(realm.getName());
        event.setAuthDetails(system);
        return event;
    }
}
