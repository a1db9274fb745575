package dev.gatehouse.provisioning.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

class AccessTokensTest {

    @AfterEach
    void clock() {
        Time.setOffset(0);
    }

    @Test
    void aTokenIsReusedUntilShortlyBeforeItExpires() {
        AccessTokens tokens = new AccessTokens();
        tokens.keep("k", "token-1", 300);
        assertEquals("token-1", tokens.valid("k"));
        Time.setOffset(260);
        assertEquals("token-1", tokens.valid("k"));
        Time.setOffset(271);
        assertNull(tokens.valid("k"), "30 s before expiry it is no longer handed out");
    }

    @Test
    void aRefusedTokenIsDroppedButNotANewerOne() {
        AccessTokens tokens = new AccessTokens();
        tokens.keep("k", "old", 300);
        tokens.drop("k", "old");
        assertNull(tokens.valid("k"));
        tokens.keep("k", "new", 300);
        tokens.drop("k", "old");
        assertEquals("new", tokens.valid("k"));
    }

    @Test
    void theCacheIsBounded() {
        AccessTokens tokens = new AccessTokens();
        for (int i = 0; i < AccessTokens.MAX_ENTRIES + 50; i++) {
            tokens.keep("k" + i, "t" + i, 300);
        }
        assertEquals(AccessTokens.MAX_ENTRIES, tokens.size());
        assertNull(tokens.valid("k0"), "the least recently used went first");
    }

    @Test
    void theKeyChangesWithTheSecretAndDoesNotContainIt() {
        String a = AccessTokens.key("target", "https://idp/token", "client", null, "secret-one");
        String b = AccessTokens.key("target", "https://idp/token", "client", null, "secret-two");
        assertNotEquals(a, b);
        assertFalse(a.contains("secret-one"));
    }
}
