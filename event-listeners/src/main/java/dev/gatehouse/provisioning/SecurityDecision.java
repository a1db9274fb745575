package dev.gatehouse.provisioning;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.events.SecurityDecisionKind;
import dev.gatehouse.policy.TokenAccessDenial;

/**
 * A Keycloak event seen as a Gatehouse security decision, for webhooks subscribed to them (a SIEM): its name (a
 * {@link SecurityDecisionKind}, or the event's own type for another event with Gatehouse details) and what the
 * message says about it. Errors are looked up by their exact code in the one vocabulary ({@link GatehouseError}),
 * never guessed from their spelling. Nothing secret: events never hold a code or token, and a token refusal adds
 * only its grant, policy and the reason the client was given.
 */
record SecurityDecision(String name, Map<String, Object> details) {

    /** Details whose presence makes an event worth reporting although it decided nothing by itself. */
    private static final Set<String> FINDINGS = Set.of(GatehouseDetail.REPORT_ONLY, GatehouseDetail.WOULD_REQUIRE,
            GatehouseDetail.POLICY, GatehouseDetail.REFUSED_GROUPS);

    /**
     * The decision behind {@code event}, if Gatehouse made one: the token guard's refusal noted for this request;
     * an error of Gatehouse's vocabulary is reported as its kind; a sign-in on which a policy applied passed its
     * step-up (once: the link an SSO step-up makes on the way is reported as a link, not as a second pass); another
     * event with Gatehouse details (say a report-only finding) is named by its Keycloak type.
     */
    static Optional<SecurityDecision> of(Event event, Optional<TokenAccessDenial> denial) {
        if (event.getError() != null && denial.isPresent()) {
            Map<String, Object> details = describe(event);
            details.put("grant", denial.get().grant());
            details.put("policy", denial.get().policy());
            details.put("reason", denial.get().reason());
            return Optional.of(new SecurityDecision(SecurityDecisionKind.TOKEN_ACCESS_DENIED.id(), details));
        }
        String name = name(event);
        return name == null ? Optional.empty() : Optional.of(new SecurityDecision(name, describe(event)));
    }

    private static String name(Event event) {
        Optional<GatehouseError> error = GatehouseError.of(event.getError());
        if (error.isPresent()) {
            return error.get().kind().id();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getError() == null && details.containsKey(GatehouseDetail.POLICY)) {
            return event.getType() == EventType.FEDERATED_IDENTITY_LINK
                    ? SecurityDecisionKind.IDENTITY_LINKED.id() : SecurityDecisionKind.STEP_UP_PASSED.id();
        }
        // "gatehouse_step_up=none" alone only says no policy applied: nothing was decided.
        boolean finding = details.keySet().stream().anyMatch(FINDINGS::contains);
        return finding ? event.getType().name().toLowerCase(Locale.ROOT) : null;
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
