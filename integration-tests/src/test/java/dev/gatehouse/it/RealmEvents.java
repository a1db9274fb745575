package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/** The login events a realm stored for a user, newest first, limited to those since a test began. */
final class RealmEvents {

    private final ManagedRealm realm;
    private final long since;

    RealmEvents(ManagedRealm realm) {
        this.realm = realm;
        // Server and tests share the machine clock, and a test's events come after it starts: no slack, or the
        // previous test's events would count.
        this.since = System.currentTimeMillis();
    }

    List<EventRepresentation> of(String type, String username) {
        String userId = realm.admin().users().search(username, true).get(0).getId();
        return realm.admin().getEvents(List.of(type), null, userId, null, null, null, 0, 1000).stream()
                .filter(e -> e.getTime() >= since)
                .toList();
    }

    EventRepresentation last(String type, String username) {
        List<EventRepresentation> events = of(type, username);
        assertFalse(events.isEmpty(), "no " + type + " event for " + username);
        return events.get(0);
    }

    long errors(String username, String error) {
        return of("LOGIN_ERROR", username).stream().filter(e -> error.equals(e.getError())).count();
    }
}
