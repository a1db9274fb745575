package dev.gatehouse.policy;

import java.time.Duration;

/** Email one-time passcode parameters of a policy; bounds are checked when the policy is parsed. */
public record EmailOtpSettings(int codeLength, Duration lifetime, int maxAttempts, Duration resendCooldown,
                               int maxResends) {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;
    public static final EmailOtpSettings DEFAULTS =
            new EmailOtpSettings(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3);
}
