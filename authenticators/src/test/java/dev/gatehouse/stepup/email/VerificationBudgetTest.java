package dev.gatehouse.stepup.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

import dev.gatehouse.policy.OtpBudget;
import dev.gatehouse.stepup.email.VerificationBudget.Kind;

class VerificationBudgetTest {

    /** Keys and their lifespans, as the single-use store keeps them (expiry is the store's business). */
    private final Map<String, Long> slots = new HashMap<>();
    private final SingleUseObjectProvider store = mock(SingleUseObjectProvider.class);

    VerificationBudgetTest() {
        when(store.putIfAbsent(anyString(), anyLong()))
                .thenAnswer(i -> slots.putIfAbsent(i.getArgument(0), i.getArgument(1)) == null);
        when(store.contains(anyString())).thenAnswer(i -> slots.containsKey(i.<String>getArgument(0)));
        when(store.remove(anyString()))
                .thenAnswer(i -> slots.remove(i.<String>getArgument(0)) == null ? null : Map.of());
    }

    private VerificationBudget budgetOf(String userId, int wrongCodes, int mails) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm");
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn(userId);
        return new VerificationBudget(store, realm, user, new OtpBudget(wrongCodes, mails, Duration.ofHours(24)));
    }

    @Test
    void theBudgetAllowsExactlyItsCountAndEachSlotLivesOneWindow() {
        VerificationBudget budget = budgetOf("u", 3, 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.take(Kind.WRONG_CODES).isPresent());
        }
        assertTrue(budget.spent(Kind.WRONG_CODES));
        assertEquals(Optional.empty(), budget.take(Kind.WRONG_CODES), "the 4th is refused");
        assertTrue(slots.values().stream().allMatch(lifespan -> lifespan == 86_400L), "a slot expires a window after it was taken");
    }

    @Test
    void aSlotGivenBackCanBeTakenAgain() {
        VerificationBudget budget = budgetOf("u", 1, 1);
        VerificationBudget.Use use = budget.take(Kind.WRONG_CODES).orElseThrow();
        budget.giveBack(use);
        assertFalse(budget.spent(Kind.WRONG_CODES));
        assertTrue(budget.take(Kind.WRONG_CODES).isPresent());
    }

    @Test
    void kindsAndUsersHaveTheirOwnBudgets() {
        VerificationBudget ada = budgetOf("ada", 1, 1);
        assertTrue(ada.take(Kind.WRONG_CODES).isPresent());
        assertTrue(ada.take(Kind.MAILS).isPresent(), "wrong codes do not spend mails");
        assertTrue(budgetOf("bob", 1, 1).take(Kind.WRONG_CODES).isPresent(), "nor one user's budget another's");
        assertTrue(ada.spent(Kind.MAILS));
    }

    @Test
    void aLargerBudgetOpensNewSlotsAtOnce() {
        assertTrue(budgetOf("u", 1, 1).take(Kind.MAILS).isPresent());
        assertTrue(budgetOf("u", 1, 1).spent(Kind.MAILS));
        assertTrue(budgetOf("u", 2, 2).take(Kind.MAILS).isPresent(), "how an admin lets a locked-out user in early");
    }
}
