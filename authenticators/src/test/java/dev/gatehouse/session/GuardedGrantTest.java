package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.PolicyConfig;

class GuardedGrantTest {

    private static ExternalUserPolicy policy(String method, boolean block) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(PolicyConfig.EXTERNAL_DOMAINS, List.of("partner.example"));
        config.put(PolicyConfig.METHOD, List.of(method));
        config.put(PolicyConfig.BLOCK_TOKEN_ACCESS, List.of(Boolean.toString(block)));
        if (method.equals("sso")) {
            config.put(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("partner-idp"));
        }
        return PolicyConfig.parse("id", "Partners", config);
    }

    @Test
    void grantsThatSkipTheBrowserAreRefusedToUsersWhoVerifyInIt() {
        ExternalUserPolicy verifies = policy("email-otp", false);
        for (GuardedGrant skipping : List.of(GuardedGrant.PASSWORD, GuardedGrant.JWT_BEARER)) {
            assertTrue(skipping.refusal(verifies).orElseThrow().endsWith("skips the verification this user needs: sign in through the browser"));
        }
        for (GuardedGrant browserBacked : List.of(GuardedGrant.DEVICE, GuardedGrant.TOKEN_EXCHANGE, GuardedGrant.OFFLINE)) {
            assertTrue(browserBacked.refusal(verifies).isEmpty(), browserBacked + " follows a browser sign-in");
        }
    }

    @Test
    void aBlockingPolicyRefusesEveryGuardedGrant() {
        ExternalUserPolicy blocks = policy("none", true);
        for (GuardedGrant grant : GuardedGrant.values()) {
            if (grant != GuardedGrant.CIBA) {
                assertTrue(grant.refusal(blocks).orElseThrow().endsWith("is not allowed for this user"), grant.name());
            }
        }
        assertEquals("Offline access is not allowed for this user", GuardedGrant.OFFLINE.refusal(blocks).orElseThrow());
    }

    @Test
    void cibaGetsOneAnswerWhetherThePolicyBlocksOrVerifies() {
        assertEquals("CIBA is not available for this user", GuardedGrant.CIBA.refusal(policy("none", true)).orElseThrow());
        assertEquals("CIBA is not available for this user", GuardedGrant.CIBA.refusal(policy("email-otp", false)).orElseThrow());
        assertEquals("CIBA is not available for this user", GuardedGrant.CIBA.refusal(policy("sso", false)).orElseThrow());
    }

    @Test
    void aPolicyThatAsksNothingAndDoesNotBlockRefusesNothing() {
        ExternalUserPolicy none = policy("none", false);
        for (GuardedGrant grant : GuardedGrant.values()) {
            assertTrue(grant.refusal(none).isEmpty(), grant.name());
        }
    }
}
