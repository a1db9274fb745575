package dev.gatehouse.governance.invitation;

import java.time.Instant;
import java.util.Optional;

/** An invitation as read at one moment (its status already accounts for the deadline). */
public record Invitation(String id, String email, String firstName, String lastName, String sponsorId, String invitedBy,
                         InvitationStatus status, Instant createdAt, Instant deadline, Optional<Instant> accessEnd,
                         Instant sentAt, int sendCount, String userId, Optional<Instant> redeemedAt,
                         Optional<Instant> revokedAt, String revokedBy) {

    static Invitation of(InvitationEntity e, long nowSeconds) {
        InvitationStatus stored = InvitationStatus.valueOf(e.getStatus());
        InvitationStatus status = stored == InvitationStatus.PENDING && nowSeconds > e.getDeadline()
                ? InvitationStatus.EXPIRED : stored;
        return new Invitation(e.getId(), e.getEmail(), e.getFirstName(), e.getLastName(), e.getSponsorId(), e.getInvitedBy(),
                status, Instant.ofEpochMilli(e.getCreatedAt()), Instant.ofEpochSecond(e.getDeadline()),
                Optional.ofNullable(e.getAccessEnd()).map(Instant::ofEpochMilli), Instant.ofEpochMilli(e.getSentAt()),
                e.getSendCount(), e.getUserId(), Optional.ofNullable(e.getRedeemedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(e.getRevokedAt()).map(Instant::ofEpochMilli), e.getRevokedBy());
    }
}
