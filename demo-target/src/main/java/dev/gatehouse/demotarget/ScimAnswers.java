package dev.gatehouse.demotarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;

/**
 * How the test server answers one HTTP request: credentials checked, the request logged, then — after the delay a
 * test set, holding no thread while it waits — the answer a test forced or the library's, unless a test asked for
 * that answer to be lost.
 */
final class ScimAnswers implements HttpHandler {

    record Forced(String method, int status, String retryAfter, String body) {
    }

    /** Which bearer tokens are accepted: a fixed one, or whatever an authorization server says is valid. */
    private final Predicate<String> bearer;
    private final boolean filterSupported;
    private final ResourceEndpoint endpoint;
    private final List<String> requests;
    private final Supplier<String> baseUrl;
    final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    final Set<String> refusedTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger unauthenticated = new AtomicInteger();
    final Deque<Forced> forced = new ConcurrentLinkedDeque<>();
    final Deque<String> lostAnswers = new ConcurrentLinkedDeque<>();
    /** HTTP Basic credentials accepted besides the bearer token (null: none). */
    volatile String basicCredentials;
    volatile Integer failAll;
    private final Object changes = new Object();
    private volatile long delayMillis;
    private ScheduledExecutorService delayed;
    private ExecutorService answering;

    /** {@code filterSupported} false: a filtered request is refused (the library would answer it anyway). */
    ScimAnswers(Predicate<String> bearer, boolean filterSupported, ResourceEndpoint endpoint, List<String> requests,
                Supplier<String> baseUrl) {
        this.bearer = bearer;
        this.filterSupported = filterSupported;
        this.endpoint = endpoint;
        this.requests = requests;
        this.baseUrl = baseUrl;
    }

    /** Every answer this many milliseconds after its request arrived (0: at once). */
    synchronized void delay(long millis) {
        if (millis > 0 && delayed == null) {
            delayed = Executors.newSingleThreadScheduledExecutor(daemon("scim-test-delay"));
            answering = Executors.newCachedThreadPool(daemon("scim-test-answer"));
        }
        delayMillis = millis;
    }

    void clear() {
        forced.clear();
        lostAnswers.clear();
        acceptedTokens.clear();
        refusedTokens.clear();
        failAll = null;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring(ScimTestServer.BASE_PATH.length());
        String query = exchange.getRequestURI().getRawQuery();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        String basic = basicCredentials;
        boolean basicOk = basic != null && authorization != null && authorization.startsWith("Basic ")
                && basic.equals(new String(java.util.Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8));
        if (!basicOk && (presented == null || refusedTokens.contains(presented) || !bearer.test(presented))) {
            unauthenticated.incrementAndGet();
            respond(exchange, 401, "{\"status\":\"401\",\"detail\":\"unauthenticated\"}", null);
            return;
        }
        if (presented != null) {
            acceptedTokens.add(presented);
        }
        requests.add(method + " " + path + (body.isEmpty() ? "" : " " + body));
        long delay = delayMillis;
        ScheduledExecutorService waiting = delayed;
        if (delay > 0 && waiting != null) {
            waiting.schedule(() -> answering.execute(() -> answerOrClose(exchange, method, path, query, body)), delay,
                    TimeUnit.MILLISECONDS);
            return;
        }
        answer(exchange, method, path, query, body);
    }

    private void answerOrClose(HttpExchange exchange, String method, String path, String query, String body) {
        try {
            answer(exchange, method, path, query, body);
        } catch (IOException | RuntimeException e) {
            // The client went away, or the server was stopped meanwhile.
            exchange.close();
        }
    }

    /** The answer to an authenticated request, after its delay. */
    private void answer(HttpExchange exchange, String method, String path, String query, String body) throws IOException {
        if (!filterSupported && query != null && query.contains("filter=")) {
            // RFC 7644 §3.12: an operation the provider does not support is 501 Not Implemented.
            respond(exchange, 501, "{\"status\":\"501\",\"detail\":\"filtering is not supported\"}", null);
            return;
        }
        Integer failing = failAll;
        if (failing != null) {
            respond(exchange, failing, "{\"status\":\"" + failing + "\",\"detail\":\"unavailable\"}", null);
            return;
        }
        Forced next = forced.stream().filter(f -> f.method().equals(method)).findFirst().orElse(null);
        if (next != null && forced.remove(next)) {
            respond(exchange, next.status(), next.body() == null ? "" : next.body(), next.retryAfter());
            return;
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        headers.put("Content-Type", "application/scim+json");
        String url = baseUrl.get() + path + (query == null ? "" : "?" + query);
        // The library patches a copy it read and stores it back: changes go one at a time, or two members added
        // to one group at once would lose one (a real provider changes a resource atomically). A bulk request
        // that patches, or touches groups, waits its turn too; one of creates and replacements of users (each
        // user once) runs beside others, as at a real provider.
        boolean bulk = path.startsWith("/Bulk");
        boolean serial = bulk ? body.contains("\"PATCH\"") || body.contains("/Groups") : "PATCH".equals(method) || "PUT".equals(method);
        Object lock = serial ? changes : new Object();
        ScimResponse response;
        synchronized (lock) {
            response = endpoint.handleRequest(url, HttpMethod.valueOf(method), body.isEmpty() ? null : body, headers, new Context(CHECKED));
        }
        if (response instanceof ErrorResponse error && error.getHttpStatus() >= 500) {
            // The library logs through SLF4J, which is silent here: show why the server failed.
            error.getScimException().printStackTrace();
        }
        if (lostAnswers.remove(method)) {
            respond(exchange, 502, "{\"status\":\"502\",\"detail\":\"upstream answer lost\"}", null);
            return;
        }
        respond(exchange, response.getHttpStatus(), response.toString(), null);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void respond(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/scim+json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * The credentials are checked before the library sees a request; without an authorization of ours the library
     * logs a warning for every request, which costs the benchmark more than the request itself.
     */
    private static final Authorization CHECKED = new Authorization() {
        @Override
        public Set<String> getClientRoles() {
            return Set.of();
        }

        @Override
        public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParams) {
            return true;
        }
    };
}
