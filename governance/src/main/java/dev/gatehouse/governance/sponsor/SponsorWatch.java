package dev.gatehouse.governance.sponsor;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.workflow.WorkflowProviderEvent;
import org.keycloak.provider.ProviderEvent;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.events.UserAccessChanged;

/**
 * Applies the sponsor rule ({@link SponsorRule}) when a user is created, updated, registers or signs in, and
 * notices a sponsor leaving by every path Keycloak has: deleted (UserPreRemovedEvent: admin REST, account deletion,
 * a Workflow's delete step, any other caller), disabled by an admin (the admin event of the update), by a Workflow
 * step, by Gatehouse itself ({@link UserAccessChanged}), or by a permanent brute-force lockout. Each of their
 * external users is flagged once and reported by an
 * event on that user ({@code EXECUTE_ACTIONS_ERROR}, error {@code gatehouse_sponsor_departed}: an admin must act).
 * A sponsor enabled again clears the flags their disabling raised; a user's new sponsor clears theirs
 * ({@link Sponsors#add}). A sponsor the realm's user storage disables elsewhere (say in LDAP) is noticed at its next
 * admin update or login; the flagged list says so in the docs.
 */
public final class SponsorWatch implements EventListenerProviderFactory {

    public static final String ID = "gatehouse-sponsor-watch";
    private static final Logger LOG = Logger.getLogger(SponsorWatch.class);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new Listener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(SponsorWatch::onModelEvent);
    }

    @Override
    public void close() {
    }

    private static void onModelEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserPreRemovedEvent removed) {
            KeycloakSession session = removed.getKeycloakSession();
            RealmModel realm = removed.getRealm();
            report(session, realm, removed.getUser(), Departure.DELETED,
                    Sponsors.of(session).departed(realm, removed.getUser(), Departure.DELETED));
            Sponsors.of(session).forgetUser(realm, removed.getUser().getId());
        } else if (event instanceof UserAccessChanged changed) {
            stateChanged(changed.session(), changed.realm(), changed.user());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            Sponsors.of(removed.getKeycloakSession()).forgetRealm(removed.getRealm().getId());
        } else if (event instanceof WorkflowProviderEvent.WorkflowStepExecutedEvent step && step.getRealm() != null
                && step.getResourceType() == org.keycloak.models.workflow.ResourceType.USERS) {
            // Announced after the step's own transaction: the user's state is read again in one of ours.
            String realmId = step.getRealm().getId();
            String userId = step.getResourceId();
            KeycloakModelUtils.runJobInTransaction(step.getKeycloakSession().getKeycloakSessionFactory(), session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                // before any user read: the user cache asks Organizations, which needs the session's realm
                session.getContext().setRealm(realm);
                UserModel user = session.users().getUserById(realm, userId);
                if (user != null) {
                    stateChanged(session, realm, user);
                }
            });
        }
    }

    /** The user's enabled state may have changed: flag their users if disabled, clear flags if enabled again. */
    static void stateChanged(KeycloakSession session, RealmModel realm, UserModel user) {
        Sponsors sponsors = Sponsors.of(session);
        if (user.isEnabled()) {
            sponsors.returned(realm, user);
        } else {
            report(session, realm, user, Departure.DISABLED, sponsors.departed(realm, user, Departure.DISABLED));
        }
    }

    private static void report(KeycloakSession session, RealmModel realm, UserModel sponsor, Departure how, List<String> users) {
        for (String userId : users) {
            LOG.infof("Sponsor %s of user %s was %s in realm %s: the user is flagged", sponsor.getUsername(), userId,
                    how.id(), realm.getName());
            events(session, realm).event(EventType.EXECUTE_ACTIONS).user(userId)
                    .detail(GatehouseDetail.SPONSOR, sponsor.getId())
                    .detail(GatehouseDetail.SPONSOR_USERNAME, sponsor.getUsername())
                    .detail(GatehouseDetail.DEPARTURE, how.id())
                    .error(GatehouseError.SPONSOR_DEPARTED.code());
        }
    }

    /** An event builder also where no request is behind the change (a Workflow step). */
    static EventBuilder events(KeycloakSession session, RealmModel realm) {
        var connection = session.getContext().getConnection();
        return connection == null ? new EventBuilder(realm, session) : new EventBuilder(realm, session, connection);
    }

    private static final class Listener implements EventListenerProvider {

        private final KeycloakSession session;

        Listener(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public void onEvent(Event event) {
            if (event.getUserId() == null || event.getError() != null) {
                return;
            }
            switch (event.getType()) {
                case USER_DISABLED_BY_PERMANENT_LOCKOUT -> changed(event.getRealmId(), event.getUserId());
                case REGISTER, LOGIN, IDENTITY_PROVIDER_FIRST_LOGIN, UPDATE_PROFILE -> rule(event.getRealmId(), event.getUserId());
                default -> {
                }
            }
        }

        private void rule(String realmId, String userId) {
            RealmModel realm = session.realms().getRealm(realmId);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            if (user != null) {
                SponsorRule.apply(session, realm, user);
            }
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            if (event.getResourceType() != ResourceType.USER || event.getResourcePath() == null) {
                return;
            }
            String[] path = event.getResourcePath().split("/");
            if (path.length != 2 || !"users".equals(path[0])) {
                return;
            }
            if (event.getOperationType() == OperationType.UPDATE) {
                changed(event.getRealmId(), path[1]);
                rule(event.getRealmId(), path[1]);
            } else if (event.getOperationType() == OperationType.CREATE) {
                rule(event.getRealmId(), path[1]);
            }
        }

        private void changed(String realmId, String userId) {
            RealmModel realm = session.realms().getRealm(realmId);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            if (user != null) {
                stateChanged(session, realm, user);
            }
        }

        @Override
        public void close() {
        }
    }
}
