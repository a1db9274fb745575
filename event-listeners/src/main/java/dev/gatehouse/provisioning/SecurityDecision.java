package dev.gatehouse.provisioning;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.keycloak.events.Event;

import dev.gatehouse.policy.SessionEnded;
import dev.gatehouse.policy.TokenAccessDenial;

/**
 * A Keycloak event seen as a Gatehouse security decision, for webhooks subscribed to them (a SIEM): its name
 * ({@code step_up_passed}, {@code step_up_failed}, {@code token_access_denied}, or the event's own type for other
 * events with Gatehouse details) and what the message says about it. Nothing secret: events never hold a code or
 * token, and a token refusal adds only its grant, policy and the reason the client was given.
 */
record SecurityDecision(String name, Map<String, Object> details) {

    /** Detail and error names of Gatehouse's own decisions start with this. */
    private static final String GATEHOUSE = "gatehouse_";
    /** The step-up's detail naming the policy that applied (set only when one did). */
    private static final String APPLIED_POLICY = "gatehouse_policy";
    private static final String STEP_UP = "gatehouse_step_up";

    /**
     * The decision behind {@code event}, if Gatehouse made one: the token guard's refusal noted for this request;
     * a refusal with a Gatehouse error is a failed step-up; a sign-in on which a policy applied passed its step-up;
     * another event with Gatehouse details (say a report-only finding) is named by its Keycloak type.
     */
    static Optional<SecurityDecision> of(Event event, Optional<TokenAccessDenial> denial) {
        if (event.getError() != null && denial.isPresent()) {
            Map<String, Object> details = describe(event);
            details.put("grant", denial.get().grant());
            details.put("policy", denial.get().policy());
            details.put("reason", denial.get().reason());
            return Optional.of(new SecurityDecision("token_access_denied", details));
        }
        String name = name(event);
        return name == null ? Optional.empty() : Optional.of(new SecurityDecision(name, describe(event)));
    }

    private static String name(Event event) {
        if (event.getError() != null && event.getError().startsWith(GATEHOUSE)) {
            return "step_up_failed";
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getError() == null && SessionEnded.of(details).isPresent()) {
            return "session_ended"; // a session Gatehouse ended names its policy too, but passed no step-up
        }
        if (event.getError() == null && details.containsKey(APPLIED_POLICY)) {
            return "step_up_passed";
        }
        // "gatehouse_step_up=none" only says no policy applied: nothing was decided.
        boolean gatehouseDetail = details.entrySet().stream().anyMatch(d -> d.getKey().startsWith(GATEHOUSE)
                && !(STEP_UP.equals(d.getKey()) && "none".equals(d.getValue())));
        return gatehouseDetail ? event.getType().name().toLowerCase(Locale.ROOT) : null;
    }

    private static Map<String, Object> describe(Event event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", event.getType().name());
        details.put("time", event.getTime());
        details.put("userId", event.getUserId());
        details.put("clientId", event.getClientId());
        details.put("ipAddress", event.getIpAddress());
        if (event.getError() != null) {
            details.put("error", event.getError());
        }
        if (event.getDetails() != null) {
            details.put("details", new LinkedHashMap<>(event.getDetails()));
        }
        return details;
    }
}
