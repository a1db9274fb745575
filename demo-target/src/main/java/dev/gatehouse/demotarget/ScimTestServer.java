package dev.gatehouse.demotarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;

/**
 * A SCIM 2.0 service provider built on an independent library (captaingoldfish scim-sdk-server) and served by the
 * JDK's HTTP server: in-memory Users and Groups ({@link ScimResources}), a bearer token, a log of the requests it
 * answered, forced answers (503, 429, 400) for the next requests, refused users, SCIM Bulk when offered
 * ({@link #offerBulk}), a delay before every answer as real services have ({@link #answerDelayMillis}), and a switch
 * that takes it off the network. The integration tests push to it; the demo ({@link DemoTarget}) serves it beside a
 * webhook receiver.
 */
public final class ScimTestServer {

    public static final String BASE_PATH = "/scim/v2";

    /** Which bearer tokens the server accepts: a fixed one, or whatever an authorization server says is valid. */
    private final java.util.function.Predicate<String> bearer;
    private final java.util.Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> refusedTokens = ConcurrentHashMap.newKeySet();
    private volatile Integer failAll;
    private final ResourceEndpoint endpoint;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Forced> forced = new ConcurrentLinkedDeque<>();
    private final Deque<String> lostAnswers = new ConcurrentLinkedDeque<>();
    private final Object changes = new Object();
    private final ScimResources.Users userStore;
    /** How long each request waits before it is answered: a slow target keeps deliveries in flight. */
    private volatile long delayMillis;
    /** Waits out the delay without holding a thread per request, so a slow server still answers many at once. */
    private ScheduledExecutorService delayed;
    private ExecutorService answering;
    private final ScimResources.Groups groupStore;
    private HttpServer server;
    private int port;

    record Forced(String method, int status, String retryAfter, String body) {
    }

    public ScimTestServer(String token) {
        this(token::equals);
    }

    public ScimTestServer(java.util.function.Predicate<String> bearer) {
        this(bearer, true, true);
    }

    /** A provider whose ServiceProviderConfig says PATCH and/or filtering are not supported (the library then refuses them). */
    public ScimTestServer(String token, boolean patch, boolean filter) {
        this(token::equals, patch, filter);
    }

    private ScimTestServer(java.util.function.Predicate<String> bearer, boolean patch, boolean filter) {
        this.bearer = bearer;
        this.filterSupported = filter;
        ServiceProvider provider = ServiceProvider.builder()
                .filterConfig(new FilterConfig(filter, 200))
                .patchConfig(new PatchConfig(patch, null, null, null, null, null, null))
                .bulkConfig(new BulkConfig(false, 0, 0L, false, false, false))
                .authenticationSchemes(List.of(de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme
                        .builder().name("Bearer token").description("A static bearer token").type("oauthbearertoken").build()))
                .build();
        endpoint = new ResourceEndpoint(provider);
        userStore = new ScimResources.Users(users);
        groupStore = new ScimResources.Groups(groups);
        ResourceType userType = endpoint.registerEndpoint(new UserEndpointDefinition(userStore));
        userType.getFeatures().setAutoFiltering(false);
        ResourceType groupType = endpoint.registerEndpoint(new GroupEndpointDefinition(groupStore));
        groupType.getFeatures().setAutoFiltering(false);
    }

