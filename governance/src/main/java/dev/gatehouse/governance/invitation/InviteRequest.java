package dev.gatehouse.governance.invitation;

import java.time.Instant;
import java.util.Optional;

import org.keycloak.models.UserModel;

/**
 * What an inviter asks for: the address (and optional names the invitee may change), the sponsor, how many days
 * the link stays redeemable (empty: the server's default), and an optional end of the invitee's access.
 */
public record InviteRequest(String email, String firstName, String lastName, UserModel sponsor,
                            Optional<Integer> days, Optional<Instant> accessEnd) {
}
