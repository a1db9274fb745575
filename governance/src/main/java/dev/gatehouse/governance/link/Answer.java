package dev.gatehouse.governance.link;

import java.util.List;

import dev.gatehouse.events.GatehouseError;

/** What acting on a sponsor's link came to: the page's message, and for a refusal the event's error. */
public sealed interface Answer {

    String messageKey();

    List<Object> args();

    record Done(String messageKey, List<Object> args) implements Answer {
    }

    /** Refused: the link is not used up, so a sponsor may correct the input and try again. */
    record Refused(GatehouseError error, String messageKey, List<Object> args, String reason) implements Answer {
    }
}
