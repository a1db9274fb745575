package dev.gatehouse.provisioning;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowProviderEvent;

import dev.gatehouse.provisioning.delivery.DeliveryWorker;
import dev.gatehouse.provisioning.delivery.WorkerSettings;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * The provisioning listener, global so no realm has to register it (it does nothing in realms without targets),
 * and the owner of this node's delivery worker. Group membership and user deletion come as model events, which
 * fire inside the transaction for every path that changes them (admin, account, identity-provider mappers, SCIM,
 * imports, organizations); so do group deletion, renaming and moving, and links to identity providers.
 */
public final class ProvisioningListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "gatehouse-provisioning";

    /** Keycloak's Workflows steps that only mail or loop: announcing them would send targets an unchanged user. */
    private static final java.util.Set<String> STEPS_THAT_CHANGE_NO_USER = java.util.Set.of("notify-user", "restart");

    private WorkerSettings settings;
    private DeliveryWorker worker;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ProvisioningListener(session, () -> {
            if (worker != null) {
                worker.wake();
            }
        });
    }

    /**
     * Rows became due outside a change the listener recorded (a target was enabled): the worker runs a round after
     * this session's transaction completes rather than at its next poll.
     */
    public static void wakeWorkerAfterCommit(KeycloakSession session) {
        if (session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class, ID) instanceof ProvisioningListenerFactory f
                && f.worker != null) {
            session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    f.worker.wake();
                }

                @Override
                protected void rollbackImpl() {
                }
            });
        }
    }

    @Override
    public void init(Config.Scope config) {
        settings = WorkerSettings.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(this::onModelEvent);
        worker = new DeliveryWorker(factory, settings);
        worker.start();
    }

    private void onModelEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserPreRemovedEvent removed) {
            recorder(removed.getKeycloakSession(), removed.getRealm(), r -> r.deleted(removed.getRealm(), removed.getUser()));
        } else if (event instanceof UserModel.UserRemovedEvent gone) {
            recorder(gone.getKeycloakSession(), gone.getRealm(), r -> r.removedUnannounced(gone.getRealm(), gone.getUser()));
        } else if (event instanceof GroupModel.GroupMemberJoinEvent joined) {
            recorder(joined.getKeycloakSession(), joined.getRealm(), r -> r.changed(joined.getRealm(), joined.getUser()));
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent left) {
            recorder(left.getKeycloakSession(), left.getRealm(), r -> r.changed(left.getRealm(), left.getUser()));
        } else if (event instanceof GroupModel.GroupRemovedEvent removed) {
            // Announced before the memberships go, which Keycloak then deletes in bulk without a leave event each.
            recorder(removed.getKeycloakSession(), removed.getRealm(), r -> GroupMembers.of(removed.getKeycloakSession(),
                    removed.getRealm(), removed.getGroup(), false).forEach(id -> r.changedAtCommit(removed.getRealm(), id)));
        } else if (event instanceof GroupModel.GroupPathChangeEvent moved) {
            // Renamed or moved: the group paths of its members and of its subgroups' members change.
            recorder(moved.getKeycloakSession(), moved.getRealm(), r -> GroupMembers.of(moved.getKeycloakSession(),
                    moved.getRealm(), moved.getGroup(), true).forEach(id -> r.changedAtCommit(moved.getRealm(), id)));
        } else if (event instanceof FederatedIdentityModel.FederatedIdentityCreatedEvent linked) {
            // A link to an identity provider can bring the user into a target's audience (policies' IdP rule).
            recorder(linked.getKeycloakSession(), linked.getRealm(), r -> r.changedAtCommit(linked.getRealm(), linked.getUser().getId()));
        } else if (event instanceof FederatedIdentityModel.FederatedIdentityRemovedEvent unlinked) {
            recorder(unlinked.getKeycloakSession(), unlinked.getRealm(), r -> r.changedAtCommit(unlinked.getRealm(), unlinked.getUser().getId()));
        } else if (event instanceof dev.gatehouse.events.UserAccessChanged changed) {
            // governance disabled or enabled the user without an admin event: record the user's new state
            recorder(changed.session(), changed.realm(), r -> r.changed(changed.realm(), changed.user()));
        } else if (event instanceof WorkflowProviderEvent.WorkflowStepExecutedEvent step
                && step.getResourceType() == ResourceType.USERS && step.getRealm() != null
                && !STEPS_THAT_CHANGE_NO_USER.contains(step.getStepProviderId())) {
            onWorkflowStep(step);
        }
    }

    /**
     * Keycloak Workflows change users directly (e.g. {@code disable-user} calls setEnabled) without an admin event,
     * and announce the step only after its own transaction committed; the user's current state is recorded in a
     * transaction of ours, so a disabled user is deprovisioned like an admin's disable.
     */
    private void onWorkflowStep(WorkflowProviderEvent.WorkflowStepExecutedEvent step) {
        String realmId = step.getRealm().getId();
        String userId = step.getResourceId();
        KeycloakModelUtils.runJobInTransaction(step.getKeycloakSession().getKeycloakSessionFactory(), session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            session.getContext().setRealm(realm);
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                recorder(session, realm, r -> r.changed(realm, user));
            }
        });
    }

    private static void recorder(KeycloakSession session, RealmModel realm, java.util.function.Consumer<ChangeRecorder> action) {
        if (session == null || realm == null || RealmTargets.enabled(realm).isEmpty()) {
            return;
        }
        // The session's own listener instance, so changes of one transaction share its coalescing.
        EventListenerProvider provider = session.getProvider(EventListenerProvider.class, ID);
        if (provider instanceof ProvisioningListener listener) {
            action.accept(listener.recorder());
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.stop();
        }
    }
}
