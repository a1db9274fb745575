package dev.gatehouse.provisioning;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * Queues a full re-sync of a target: every user of the realm is looked at once, page by page, each page in its own
 * transaction so memory stays bounded however many users the realm has.
 */
public final class FullSync {

    private static final int PAGE = 500;

    private FullSync() {
    }

    /** Returns how many rows were queued. */
    public static long queue(KeycloakSessionFactory factory, String realmId, String targetId) {
        long queued = 0;
        for (int first = 0; ; first += PAGE) {
            int from = first;
            long[] page = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> queuePage(session, realmId, targetId, from));
            queued += page[1];
            if (page[0] < PAGE) {
                return queued;
            }
        }
    }

    /** {users looked at, rows queued} for one page. */
    private static long[] queuePage(KeycloakSession session, String realmId, String targetId, int first) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        ProvisioningTarget target = RealmTargets.byId(realm, targetId).orElseThrow();
        ChangeRecorder recorder = new ChangeRecorder(session, null);
        List<UserModel> users = session.users()
                .searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), first, PAGE).toList();
        long queued = users.stream().filter(user -> recorder.resync(realm, target, user)).count();
        return new long[] {users.size(), queued};
    }
}
