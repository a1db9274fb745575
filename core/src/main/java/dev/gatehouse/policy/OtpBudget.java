package dev.gatehouse.policy;

import java.time.Duration;

/**
 * How much one user may spend on email codes across all sign-ins in a rolling window: wrong codes entered and
 * code mails sent. It holds whatever the realm's brute-force detection is set to.
 *
 * @param wrongCodes wrong codes a user may enter in the window; one more is refused without being compared
 * @param mails      code mails a user may be sent in the window; one more is not sent
 * @param window     the rolling window: each wrong code or mail counts for this long after it happened
 */
public record OtpBudget(int wrongCodes, int mails, Duration window) {

    public static final int MAX_COUNT = 100;
    public static final int MIN_WINDOW_MINUTES = 1;
    public static final int MAX_WINDOW_MINUTES = 7 * 24 * 60;
    /** 10 wrong codes a day: 3,650 guesses a year, under 0.4 % to hit a 6-digit code; 20 mails a day. */
    public static final OtpBudget DEFAULTS = new OtpBudget(10, 20, Duration.ofHours(24));
}