    public synchronized void start() throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes wait for the client's delayed ACK
        // (about 40 ms per response).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext(BASE_PATH, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        port = server.getAddress().getPort();
    }

    /** Serves SCIM under {@link #BASE_PATH} of a server someone else runs (the demo's one port for everything). */
    public synchronized void serveOn(HttpServer shared) {
        shared.createContext(BASE_PATH, this::handle);
        port = shared.getAddress().getPort();
    }

    /** Starts the server unless it is running (after {@link #stop()}: on the same port). */
    public synchronized void ensureStarted() throws IOException {
        if (server == null) {
            start();
        }
    }

    /** Off the network: connections are refused until {@link #start()} again (same port). */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port + BASE_PATH;
    }

    public void reset() {
        users.clear();
        groups.clear();
        userStore.clear();
        groupStore.clear();
        requests.clear();
        forced.clear();
        lostAnswers.clear();
        acceptedTokens.clear();
        refusedTokens.clear();
        failAll = null;
    }

    /** Without filter support a filtered request is refused (the library would answer it anyway). */
    private final boolean filterSupported;
    /** HTTP Basic credentials accepted besides the bearer token (null: none). */
    private volatile String basicCredentials;
    private final java.util.concurrent.atomic.AtomicInteger unauthenticated = new java.util.concurrent.atomic.AtomicInteger();

    /** From now on also accepts HTTP Basic with this username and password. */
    public void acceptBasic(String username, String password) {
        basicCredentials = username + ":" + password;
    }

    /** How many requests were refused with 401 since the start. */
    public int unauthenticated() {
        return unauthenticated.get();
    }

    /** The application loses a user (deleted there by someone else): Gatehouse is not told. */
    public void forget(String externalId) {
        User user = userByExternalId(externalId);
        if (user != null) {
            userStore.deleteResource(user.getId().orElseThrow(), null);
        }
    }

    /** Every authenticated request gets this status (e.g. 503) until called with null. */
    public void failAll(Integer status) {
        failAll = status;
    }

    /** The bearer tokens this server accepted so far. */
    public java.util.Set<String> acceptedTokens() {
        return java.util.Set.copyOf(acceptedTokens);
    }

    /** From now on this token is refused with 401, as if the authorization server had revoked it. */
    public void refuse(String token) {
        refusedTokens.add(token);
    }

    /**
     * The next request with this method is carried out, but its answer is lost on the way back: the client gets a
     * 502, as from a proxy whose upstream connection broke after the request arrived.
     */
    public void loseNextAnswer(String method) {
        lostAnswers.add(method);
    }

    /** The next request with this method gets this answer instead of the real one. */
    public void forceNext(String method, int status, String retryAfter, String body) {
        forced.add(new Forced(method, status, retryAfter, body));
    }

    /** From now on every request waits this long before it is answered (0: at once). */
    public void delay(java.time.Duration delay) {
        answerDelayMillis(delay.toMillis());
    }

    /**
     * From now on every request is answered this many milliseconds after it arrived (0: at once), as a real SCIM
     * service answers in 50-300 ms. The wait holds no thread: any number of requests wait at once.
     */
    public synchronized void answerDelayMillis(long millis) {
        if (millis > 0 && delayed == null) {
            delayed = Executors.newSingleThreadScheduledExecutor(daemon("scim-test-delay"));
            answering = Executors.newCachedThreadPool(daemon("scim-test-answer"));
        }
        delayMillis = millis;
    }

    /**
     * From now on the ServiceProviderConfig offers SCIM Bulk (RFC 7644 §3.7) with these limits, and {@code POST /Bulk}
     * is served by the library; {@code maxOperations} 0 withdraws the offer (the library then refuses bulk requests).
     */
    public void offerBulk(int maxOperations, long maxPayloadSize) {
        BulkConfig bulk = endpoint.getServiceProvider().getBulkConfig();
        bulk.setSupported(maxOperations > 0);
        bulk.setMaxOperations(Math.max(maxOperations, 1));
        bulk.setMaxPayloadSize(maxPayloadSize);
    }

    /**
     * From now on a create or replace of the user with this userName is answered with {@code status} (e.g. 400,
     * 503), alone or as one operation of a bulk request; until {@link #reset()} or this with status 0.
     */
    public void refuseUser(String userName, int status) {
        userStore.refuse(userName, status);
    }

    public List<Group> groups() {
        return List.copyOf(groups.values());
    }

    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    public User userByExternalId(String externalId) {
        return users.values().stream().filter(u -> externalId.equals(u.getExternalId().orElse(null))).findFirst().orElse(null);
    }

    /** A user the application had before Gatehouse: created at the target directly, without externalId. */
    public void seedUser(String userName) {
        User user = User.builder().userName(userName).active(true).build();
        userStore.createResource(user, null);
    }

    /** Whether the user with this externalId is a member of the group with this displayName. */
    public boolean isMember(String groupName, String externalId) {
        Group group = groupByName(groupName);
        User user = userByExternalId(externalId);
        return group != null && user != null
                && group.getMembers().stream().anyMatch(m -> user.getId().orElseThrow().equals(m.getValue().orElse(null)));
    }

    public Group groupByName(String name) {
        return groups.values().stream().filter(g -> name.equals(g.getDisplayName().orElse(null))).findFirst().orElse(null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring(BASE_PATH.length());
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
        String url = baseUrl() + path + (query == null ? "" : "?" + query);
        // The library patches a copy it read and stores it back: changes go one at a time, or two members added
        // to one group at once would lose one (a real provider changes a resource atomically).
        // A bulk request may carry both.
        Object lock = "PATCH".equals(method) || "PUT".equals(method) || path.startsWith("/Bulk") ? changes : new Object();
        ScimResponse response;
        synchronized (lock) {
            response = endpoint.handleRequest(url, HttpMethod.valueOf(method), body.isEmpty() ? null : body, headers, new Context(CHECKED));
        }
        if (response instanceof de.captaingoldfish.scim.sdk.common.response.ErrorResponse error && error.getHttpStatus() >= 500) {
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
     * The bearer token is checked before the library sees a request; without an authorization of ours the library
     * logs a warning for every request, which costs the benchmark more than the request itself.
     */
    private static final de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization CHECKED =
            new de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization() {
                @Override
                public java.util.Set<String> getClientRoles() {
                    return java.util.Set.of();
                }

                @Override
                public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParams) {
                    return true;
                }
            };
}
