package dev.gatehouse.governance.invitation;

import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.models.Constants;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The link in an invitation mail: a Keycloak action token signed by the realm's key, bound to the invitation, the
 * invitee's email and the user id the invitee has or will get. Its {@code jti} is the invitation's current link id
 * (a resend makes a new one); its {@code exp} is the deadline plus {@link #EXPLAINED_AFTER_DEADLINE_SECONDS}, so a
 * late click still reaches Gatehouse, which refuses it with a page that says the invitation expired — redemption
 * itself ends at the deadline stored with the invitation.
 */
public final class InvitationToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "gatehouse-invitation";
    /** 30 days: past this, Keycloak's own "action expired" page answers. */
    public static final int EXPLAINED_AFTER_DEADLINE_SECONDS = 30 * 86_400;

    @JsonProperty("ghinv")
    private String invitationId;

    InvitationToken(String userId, long deadline, String email, String invitationId, String linkId) {
        super(userId, TOKEN_TYPE, (int) Math.min(Integer.MAX_VALUE, deadline + EXPLAINED_AFTER_DEADLINE_SECONDS), null);
        setEmail(email);
        this.invitationId = invitationId;
        this.issuedFor = Constants.ACCOUNT_MANAGEMENT_CLIENT_ID;
        id(linkId);
    }

    /** For Jackson. */
    private InvitationToken() {
    }

    public String getInvitationId() {
        return invitationId;
    }
}
