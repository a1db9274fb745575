package dev.gatehouse.stepup;

import org.keycloak.events.EventBuilder;

import dev.gatehouse.policy.PolicyEventDetails;
import dev.gatehouse.policy.Verdict;

/** Event detail names and error codes of the step-up; the code itself never goes into an event. */
public final class StepUpEvents {

    public static final String POLICY = PolicyEventDetails.POLICY;
    public static final String RULE = "gatehouse_rule";
    public static final String METHOD = PolicyEventDetails.METHOD;
    public static final String ATTEMPTS_LEFT = "gatehouse_attempts_left";
    public static final String REASON = "reason";
    /** The SSO session had verified under the policy recently enough: no new step. */
    public static final String VERIFIED_EARLIER = "gatehouse_verified_earlier";
    /** Report-only policies that would have applied, by name, and the method the first would require. */
    public static final String REPORT_ONLY = "gatehouse_report_only";
    public static final String WOULD_REQUIRE = "gatehouse_would_require";

    /** How an SSO step-up ended: matched, linked, email-fallback, or the refusal. */
    public static final String SSO_OUTCOME = "gatehouse_sso_outcome";

    public static final String NO_STEP_UP = "none";

    public static final String OTP_INVALID = "gatehouse_otp_invalid";
    public static final String OTP_EXPIRED = "gatehouse_otp_expired";
    public static final String OTP_ATTEMPTS_EXCEEDED = "gatehouse_otp_attempts_exceeded";
    public static final String OTP_RESEND_THROTTLED = "gatehouse_otp_resend_throttled";
    public static final String OTP_NO_EMAIL = "gatehouse_otp_no_email";
    public static final String OTP_SEND_FAILED = "gatehouse_otp_send_failed";
    /** The user's budget across sign-ins (wrong codes or mails per window) is spent; {@link #BUDGET} says which. */
    public static final String OTP_BUDGET_SPENT = "gatehouse_otp_budget_spent";
    public static final String BUDGET = "gatehouse_budget";
    /** Back from the provider without an answer: cancelled there, or the provider reported an error. */
    public static final String SSO_NOT_COMPLETED = "gatehouse_sso_not_completed";
    /** The policy's provider is missing or disabled. */
    public static final String SSO_UNAVAILABLE = "gatehouse_sso_unavailable";

    private StepUpEvents() {
    }

    static void describe(EventBuilder event, Verdict applied) {
        event.detail(POLICY, applied.policy().name())
                .detail(RULE, applied.classification().rule().id())
                .detail(METHOD, applied.policy().method().id());
    }
}
