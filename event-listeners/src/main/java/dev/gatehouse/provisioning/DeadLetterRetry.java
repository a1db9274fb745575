package dev.gatehouse.provisioning;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.provisioning.outbox.DeadLetters;
import dev.gatehouse.provisioning.outbox.Enrolments;
import dev.gatehouse.provisioning.outbox.OutboxEntryEntity;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.change.UserSnapshot;

/**
 * An admin's retry of dead letters. A user change is not re-sent as the snapshot it was: the user may have been
 * disabled, deleted, moved out of the target's audience or out of a group since, and the old snapshot would
 * undo that at the target (re-activate a deprovisioned user, put them back in a group they left). The row is
 * re-made from the user's current state, as a full sync would make it; it is dropped when the user is gone,
 * no longer enrolled at the target, or a newer row of theirs waits (it brings a later state). A deletion and a
 * security message are records of what happened, and go as they were.
 */
public final class DeadLetterRetry {

    private static final int PAGE = 200;

    /** How many rows went back in the queue and how many were dropped as out of date. */
    public record Result(int requeued, int dropped) {
    }

    private DeadLetterRetry() {
    }

    /** One dead letter ({@code entryId}), or all of the target's when null. */
    public static Result retry(KeycloakSession session, RealmModel realm, ProvisioningTarget target, Long entryId) {
        DeadLetters deadLetters = new DeadLetters(session);
        int requeued = 0;
        int dropped = 0;
        long below = Long.MAX_VALUE;
        while (true) {
            // Newest first: an older row of a user is judged after the newer one is back in the queue.
            List<OutboxEntryEntity> page = deadLetters.newestFirst(realm.getId(), target.id(), entryId, below, PAGE);
            for (OutboxEntryEntity row : page) {
                below = row.getId();
                if (requeue(session, realm, target, deadLetters, row)) {
                    requeued++;
                } else {
                    deadLetters.discard(row);
                    dropped++;
                }
            }
            if (page.size() < PAGE) {
                return new Result(requeued, dropped);
            }
        }
    }

    /** False when the row is out of date and is dropped. */
    private static boolean requeue(KeycloakSession session, RealmModel realm, ProvisioningTarget target, DeadLetters deadLetters,
                                   OutboxEntryEntity row) {
        ChangeType type = ChangeType.of(row.getType());
        if (type == null || type == ChangeType.DELETED) {
            deadLetters.requeue(row, row.getType(), row.getPayload());
            return true;
        }
        if (deadLetters.newerPending(row)) {
            return false;
        }
        UserModel user = session.users().getUserById(realm, row.getSubject());
        if (user == null) {
            return false;
        }
        ChangeType now = ChangeRecorder.currentState(session, realm, target, user,
                new Enrolments(session).enrolment(target.id(), user.getId()).isPresent());
        if (now == null || now == ChangeType.PROVISIONED) {
            // Not enrolled (any more): the target was told to forget the user; the next sign-in enrols them again.
            return false;
        }
        // A first delivery that never arrived stays "provisioned" for webhook receivers.
        ChangeType sent = now == ChangeType.UPDATED && type == ChangeType.PROVISIONED ? ChangeType.PROVISIONED : now;
        deadLetters.requeue(row, sent.wireName(), ChangeRecorder.json(UserSnapshot.of(user)));
        return true;
    }
}
