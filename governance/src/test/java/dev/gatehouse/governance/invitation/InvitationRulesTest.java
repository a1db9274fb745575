package dev.gatehouse.governance.invitation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class InvitationRulesTest {

    @Test
    void aPendingInvitationPastItsDeadlineReadsAsExpired() {
        InvitationEntity e = entity("PENDING", 1_000);
        assertEquals(InvitationStatus.PENDING, Invitation.of(e, 1_000).status());
        assertEquals(InvitationStatus.EXPIRED, Invitation.of(e, 1_001).status());
        assertEquals(InvitationStatus.REVOKED, Invitation.of(entity("REVOKED", 1_000), 5_000).status());
        assertEquals(InvitationStatus.REDEEMED, Invitation.of(entity("REDEEMED", 1_000), 5_000).status());
    }

    @Test
    void addressesAreLowerCasedAndMustBePlainAddresses() {
        assertEquals("gil@partner.example", Invitations.normalised("  Gil@Partner.Example "));
        for (String bad : new String[] {"gil", "@partner.example", "a@b@partner.example", "gil @partner.example",
                "gil@partner.example, eve@partner.example", "<gil@partner.example>", ""}) {
            assertEquals(InvitationRefusal.INVALID_EMAIL,
                    assertThrows(InvitationRefusedException.class, () -> Invitations.normalised(bad)).refusal(), bad);
        }
    }

    @Test
    void accessEndIsADateMeaningItsLastSecondOrAnInstant() {
        assertEquals(Optional.of(Instant.parse("2030-06-30T23:59:59Z")), InvitationInput.accessEnd(Map.of("accessEnd", "2030-06-30")));
        assertEquals(Optional.of(Instant.parse("2030-06-30T12:00:00Z")), InvitationInput.accessEnd(Map.of("accessEnd", "2030-06-30T12:00:00Z")));
        assertEquals(Optional.empty(), InvitationInput.accessEnd(Map.of()));
        assertEquals(InvitationRefusal.BAD_ACCESS_END, assertThrows(InvitationRefusedException.class,
                () -> InvitationInput.accessEnd(Map.of("accessEnd", "next year"))).refusal());
    }

    @Test
    void daysMustBeAWholeNumberOrLeftOut() {
        assertEquals(Optional.of(5), InvitationInput.days(Map.of("days", 5)));
        Map<String, Object> nullDays = new HashMap<>();
        nullDays.put("days", null);
        assertEquals(Optional.empty(), InvitationInput.days(nullDays));
        assertEquals(InvitationRefusal.BAD_DAYS, assertThrows(InvitationRefusedException.class,
                () -> InvitationInput.days(Map.of("days", "abc"))).refusal());
        assertEquals(InvitationRefusal.BAD_DAYS, assertThrows(InvitationRefusedException.class,
                () -> InvitationInput.days(Map.of("days", 1.5))).refusal());
    }

    private static InvitationEntity entity(String status, long deadline) {
        InvitationEntity e = new InvitationEntity();
        e.setId("i");
        e.setEmail("gil@partner.example");
        e.setSponsorId("s");
        e.setStatus(status);
        e.setDeadline(deadline);
        e.setUserId("u");
        e.setTokenId("t");
        return e;
    }
}
