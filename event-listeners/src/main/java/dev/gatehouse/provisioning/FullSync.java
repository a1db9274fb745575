package dev.gatehouse.provisioning;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.provisioning.outbox.Enrolments;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.scim.ScimPreview;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.UserAudience;
import dev.gatehouse.provisioning.change.UserSnapshot;

/**
 * A full re-sync of a target, queued or previewed: every user of the realm is looked at once, page by page, each
 * page in its own transaction so memory stays bounded however many users the realm has.
 */
public final class FullSync {

    private static final int PAGE = 500;

    private FullSync() {
    }

    /** One page of the realm's users (service accounts excluded), in a transaction of its own. */
    private interface Page {
        /** Returns how many rows it queued (0 for a preview). */
        long visit(KeycloakSession session, RealmModel realm, ProvisioningTarget target, List<UserModel> users);
    }

    /** Returns how many rows were queued. */
    public static long queue(KeycloakSessionFactory factory, String realmId, String targetId) {
        return pages(factory, realmId, targetId, (session, realm, target, users) -> {
            ChangeRecorder recorder = new ChangeRecorder(session, null);
            return users.stream().filter(user -> recorder.resync(realm, target, user)).count();
        });
    }

    /**
     * Feeds every user to a dry run, with whether a sync would keep them at the target (enabled and in its audience)
     * and what the target was last told about them (null: never enrolled, so a sync leaves them alone there).
     */
    public static void preview(KeycloakSessionFactory factory, String realmId, String targetId, ScimPreview preview) {
        pages(factory, realmId, targetId, (session, realm, target, users) -> {
            Map<String, TargetState> enrolled = new Enrolments(session).enrolled(target.id(), users.stream().map(UserModel::getId).toList());
            users.forEach(user -> preview.user(UserSnapshot.of(user),
                    user.isEnabled() && UserAudience.includes(session, realm, target, user), enrolled.get(user.getId())));
            return 0;
        });
    }

    private static long pages(KeycloakSessionFactory factory, String realmId, String targetId, Page page) {
        long queued = 0;
        for (int first = 0; ; first += PAGE) {
            int from = first;
            long[] result = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                ProvisioningTarget target = RealmTargets.byId(realm, targetId).orElseThrow();
                List<UserModel> users = session.users()
                        .searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), from, PAGE).toList();
                return new long[] {users.size(), page.visit(session, realm, target, users)};
            });
            queued += result[1];
            if (result[0] < PAGE) {
                return queued;
            }
        }
    }
}
