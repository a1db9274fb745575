package dev.gatehouse.policy;

import java.util.Map;
import java.util.Optional;

/**
 * Gatehouse ended a user session: the {@code LOGOUT} event Gatehouse sends for each session it ends carries these
 * details, written by the module that ends it and read by the listeners that tell relying applications (Shared
 * Signals). {@code by} says who decided: an admin's request through Gatehouse, or a policy limit.
 */
public record SessionEnded(String policy, Initiator by) {

    /** Detail naming who ended the session ({@code admin} or {@code policy}); its presence marks Gatehouse's LOGOUT events. */
    public static final String ENDED_BY = "gatehouse_session_ended_by";
    /** The policy whose sessions were ended (the same detail name the step-up's events use). */
    public static final String POLICY = dev.gatehouse.events.GatehouseDetail.POLICY;

    /** Who made the decision, in the words of CAEP's {@code initiating_entity}. */
    public enum Initiator {
        ADMIN, POLICY;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The details to put on the event. */
    public Map<String, String> details() {
        return Map.of(ENDED_BY, by.id(), POLICY, policy);
    }

    /** The session end an event's details describe, if Gatehouse sent it. */
    public static Optional<SessionEnded> of(Map<String, String> details) {
        if (details == null || details.get(ENDED_BY) == null || details.get(POLICY) == null) {
            return Optional.empty();
        }
        for (Initiator initiator : Initiator.values()) {
            if (initiator.id().equals(details.get(ENDED_BY))) {
                return Optional.of(new SessionEnded(details.get(POLICY), initiator));
            }
        }
        return Optional.empty();
    }
}
