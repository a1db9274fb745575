package dev.gatehouse.demotarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
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

    private final ResourceEndpoint endpoint;
    private final ScimAnswers answers;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final ScimResources.Users userStore;
    private final ScimResources.Groups groupStore;
    private HttpServer server;
    private int port;

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
        answers = new ScimAnswers(bearer, filter, endpoint, requests, this::baseUrl);
    }

    public synchronized void start() throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes wait for the client's delayed ACK
        // (about 40 ms per response).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext(BASE_PATH, answers);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        port = server.getAddress().getPort();
    }

    /** Serves SCIM under {@link #BASE_PATH} of a server someone else runs (the demo's one port for everything). */
    public synchronized void serveOn(HttpServer shared) {
        shared.createContext(BASE_PATH, answers);
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
        answers.clear();
    }

    /** From now on also accepts HTTP Basic with this username and password. */
    public void acceptBasic(String username, String password) {
        answers.basicCredentials = username + ":" + password;
    }

    /** How many requests were refused with 401 since the start. */
    public int unauthenticated() {
        return answers.unauthenticated.get();
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
        answers.failAll = status;
    }

    /** The bearer tokens this server accepted so far. */
    public java.util.Set<String> acceptedTokens() {
        return java.util.Set.copyOf(answers.acceptedTokens);
    }

    /** From now on this token is refused with 401, as if the authorization server had revoked it. */
    public void refuse(String token) {
        answers.refusedTokens.add(token);
    }

    /**
     * The next request with this method is carried out, but its answer is lost on the way back: the client gets a
     * 502, as from a proxy whose upstream connection broke after the request arrived.
     */
    public void loseNextAnswer(String method) {
        answers.lostAnswers.add(method);
    }

    /** The next request with this method gets this answer instead of the real one. */
    public void forceNext(String method, int status, String retryAfter, String body) {
        answers.forced.add(new ScimAnswers.Forced(method, status, retryAfter, body));
    }

    /** From now on every request waits this long before it is answered (0: at once). */
    public void delay(java.time.Duration delay) {
        answerDelayMillis(delay.toMillis());
    }

    /**
     * From now on every request is answered this many milliseconds after it arrived (0: at once), as a real SCIM
     * service answers in 50-300 ms. The wait holds no thread: any number of requests wait at once.
     */
    public void answerDelayMillis(long millis) {
        answers.delay(millis);
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
}
