package dev.gatehouse.governance.link;

import dev.gatehouse.events.GatehouseError;

/** What a presented link turned out to be. */
public sealed interface LinkCheck {

    /** Signed by this realm, unexpired, unused: the token may be acted on (after the caller's own checks). */
    record Valid(GovernanceLinkToken token) implements LinkCheck {
    }

    /**
     * Refused. {@code token} is null when the link could not be trusted at all (then its claims say nothing).
     *
     * @param messageKey the page's message
     */
    record Refused(GatehouseError error, String messageKey, String reason, GovernanceLinkToken token) implements LinkCheck {
    }
}
