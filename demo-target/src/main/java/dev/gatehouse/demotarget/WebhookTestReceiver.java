package dev.gatehouse.demotarget;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook consumer that verifies messages the way the Standard Webhooks specification tells receivers to,
 * written from the specification, not from Gatehouse's signer: the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}; the key is the base64 after {@code whsec_}; the
 * {@code webhook-signature} header holds space-separated {@code v1,<base64 HMAC-SHA256>} entries, any of which may
 * match (compared in constant time); a timestamp more than five minutes away from now is refused as a replay.
 * Accepted messages answer 204, refused ones 401; a message whose {@code webhook-id} was accepted before is a
 * repeat, answered 204 and dropped.
 */
public final class WebhookTestReceiver {

    public static final long TOLERANCE_SECONDS = 5 * 60;

    public record Message(String id, String timestamp, String signature, String body) {
    }

    private final byte[] key;
    private final List<Message> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<Message> refused = Collections.synchronizedList(new ArrayList<>());
    /** webhook-ids of accepted messages: a repeat is answered 2xx and dropped, as the specification tells receivers. */
    private final java.util.Set<String> seenIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Message> duplicates = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private String path = "/hooks";

    public WebhookTestReceiver(String whsecSecret) {
        this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    }

    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext(path, this::handle);
        server.start();
    }

    /** Receives at {@code path} of a server someone else runs and stops (the demo's one port for everything). */
    public void serveOn(HttpServer shared, String path) {
        this.path = path;
        shared.createContext(path, this::handle);
        server = shared;
    }

    public void stop() {
        server.stop(0);
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    public List<Message> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    /** Verified messages whose webhook-id was seen before: dropped, not in {@link #accepted()}. */
    public List<Message> duplicates() {
        synchronized (duplicates) {
            return List.copyOf(duplicates);
        }
    }

    public List<Message> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /** Statuses to answer the next messages with, before verifying them (e.g. 503, then 400). */
    private final java.util.Deque<Integer> forced = new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** The next message gets this status instead of being verified and accepted. */
    public void failNext(int status) {
        forced.add(status);
    }

    private final List<Message> failedMessages = Collections.synchronizedList(new ArrayList<>());

    /** Messages answered with a forced status, with their headers. */
    public List<Message> failedMessages() {
        synchronized (failedMessages) {
            return List.copyOf(failedMessages);
        }
    }

    /** Bodies of messages answered with a forced status. */
    public List<String> failed() {
        return failedMessages().stream().map(Message::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Integer status = forced.poll();
        if (status != null) {
            failedMessages.add(new Message(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        Message message = new Message(exchange.getRequestHeaders().getFirst("webhook-id"),
                exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body);
        boolean ok = verify(message, Instant.now().getEpochSecond());
        if (ok && !seenIds.add(message.id())) {
            duplicates.add(message);
        } else {
            (ok ? accepted : refused).add(message);
        }
        exchange.sendResponseHeaders(ok ? 204 : 401, -1);
        exchange.close();
    }

    public boolean verify(Message message, long nowSeconds) {
        if (message.id() == null || message.timestamp() == null || message.signature() == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(message.timestamp());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected = hmac((message.id() + "." + message.timestamp() + "." + message.body()).getBytes(StandardCharsets.UTF_8));
        for (String entry : message.signature().split(" ")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    /** Signs as a sender would, to build test messages (e.g. a replay with an old timestamp). */
    public String sign(String id, String timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] hmac(byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
