package dev.gatehouse.policy;

import java.time.Duration;

/**
 * Email one-time passcode parameters of a policy; bounds are checked when the policy is parsed.
 *
 * @param maxAttempts wrong codes per sign-in (resends included)
 * @param budget      wrong codes and mails per user across sign-ins
 */
public record EmailOtpSettings(int codeLength, Duration lifetime, int maxAttempts, Duration resendCooldown,
                               int maxResends, OtpBudget budget) {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;
    public static final EmailOtpSettings DEFAULTS =
            new EmailOtpSettings(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3);

    /** With the default budget. */
    public EmailOtpSettings(int codeLength, Duration lifetime, int maxAttempts, Duration resendCooldown, int maxResends) {
        this(codeLength, lifetime, maxAttempts, resendCooldown, maxResends, OtpBudget.DEFAULTS);
    }
}
