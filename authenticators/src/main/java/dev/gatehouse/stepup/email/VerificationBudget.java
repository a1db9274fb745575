package dev.gatehouse.stepup.email;

import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

import dev.gatehouse.policy.OtpBudget;

/**
 * A user's budget of wrong codes and code mails across all sign-ins, as numbered slots in Keycloak's single-use
 * store. Taking a slot is one atomic {@code putIfAbsent}, on every cluster node alike; a slot expires on its own
 * exactly one window after it was taken. So the slots alive at any moment are the uses of the last window — a
 * rolling window with no clean-up — and when all are taken the budget is spent. Users and admins cannot edit the
 * store; a restart of the whole cluster empties it (one fresh budget, which an attacker cannot cause).
 */
final class VerificationBudget {

    /** What the budget counts; the id names it in events. */
    enum Kind {
        WRONG_CODES("wrong-codes"),
        MAILS("mails");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    /** A slot taken; given back when the use did not count after all (a right code, a mail that failed). */
    record Use(String key) {
    }

    private final SingleUseObjectProvider store;
    private final OtpBudget budget;
    private final String prefix;

    VerificationBudget(SingleUseObjectProvider store, RealmModel realm, UserModel user, OtpBudget budget) {
        this.store = store;
        this.budget = budget;
        // Per user, not per policy: moving a user between policies gives no fresh budget.
        this.prefix = "gatehouse.budget." + realm.getId() + "." + user.getId() + ".";
    }

    /** Takes a slot of the kind, or empty when the budget of the window is spent. */
    Optional<Use> take(Kind kind) {
        for (int n = 1; n <= limit(kind); n++) {
            String key = key(kind, n);
            if (store.putIfAbsent(key, budget.window().toSeconds())) {
                return Optional.of(new Use(key));
            }
        }
        return Optional.empty();
    }

    /** Whether the window has no slot of the kind left (reads only). */
    boolean spent(Kind kind) {
        for (int n = 1; n <= limit(kind); n++) {
            if (!store.contains(key(kind, n))) {
                return false;
            }
        }
        return true;
    }

    void giveBack(Use use) {
        store.remove(use.key());
    }

    private int limit(Kind kind) {
        return kind == Kind.WRONG_CODES ? budget.wrongCodes() : budget.mails();
    }

    private String key(Kind kind, int n) {
        return prefix + kind.id() + "." + n;
    }
}
