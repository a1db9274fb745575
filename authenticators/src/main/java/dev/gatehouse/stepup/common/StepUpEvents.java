package dev.gatehouse.stepup.common;

import org.keycloak.events.EventBuilder;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.policy.Verdict;

/**
 * Event detail names and error codes of the step-up, from the one vocabulary in {@code dev.gatehouse.events};
 * the code itself never goes into an event.
 */
public final class StepUpEvents {

    public static final String POLICY = GatehouseDetail.POLICY;
    public static final String RULE = GatehouseDetail.RULE;
    public static final String METHOD = GatehouseDetail.METHOD;
    public static final String ATTEMPTS_LEFT = GatehouseDetail.ATTEMPTS_LEFT;
    public static final String REASON = "reason";
    /** The SSO session had verified under the policy recently enough: no new step. */
    public static final String VERIFIED_EARLIER = GatehouseDetail.VERIFIED_EARLIER;
    /** Report-only policies that would have applied, by name, and the method the first would require. */
    public static final String REPORT_ONLY = GatehouseDetail.REPORT_ONLY;
    public static final String WOULD_REQUIRE = GatehouseDetail.WOULD_REQUIRE;

    /** How an SSO step-up ended: matched, linked, email-fallback, or the refusal. */
    public static final String SSO_OUTCOME = GatehouseDetail.SSO_OUTCOME;

    /** The flow path a sign-in the backstop refused came through (authenticate, post-broker-login, reset-credentials, ...). */
    public static final String PATH = GatehouseDetail.PATH;
    /** Who impersonated the user in a refused impersonation session. */
    public static final String IMPERSONATOR = GatehouseDetail.IMPERSONATOR;

    public static final String NO_STEP_UP = GatehouseDetail.NO_STEP_UP;

    /** The backstop refused a sign-in that nothing on its way in had verified. */
    public static final String VERIFICATION_MISSING = GatehouseError.VERIFICATION_MISSING.code();
    /** An admin's impersonation session reached a client for a user whose policy verifies. */
    public static final String IMPERSONATION_REFUSED = GatehouseError.IMPERSONATION_REFUSED.code();

    public static final String OTP_INVALID = GatehouseError.OTP_INVALID.code();
    public static final String OTP_EXPIRED = GatehouseError.OTP_EXPIRED.code();
    public static final String OTP_ATTEMPTS_EXCEEDED = GatehouseError.OTP_ATTEMPTS_EXCEEDED.code();
    public static final String OTP_RESEND_THROTTLED = GatehouseError.OTP_RESEND_THROTTLED.code();
    public static final String OTP_NO_EMAIL = GatehouseError.OTP_NO_EMAIL.code();
    public static final String OTP_SEND_FAILED = GatehouseError.OTP_SEND_FAILED.code();
    /** The user's budget across sign-ins (wrong codes or mails per window) is spent; {@link #BUDGET} says which. */
    public static final String OTP_BUDGET_SPENT = GatehouseError.OTP_BUDGET_SPENT.code();
    public static final String BUDGET = GatehouseDetail.BUDGET;
    /** Back from the provider without an answer: cancelled there, or the provider reported an error. */
    public static final String SSO_NOT_COMPLETED = GatehouseError.SSO_NOT_COMPLETED.code();
    /** The policy's provider is missing or disabled. */
    public static final String SSO_UNAVAILABLE = GatehouseError.SSO_UNAVAILABLE.code();

    private StepUpEvents() {
    }

    public static void describe(EventBuilder event, Verdict applied) {
        event.detail(POLICY, applied.policy().name())
                .detail(RULE, applied.classification().rule().id())
                .detail(METHOD, applied.policy().method().id());
    }
}
