package dev.gatehouse.provisioning.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.provisioning.ChangeRecorder;
import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.outbox.Enrolments;
import dev.gatehouse.provisioning.outbox.OutboxBatch;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * One batch of a full sync, in the caller's transaction: the change each user needs is decided as for a single
 * user ({@link ChangeRecorder#currentState}: the target's audience, enabled, enrolled or not), the payload is the
 * same {@link UserSnapshot} JSON, and the batch's enrolments and rows are written in a few multi-row INSERTs.
 */
final class SyncBatch {

    private SyncBatch() {
    }

    /** Returns how many rows were queued. */
    static int queue(KeycloakSession session, RealmModel realm, ProvisioningTarget target, List<UserModel> users) {
        Map<String, TargetState> enrolled = new Enrolments(session).enrolled(target.id(), users.stream().map(UserModel::getId).toList());
        List<String> enrol = new ArrayList<>();
        List<OutboxBatch.Row> rows = new ArrayList<>(users.size());
        for (UserModel user : users) {
            ChangeType change = ChangeRecorder.currentState(session, realm, target, user, enrolled.containsKey(user.getId()));
            if (change == null) {
                continue;
            }
            if (change == ChangeType.PROVISIONED) {
                enrol.add(user.getId());
            }
            rows.add(new OutboxBatch.Row(user.getId(), change.wireName(), ChangeRecorder.json(UserSnapshot.of(user))));
        }
        OutboxBatch batch = new OutboxBatch(session);
        batch.enrol(realm.getId(), target.id(), enrol);
        // A disabled target's rows wait for its enabling at once: the worker would only claim them to defer them.
        batch.enqueue(realm.getId(), target.id(), rows, !target.enabled());
        return rows.size();
    }
}
