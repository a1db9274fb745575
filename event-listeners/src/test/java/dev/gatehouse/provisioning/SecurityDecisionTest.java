package dev.gatehouse.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.policy.TokenAccessDenial;

class SecurityDecisionTest {

    private static Event event(EventType type, String error, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setUserId("u1");
        event.setError(error);
        event.setDetails(details);
        return event;
    }

    private static String name(Event event, Optional<TokenAccessDenial> denial) {
        return SecurityDecision.of(event, denial).map(SecurityDecision::name).orElse(null);
    }

    @Test
    void aTokenRefusalNotedByTheGuardIsATokenAccessDenialWithItsGrantPolicyAndReason() {
        Event refused = event(EventType.REFRESH_TOKEN_ERROR, "invalid_grant", Map.of("reason", "client_policy_error"));
        SecurityDecision decision = SecurityDecision.of(refused,
                Optional.of(new TokenAccessDenial("u1", "refresh", "Partners", "Verification expired: sign in again"))).orElseThrow();
        assertEquals("token_access_denied", decision.name());
        assertEquals("refresh", decision.details().get("grant"));
        assertEquals("Partners", decision.details().get("policy"));
        assertEquals("Verification expired: sign in again", decision.details().get("reason"));
        assertEquals("invalid_grant", decision.details().get("error"));
        assertEquals("u1", decision.details().get("userId"));
    }

    @Test
    void anOAuthErrorWithoutTheGuardsNoteIsNoDecision() {
        assertEquals(null, name(event(EventType.REFRESH_TOKEN_ERROR, "invalid_grant", Map.of()), Optional.empty()));
    }

    @Test
    void stepUpsPassAndFail() {
        assertEquals("step_up_failed", name(event(EventType.LOGIN_ERROR, "gatehouse_otp_invalid",
                Map.of("gatehouse_policy", "Partners")), Optional.empty()));
        assertEquals("step_up_passed", name(event(EventType.LOGIN, null,
                Map.of("gatehouse_policy", "Partners", "gatehouse_step_up", "email-otp")), Optional.empty()));
    }

    @Test
    void groupSyncRefusalsAreIdentityProviderDecisionsNotFailedStepUps() {
        Event tooMany = event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR, "gatehouse_idp_too_many_groups", Map.of("identity_provider", "saml"));
        tooMany.setUserId(null);
        assertEquals("idp_login_refused", name(tooMany, Optional.empty()));
        assertEquals("idp_login_refused", name(event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR, "gatehouse_idp_username_invalid", Map.of()), Optional.empty()));
        assertEquals("idp_login_refused", name(event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR, "gatehouse_idp_group_sync_misconfigured", Map.of()), Optional.empty()));
        assertEquals("idp_group_refused", name(event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR, "gatehouse_idp_group_not_allowed",
                Map.of("gatehouse_refused_groups", "/vendors")), Optional.empty()));
    }

    @Test
    void anErrorIsKnownByItsExactCodeNotByItsSpelling() {
        assertEquals(null, name(event(EventType.LOGIN_ERROR, "gatehouse_something_new", Map.of()), Optional.empty()),
                "an unknown code is no step-up failure just because it starts with gatehouse_");
        assertEquals("login_error", name(event(EventType.LOGIN_ERROR, "expired_code", Map.of("gatehouse_policy", "Partners")), Optional.empty()),
                "Keycloak's own error during a step-up is reported under its type");
    }

    @Test
    void theLinkAnSsoStepUpMakesIsALinkAndOnlyTheSignInPassesTheStepUp() {
        Map<String, String> linked = Map.of("gatehouse_policy", "Vendors", "gatehouse_step_up", "sso", "identity_provider", "vendor-sso");
        assertEquals("identity_linked", name(event(EventType.FEDERATED_IDENTITY_LINK, null, linked), Optional.empty()));
        assertEquals("step_up_passed", name(event(EventType.LOGIN, null,
                Map.of("gatehouse_policy", "Vendors", "gatehouse_step_up", "sso", "gatehouse_sso_outcome", "linked")), Optional.empty()));
    }

    @Test
    void everyErrorOfTheVocabularyIsReportedAsTheKindTheVocabularyGivesIt() {
        for (GatehouseError error : GatehouseError.values()) {
            assertEquals(error.kind().id(), name(event(EventType.LOGIN_ERROR, error.code(), Map.of()), Optional.empty()), error.code());
        }
        assertEquals("idp_group_refused", name(event(EventType.LOGIN_ERROR, GatehouseError.IDP_GROUP_NOT_ALLOWED.code(), Map.of()),
                Optional.empty()));
        assertEquals("sign_in_refused", name(event(EventType.LOGIN_ERROR, GatehouseError.VERIFICATION_MISSING.code(), Map.of()),
                Optional.empty()));
    }

    @Test
    void aSignInNoPolicyAppliedToIsNoDecisionButAReportOnlyFindingIs() {
        assertEquals(null, name(event(EventType.LOGIN, null, Map.of("gatehouse_step_up", "none")), Optional.empty()));
        assertEquals("login", name(event(EventType.LOGIN, null,
                Map.of("gatehouse_step_up", "none", "gatehouse_report_only", "Partners")), Optional.empty()));
        assertEquals(null, name(event(EventType.LOGIN, null, Map.of("username", "olivia")), Optional.empty()));
    }

    @Test
    void theGuardsNoteIsTakenOnceByTheSameUsersEvent() {
        new TokenAccessDenial("u1", "password", "P", "r").note();
        assertTrue(TokenAccessDenial.take("u2").isEmpty(), "another user's event");
        assertTrue(TokenAccessDenial.take("u1").isEmpty(), "and it is gone: never taken by a later event");
        new TokenAccessDenial("u1", "password", "P", "r").note();
        assertEquals("password", TokenAccessDenial.take("u1").orElseThrow().grant());
        assertTrue(TokenAccessDenial.take("u1").isEmpty(), "once");
        new TokenAccessDenial("u1", "password", "P", "r", null, System.nanoTime() - 60_000_000_000L).note();
        assertTrue(TokenAccessDenial.take("u1").isEmpty(), "a stale note is ignored");
    }

    @Test
    void aDenialIsOnlyTakenForAnErrorEvent() {
        assertTrue(SecurityDecision.of(event(EventType.LOGIN, null, Map.of()),
                Optional.of(new TokenAccessDenial("u1", "password", "P", "r"))).isEmpty());
    }

    @Test
    void aSessionGatehouseEndedIsSessionEndedNotAPassedStepUpAlthoughItNamesThePolicy() {
        Event logout = event(EventType.LOGOUT, null,
                new dev.gatehouse.policy.SessionEnded("Partners", dev.gatehouse.policy.SessionEnded.Initiator.ADMIN).details());
        assertEquals("session_ended", name(logout, Optional.empty()));
        assertEquals("step_up_passed", name(event(EventType.LOGIN, null, Map.of("gatehouse_policy", "Partners")), Optional.empty()));
    }
}
