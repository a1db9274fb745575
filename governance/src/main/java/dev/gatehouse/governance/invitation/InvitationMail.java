package dev.gatehouse.governance.invitation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.storage.adapter.AbstractInMemoryUserAdapter;

/**
 * The invitation mail (templates {@code gatehouse-invitation.ftl}, html and text, in the theme): who invites, the
 * link, and the deadline. Sent to the address, not to a user: the invitee may not have an account yet.
 */
final class InvitationMail {

    static final String TEMPLATE = "gatehouse-invitation.ftl";
    private static final Logger LOG = Logger.getLogger(InvitationMail.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    InvitationMail(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    void send(InvitationEntity invitation, UserModel sponsor) {
        UserModel existing = session.users().getUserById(realm, invitation.getUserId());
        UserModel recipient = existing;
        if (recipient == null) {
            // Not stored: the address the mail goes to, and the names the templates greet.
            recipient = new AbstractInMemoryUserAdapter(session, realm, invitation.getUserId()) {
                @Override
                public org.keycloak.models.SubjectCredentialManager credentialManager() {
                    throw new UnsupportedOperationException("an invitee has no credentials before redeeming");
                }
            };
            recipient.setEmail(invitation.getEmail());
            recipient.setFirstName(invitation.getFirstName());
            recipient.setLastName(invitation.getLastName());
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("link", link(invitation));
        attributes.put("inviterName", displayName(sponsor));
        attributes.put("deadline", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .format(Instant.ofEpochSecond(invitation.getDeadline()).atOffset(ZoneOffset.UTC)));
        attributes.put("days", Math.max(1, (invitation.getDeadline() - Time.currentTime() + 86_399) / 86_400));
        attributes.put("existingAccount", existing != null);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(recipient)
                    .send("gatehouseInvitationEmailSubject", List.of(displayName(sponsor)), TEMPLATE, attributes);
        } catch (EmailException e) {
            LOG.warnf("Gatehouse could not send invitation %s in realm %s: %s", invitation.getId(), realm.getName(), e.getMessage());
            throw new InvitationRefusedException(InvitationRefusal.MAIL_FAILED);
        }
    }

    private String link(InvitationEntity invitation) {
        UriInfo uri = session.getContext().getUri();
        InvitationToken token = new InvitationToken(invitation.getUserId(), invitation.getDeadline(), invitation.getEmail(),
                invitation.getId(), invitation.getTokenId());
        return LoginActionsService.actionTokenProcessor(uri)
                .queryParam("key", token.serialize(session, realm, uri))
                .build(realm.getName()).toString();
    }

    static String displayName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName().strip();
        String last = user.getLastName() == null ? "" : user.getLastName().strip();
        String name = (first + " " + last).strip();
        return name.isEmpty() ? user.getUsername() : name;
    }
}
