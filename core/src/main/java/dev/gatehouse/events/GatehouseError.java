package dev.gatehouse.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error code Gatehouse puts on a Keycloak event, each with the kind of decision it reports. The one
 * vocabulary: the modules that raise an error take its code from here, and the listeners that read events look a
 * code up here instead of guessing from its spelling.
 */
public enum GatehouseError {
    OTP_INVALID("gatehouse_otp_invalid", SecurityDecisionKind.STEP_UP_FAILED),
    OTP_EXPIRED("gatehouse_otp_expired", SecurityDecisionKind.STEP_UP_FAILED),
    OTP_ATTEMPTS_EXCEEDED("gatehouse_otp_attempts_exceeded", SecurityDecisionKind.STEP_UP_FAILED),
    OTP_RESEND_THROTTLED("gatehouse_otp_resend_throttled", SecurityDecisionKind.STEP_UP_FAILED),
    OTP_NO_EMAIL("gatehouse_otp_no_email", SecurityDecisionKind.STEP_UP_FAILED),
    OTP_SEND_FAILED("gatehouse_otp_send_failed", SecurityDecisionKind.STEP_UP_FAILED),
    OTP_BUDGET_SPENT("gatehouse_otp_budget_spent", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_NOT_COMPLETED("gatehouse_sso_not_completed", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_UNAVAILABLE("gatehouse_sso_unavailable", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_OTHER_USER("gatehouse_sso_other_user", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_NOT_LINKED("gatehouse_sso_not_linked", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_EMAIL_NOT_VERIFIED("gatehouse_sso_email_not_verified", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_EMAIL_MISMATCH("gatehouse_sso_email_mismatch", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_WEAK_CONTEXT("gatehouse_sso_weak_context", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_STALE_SIGN_IN("gatehouse_sso_stale_sign_in", SecurityDecisionKind.STEP_UP_FAILED),
    SSO_WRONG_PROVIDER("gatehouse_sso_wrong_provider", SecurityDecisionKind.STEP_UP_FAILED),
    VERIFICATION_MISSING("gatehouse_verification_missing", SecurityDecisionKind.SIGN_IN_REFUSED),
    IMPERSONATION_REFUSED("gatehouse_impersonation_refused", SecurityDecisionKind.SIGN_IN_REFUSED),
    IDP_USERNAME_INVALID("gatehouse_idp_username_invalid", SecurityDecisionKind.IDP_LOGIN_REFUSED),
    IDP_TOO_MANY_GROUPS("gatehouse_idp_too_many_groups", SecurityDecisionKind.IDP_LOGIN_REFUSED),
    IDP_GROUP_SYNC_MISCONFIGURED("gatehouse_idp_group_sync_misconfigured", SecurityDecisionKind.IDP_LOGIN_REFUSED),
    IDP_GROUP_NOT_ALLOWED("gatehouse_idp_group_not_allowed", SecurityDecisionKind.IDP_GROUP_REFUSED),
    // governance: sponsors and invitations
    SPONSOR_DEPARTED("gatehouse_sponsor_departed", SecurityDecisionKind.SPONSOR_DEPARTED),
    INVITATION_INVALID("gatehouse_invitation_invalid", SecurityDecisionKind.INVITATION_REFUSED),
    INVITATION_EXPIRED("gatehouse_invitation_expired", SecurityDecisionKind.INVITATION_REFUSED),
    INVITATION_REVOKED("gatehouse_invitation_revoked", SecurityDecisionKind.INVITATION_REFUSED),
    INVITATION_ALREADY_REDEEMED("gatehouse_invitation_already_redeemed", SecurityDecisionKind.INVITATION_REFUSED),
    INVITATION_SUPERSEDED("gatehouse_invitation_superseded", SecurityDecisionKind.INVITATION_REFUSED),
    INVITATION_NOT_REDEEMABLE("gatehouse_invitation_not_redeemable", SecurityDecisionKind.INVITATION_REFUSED),
    // governance: time-bound access and attestation (sponsor links)
    /** A sponsor link (extend, confirm, revoke) that is not one this realm signed: forged, altered, another realm's. */
    GOVERNANCE_LINK_INVALID("gatehouse_governance_link_invalid", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED),
    GOVERNANCE_LINK_EXPIRED("gatehouse_governance_link_expired", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED),
    /** The link was used already (single use). */
    GOVERNANCE_LINK_USED("gatehouse_governance_link_used", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED),
    /** The link's sponsor is not (or no longer) a sponsor of the link's user. */
    GOVERNANCE_NOT_SPONSOR("gatehouse_governance_not_sponsor", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED),
    /** The link's sponsor is external themselves, or disabled: not someone who may vouch for others. */
    GOVERNANCE_SPONSOR_NOT_ELIGIBLE("gatehouse_governance_sponsor_not_eligible", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED),
    /** An extension past the governing policy's maximum. */
    GOVERNANCE_BEYOND_MAXIMUM("gatehouse_governance_beyond_maximum", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED),
    /** The question the link answers is no longer open (answered by another sponsor, the user gone or no longer governed). */
    GOVERNANCE_NOT_PENDING("gatehouse_governance_not_pending", SecurityDecisionKind.GOVERNANCE_LINK_REFUSED);

    private static final Map<String, GatehouseError> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(GatehouseError::code, Function.identity()));

    private final String code;
    private final SecurityDecisionKind kind;

    GatehouseError(String code, SecurityDecisionKind kind) {
        this.code = code;
        this.kind = kind;
    }

    /** What {@code EventBuilder.error} is given. */
    public String code() {
        return code;
    }

    public SecurityDecisionKind kind() {
        return kind;
    }

    /** The error an event carries, if it is one of Gatehouse's (by its exact code). */
    public static Optional<GatehouseError> of(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(BY_CODE.get(code));
    }
}
