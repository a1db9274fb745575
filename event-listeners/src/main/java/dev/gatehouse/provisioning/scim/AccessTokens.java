package dev.gatehouse.provisioning.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.common.util.Time;

/**
 * This node's OAuth access tokens for SCIM targets, reused until shortly before they expire. Kept in memory on
 * purpose: a token lives minutes and any node can fetch its own, so nothing is shared or stored. Bounded (the
 * least recently used goes first) and keyed by the target and a hash of its token settings and secret, so a
 * changed secret or client is never answered with a token of the old one. Tokens are never logged.
 */
public final class AccessTokens {

    static final int MAX_ENTRIES = 256;

    record Token(String value, long expiresAt) {
    }

    private final Map<String, Token> tokens = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized String valid(String key) {
        Token token = tokens.get(key);
        if (token == null) {
            return null;
        }
        if (token.expiresAt() <= Time.currentTimeMillis()) {
            tokens.remove(key);
            return null;
        }
        return token.value();
    }

    /** Keeps a token until {@code lifetimeSeconds} minus a margin (a quarter of it, at most 30 s) from now. */
    synchronized void keep(String key, String value, long lifetimeSeconds) {
        long lifetime = lifetimeSeconds * 1000;
        long margin = Math.min(30_000, lifetime / 4);
        tokens.put(key, new Token(value, Time.currentTimeMillis() + lifetime - margin));
    }

    /** The target refused this token: forget it, unless another thread already put a newer one. */
    synchronized void drop(String key, String value) {
        Token token = tokens.get(key);
        if (token != null && token.value().equals(value)) {
            tokens.remove(key);
        }
    }

    synchronized int size() {
        return tokens.size();
    }

    static String key(String targetId, String... settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : settings) {
                sha.update((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return targetId + ":" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
