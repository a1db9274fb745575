package dev.gatehouse.provisioning.sync;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.outbox.Enrolments;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.scim.ScimPreview;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.UserAudience;

/**
 * A dry run of a full sync: the realm's users read as the job reads them (keyset batches, attributes and groups
 * per batch, each batch in a transaction of its own so memory stays bounded), each fed to the preview with
 * whether a sync would keep them at the target and what the target was last told about them.
 */
public final class SyncPreview {

    static final int BATCH = 1000;

    private SyncPreview() {
    }

    public static void run(KeycloakSessionFactory factory, String realmId, String targetId, ScimPreview preview) {
        String cursor = null;
        while (true) {
            String after = cursor;
            UserBatches.Batch batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                return batch(session, realm, RealmTargets.byId(realm, targetId).orElseThrow(), after, preview);
            });
            if (batch.read() < BATCH) {
                return;
            }
            cursor = batch.last();
        }
    }

    /**
     * One batch in the caller's transaction: up to {@value #BATCH} users after {@code after} (null: from the
     * start) fed to the preview; fewer read means the realm had no more.
     */
    static UserBatches.Batch batch(KeycloakSession session, RealmModel realm, ProvisioningTarget target, String after,
                                   ScimPreview preview) {
        session.getContext().setRealm(realm);
        UserBatches.Batch read = new UserBatches(session, realm).next(after, BATCH);
        Map<String, TargetState> enrolled = new Enrolments(session).enrolled(target.id(),
                read.users().stream().map(UserModel::getId).toList());
        read.users().forEach(user -> preview.user(UserSnapshot.of(user),
                user.isEnabled() && UserAudience.includes(session, realm, target, user), enrolled.get(user.getId())));
        return read;
    }
}
