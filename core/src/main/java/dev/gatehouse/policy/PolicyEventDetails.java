package dev.gatehouse.policy;

/**
 * Detail names Gatehouse puts on Keycloak events, shared by the step-up's login events and the token guard's
 * refusals, so that one search ({@code gatehouse_policy=Partners}) finds every decision a policy made.
 */
public final class PolicyEventDetails {

    /** The name of the policy that applied. */
    public static final String POLICY = "gatehouse_policy";
    /** The policy's verification method ({@code email-otp}, {@code sso}, {@code none}). */
    public static final String METHOD = "gatehouse_step_up";
    /** On a token refusal: what was refused ({@code refresh}, {@code password}, {@code offline}, …). */
    public static final String GRANT = "gatehouse_grant";

    private PolicyEventDetails() {
    }
}
