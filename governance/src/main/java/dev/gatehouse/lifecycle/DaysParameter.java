package dev.gatehouse.lifecycle;

import jakarta.ws.rs.BadRequestException;

/**
 * A {@code days=} query parameter, taken as text: JAX-RS answers 404 when a query parameter does not convert to
 * its declared type, and Gatehouse's documented answer to {@code days=abc} is 400 with a reason.
 */
public final class DaysParameter {

    public static final int MAX_DAYS = 36_500;

    private DaysParameter() {
    }

    public static int parse(String value) {
        String reason = "days must be a whole number between 1 and " + MAX_DAYS;
        if (value == null || value.isBlank()) {
            throw new BadRequestException(reason);
        }
        try {
            int days = Integer.parseInt(value.strip());
            if (days < 1 || days > MAX_DAYS) {
                throw new BadRequestException(reason + ", not " + days);
            }
            return days;
        } catch (NumberFormatException e) {
            throw new BadRequestException(reason);
        }
    }
}
