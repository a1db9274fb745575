package dev.gatehouse.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Shared Signals receiver as a relying application would write one, with Nimbus JOSE+JWT (not Keycloak's code):
 * RFC 8935 push endpoint that checks the bearer secret, then verifies each Security Event Token against the realm's
 * JWKS (fetched from the URL the transmitter metadata names): JWS type {@code secevent+jwt}, an asymmetric algorithm,
 * {@code iss} the realm, {@code aud} its own, {@code jti}, {@code iat}, {@code sub_id} and exactly one event whose
 * claims follow CAEP 1.0 / RISC 1.0 / SSF 1.0. A {@code jti} seen before is a replay: dropped, answered 202 (a
 * transmitter may repeat a SET it is unsure arrived). Refused SETs get 400 with RFC 8935's error JSON.
 */
final class SetTestReceiver {

    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";

    /** One verified SET: its raw form, claims, event type URI, the event's claims and the subject. */
    record Received(String raw, JWTClaimsSet claims, String type, Map<String, Object> event, Map<String, Object> subject) {

        String userSub() {
            Map<String, Object> user = user();
            return user == null ? null : (String) user.get("sub");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> user() {
            return "complex".equals(subject.get("format")) ? (Map<String, Object>) subject.get("user") : subject;
        }

        @SuppressWarnings("unchecked")
        String sessionId() {
            Object session = subject.get("session");
            return session instanceof Map<?, ?> s ? (String) ((Map<String, Object>) s).get("id") : null;
        }
    }

    /** What {@link #check} made of a SET. */
    sealed interface Verdict {
        record Accepted(Received set) implements Verdict { }
        record Replay(String jti) implements Verdict { }
        record Refused(String reason) implements Verdict { }
    }

    private final String issuer;
    private final String audience;
    private final String bearer;
    private final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final long startedAt = Instant.now().getEpochSecond();
    private volatile long futureSkewSeconds = 60;
    private HttpServer server;
    private int port;

    SetTestReceiver(String issuer, String audience, String bearer) {
        this.issuer = issuer;
        this.audience = audience;
        this.bearer = bearer;
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/events", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** The receiver goes down: nothing listens on its port until {@link #start()}. */
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://localhost:" + port + "/events";
    }

    /** Keycloak's clock runs ahead by the test's time offset: SETs issued then carry a later iat. */
    void allowFuture(long seconds) {
        futureSkewSeconds = 60 + seconds;
    }

    List<Received> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    List<Received> accepted(String typeUri) {
        return accepted().stream().filter(r -> r.type().equals(typeUri)).toList();
    }

    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /** After a test that refused SETs on purpose. */
    void forgetRefused() {
        refused.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!("Bearer " + bearer).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"err\":\"authentication_failed\",\"description\":\"bad bearer\"}");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || contentType == null || !contentType.startsWith("application/secevent+jwt")) {
            refused.add("not a SET push: " + exchange.getRequestMethod() + " " + contentType);
            answer(exchange, 400, "{\"err\":\"invalid_request\",\"description\":\"expected application/secevent+jwt\"}");
            return;
        }
        Verdict verdict = check(body);
        if (verdict instanceof Verdict.Refused r) {
            answer(exchange, 400, "{\"err\":\"invalid_request\",\"description\":\"" + r.reason().replace("\"", "'") + "\"}");
        } else {
            answer(exchange, 202, null);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** The relying application's check of one SET; accepted SETs are kept, each jti once. */
    @SuppressWarnings("unchecked")
    Verdict check(String token) {
        JWTClaimsSet claims;
        try {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("secevent+jwt")));
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(JWKSet.load(new URL(issuer + "/protocol/openid-connect/certs")))));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("jti", "iat", "sub_id", "events")));
            claims = processor.process(token, null);
        } catch (Exception e) {
            return refuse("not verified: " + e.getMessage());
        }
        Date iat = claims.getIssueTime();
        long now = Instant.now().getEpochSecond();
        if (iat == null || iat.toInstant().getEpochSecond() < startedAt - 60 || iat.toInstant().getEpochSecond() > now + futureSkewSeconds) {
            return refuse("iat out of range: " + iat);
        }
        Map<String, Object> events = (Map<String, Object>) claims.getClaim("events");
        Map<String, Object> subject = (Map<String, Object>) claims.getClaim("sub_id");
        if (events == null || events.size() != 1 || !(events.values().iterator().next() instanceof Map)) {
            return refuse("events must hold exactly one event");
        }
        String type = events.keySet().iterator().next();
        Map<String, Object> event = (Map<String, Object>) events.get(type);
        String problem = eventProblem(type, event, subject);
        if (problem != null) {
            return refuse(problem);
        }
        if (!seen.add(claims.getJWTID())) {
            return new Verdict.Replay(claims.getJWTID());
        }
        Received set = new Received(token, claims, type, event, subject);
        accepted.add(set);
        return new Verdict.Accepted(set);
    }

    private Verdict refuse(String reason) {
        refused.add(reason);
        return new Verdict.Refused(reason);
    }

    /** The claims each event type requires (CAEP 1.0 §2–3, RISC 1.0 §2, SSF 1.0 §8.1.4.1; RFC 9493 subjects). */
    @SuppressWarnings("unchecked")
    private String eventProblem(String type, Map<String, Object> event, Map<String, Object> subject) {
        if (subject == null || subject.get("format") == null) {
            return "sub_id without format";
        }
        if (type.equals(VERIFICATION)) {
            return "opaque".equals(subject.get("format")) && subject.get("id") != null ? null : "verification needs the stream as opaque subject";
        }
        if (!(event.get("event_timestamp") instanceof Number)) {
            return "event_timestamp missing";
        }
        Map<String, Object> user = "complex".equals(subject.get("format")) ? (Map<String, Object>) subject.get("user") : subject;
        String userProblem = userProblem(user);
        if (userProblem != null) {
            return userProblem;
        }
        if (type.startsWith(CAEP)) {
            Object initiator = event.get("initiating_entity");
            if (initiator != null && !List.of("admin", "user", "policy", "system").contains(initiator)) {
                return "initiating_entity " + initiator;
            }
            for (String reason : List.of("reason_admin", "reason_user")) {
                if (event.containsKey(reason) && !(event.get(reason) instanceof Map)) {
                    return reason + " must be language-tagged strings";
                }
            }
        }
        if (type.equals(CAEP + "session-revoked") || type.equals(CAEP + "assurance-level-change")) {
            Object session = subject.get("session");
            if (!"complex".equals(subject.get("format")) || !(session instanceof Map<?, ?> s) || s.get("id") == null) {
                return type + " must name the session";
            }
        }
        if (type.equals(CAEP + "assurance-level-change")) {
            if (event.get("namespace") == null || event.get("current_level") == null) {
                return "assurance-level-change needs namespace and current_level";
            }
            Object direction = event.get("change_direction");
            if (direction != null && !List.of("increase", "decrease").contains(direction)) {
                return "change_direction " + direction;
            }
        }
        return null;
    }

    private String userProblem(Map<String, Object> user) {
        if (user == null) {
            return "no user subject";
        }
        return switch (String.valueOf(user.get("format"))) {
            case "iss_sub" -> issuer.equals(user.get("iss")) && user.get("sub") != null ? null : "iss_sub must name this issuer and a sub";
            case "email" -> user.get("email") instanceof String e && e.contains("@") ? null : "email subject without email";
            default -> "unexpected subject format " + user.get("format");
        };
    }
}
