package dev.gatehouse.bench.mappers;

import static dev.gatehouse.bench.mappers.BenchMappersRealm.GROUP_COUNTS;
import static dev.gatehouse.bench.mappers.BenchMappersRealm.OIDC_BUILTIN;
import static dev.gatehouse.bench.mappers.BenchMappersRealm.OIDC_GATEHOUSE;
import static dev.gatehouse.bench.mappers.BenchMappersRealm.REALM;
import static dev.gatehouse.bench.mappers.BenchMappersRealm.SAML_BUILTIN;
import static dev.gatehouse.bench.mappers.BenchMappersRealm.SAML_GATEHOUSE;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.bench.mappers.BenchMappersRealm.Client;

/**
 * Token and SAML-response issuance with Gatehouse's group-list mappers against Keycloak's built-in group mappers,
 * for users in 10, 1,000 and 10,000 groups, side by side on one server. Run by {@code bench/mappers-benchmark.sh};
 * needs the JDK only (compiled with {@code javac}, no Maven, no libraries).
 *
 * <p>Phases:
 * <ul>
 *   <li>{@code setup}: creates realm {@code bench-mappers} ({@link BenchMappersRealm}) through the admin REST API,
 *       or keeps it when it already has the same layout.</li>
 *   <li>{@code timing}: checks that both mappers send the same groups (count and names, OIDC access and ID token,
 *       SAML attribute values), warms up, then measures rounds of requests alternating built-in and Gatehouse
 *       request by request. OIDC: a password grant ({@code scope=openid}: access and ID token, each with the
 *       claim). SAML: a GET of the IdP-initiated SSO URL with the cookies of an earlier login, which issues a new
 *       SAML response each time (cookie SSO, no password check).</li>
 *   <li>{@code sql}: against a server started with {@code org.hibernate.SQL} at debug, counts SQL statements per
 *       request from the log, with warm caches and after clearing the realm and user caches.</li>
 *   <li>{@code realm-json}: writes the realm representation to {@code --out}.</li>
 * </ul>
 */
public final class MappersBenchmark {

    static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    static final Pattern SAML_RESPONSE = Pattern.compile(
            "name=\"SAMLResponse\"[^>]*?value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*?name=\"SAMLResponse\"",
            Pattern.CASE_INSENSITIVE);
    static final Pattern ATTRIBUTE_VALUE = Pattern.compile("<(?:\\w+:)?AttributeValue\\b[^>]*>([^<]*)</(?:\\w+:)?AttributeValue>");

    final String base;
    final HttpClient http;
    final Map<String, String> options;

    MappersBenchmark(String base, Map<String, String> options) {
        this.base = base;
        this.options = options;
        this.http = newClient();
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int k = 0; k + 1 < args.length; k += 2) {
            if (!args[k].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[k]);
            }
            options.put(args[k].substring(2), args[k + 1]);
        }
        String phase = options.getOrDefault("phase", "timing");
        MappersBenchmark bench = new MappersBenchmark(options.getOrDefault("base", "http://127.0.0.1:38080"), options);
        switch (phase) {
            case "realm-json" -> Files.writeString(Path.of(options.get("out")), Json.write(BenchMappersRealm.realm()));
            case "setup" -> {
                bench.waitReady();
                bench.setup();
            }
            case "timing" -> {
                bench.waitReady();
                bench.timing();
            }
            case "sql" -> {
                bench.waitReady();
                bench.sql();
            }
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
    }

    int intOption(String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    static void say(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    // ---------------------------------------------------------------------------------------------- server

    void waitReady() throws Exception {
        long pid = options.containsKey("server-pid") ? Long.parseLong(options.get("server-pid")) : -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(intOption("ready-seconds", 300)).toNanos();
        URI probe = URI.create(base + "/realms/master/.well-known/openid-configuration");
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                throw new IllegalStateException("Keycloak (pid " + pid + ") exited before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak not ready at " + probe);
            }
            Thread.sleep(1000);
        }
    }

    String adminToken() throws Exception {
        HttpResponse<String> r = post(http, base + "/realms/master/protocol/openid-connect/token",
                form("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
        check(r, 200, "admin token");
        return (String) Json.object(r.body()).get("access_token");
    }

    HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/admin/realms" + path))
                .timeout(Duration.ofMinutes(15))
                .header("Authorization", "Bearer " + adminToken());
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------------------------------------- setup

    void setup() throws Exception {
        HttpResponse<String> existing = admin("GET", "/" + REALM, null);
        if (existing.statusCode() == 200) {
            Object attributes = Json.object(existing.body()).get("attributes");
            Object layout = attributes instanceof Map<?, ?> m ? m.get(BenchMappersRealm.LAYOUT_ATTRIBUTE) : null;
            if (BenchMappersRealm.LAYOUT.equals(layout)) {
                say("Realm %s exists with this layout: reusing it.", REALM);
                removeClientScopes();
                return;
            }
            say("Realm %s exists with another layout (%s): deleting it.", REALM, layout);
            long t0 = System.nanoTime();
            check(admin("DELETE", "/" + REALM, null), 204, "delete realm");
            say("Deleted in %.1f s.", seconds(t0));
        } else {
            check(existing, 404, "look up realm");
        }
        String json = Json.write(BenchMappersRealm.realm());
        say("Creating realm %s (%d groups, users g10/g1000/g10000, 4 clients; %d KB JSON)...", REALM,
                BenchMappersRealm.DEPTS * (BenchMappersRealm.TEAMS_PER_DEPT + 1), json.length() / 1024);
        long t0 = System.nanoTime();
        check(admin("POST", "", json), 201, "create realm");
        say("Created in %.1f s.", seconds(t0));
        removeClientScopes();
    }

    /** The bench clients carry only their group mapper: any default or optional client scope is unassigned. */
    void removeClientScopes() throws Exception {
        for (Client c : BenchMappersRealm.CLIENTS) {
            String id = clientUuid(c);
            for (String kind : List.of("default-client-scopes", "optional-client-scopes")) {
                HttpResponse<String> r = admin("GET", "/" + REALM + "/clients/" + id + "/" + kind, null);
                check(r, 200, kind);
                for (Object scope : Json.array(r.body())) {
                    Map<?, ?> s = (Map<?, ?>) scope;
                    check(admin("DELETE", "/" + REALM + "/clients/" + id + "/" + kind + "/" + s.get("id"), null), 204,
                            "remove " + kind);
                    say("Removed client scope %s from %s.", s.get("name"), c.clientId());
                }
            }
            HttpResponse<String> mappers = admin("GET", "/" + REALM + "/clients/" + id + "/protocol-mappers/models", null);
            check(mappers, 200, "mappers");
            List<Object> list = Json.array(mappers.body());
            if (list.size() != 1 || !c.mapper().equals(((Map<?, ?>) list.get(0)).get("protocolMapper"))) {
                throw new IllegalStateException(c.clientId() + " should have exactly one " + c.mapper() + " mapper: " + mappers.body());
            }
        }
    }

    String clientUuid(Client c) throws Exception {
        HttpResponse<String> r = admin("GET", "/" + REALM + "/clients?clientId=" + c.clientId(), null);
        check(r, 200, "client " + c.clientId());
        List<Object> found = Json.array(r.body());
        if (found.size() != 1) {
            throw new IllegalStateException("client " + c.clientId() + " not found");
        }
        return (String) ((Map<?, ?>) found.get(0)).get("id");
    }

    // ---------------------------------------------------------------------------------------------- requests

    /** One way of issuing groups to one user through one client; {@link #issue()} is what is timed. */
    interface Issuer {
        String issue() throws Exception;

        /** The group values the issued token or response carries (per token for OIDC). */
        List<List<String>> groups(String issued);
    }

    final class TokenIssuer implements Issuer {
        final Client client;
        final String username;

        TokenIssuer(Client client, String username) {
            this.client = client;
            this.username = username;
        }

        @Override
        public String issue() throws Exception {
            HttpResponse<String> r = post(http, base + "/realms/" + REALM + "/protocol/openid-connect/token",
                    form("grant_type", "password", "client_id", client.clientId(), "client_secret", BenchMappersRealm.SECRET,
                            "username", username, "password", BenchMappersRealm.PASSWORD, "scope", "openid"));
            check(r, 200, "token for " + username + " from " + client.clientId());
            return r.body();
        }

        @Override
        public List<List<String>> groups(String issued) {
            Map<String, Object> response = Json.object(issued);
            List<List<String>> result = new ArrayList<>();
            for (String token : List.of("access_token", "id_token")) {
                String jwt = (String) response.get(token);
                if (jwt == null) {
                    throw new IllegalStateException("no " + token + " in the response of " + client.clientId());
                }
                String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
                Object claim = Json.object(payload).get("groups");
                List<String> values = new ArrayList<>();
                if (claim instanceof List<?> list) {
                    list.forEach(v -> values.add((String) v));
                }
                result.add(values);
            }
            return result;
        }
    }

    /** A browser that logged in once through the IdP-initiated URL; each issue() is a cookie-SSO GET of that URL. */
    final class SamlIssuer implements Issuer {
        final Client client;
        final String username;
        final Browser browser = new Browser(base);
        final String url;

        SamlIssuer(Client client, String username) throws Exception {
            this.client = client;
            this.username = username;
            this.url = base + "/realms/" + REALM + "/protocol/saml/clients/" + client.clientId();
            HttpResponse<String> page = browser.follow(browser.get(url));
            check(page, 200, "login page of " + client.clientId());
            String action = formAction(page.body());
            HttpResponse<String> done = browser.follow(browser.post(action,
                    form("username", username, "password", BenchMappersRealm.PASSWORD, "credentialId", "")));
            samlResponse(done, "login of " + username + " to " + client.clientId());
        }

        @Override
        public String issue() throws Exception {
            return samlResponse(browser.follow(browser.get(url)), "SSO of " + username + " to " + client.clientId());
        }

        @Override
        public List<List<String>> groups(String issued) {
            String xml = new String(Base64.getMimeDecoder().decode(issued), StandardCharsets.UTF_8);
            List<String> values = new ArrayList<>();
            Matcher m = ATTRIBUTE_VALUE.matcher(xml);
            while (m.find()) {
                values.add(m.group(1));
            }
            return List.of(values);
        }
    }

    /** The base64 SAMLResponse of an auto-submitting POST-binding page (fails on anything else). */
    static String samlResponse(HttpResponse<String> r, String what) {
        Matcher m = SAML_RESPONSE.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException(what + ": no SAMLResponse (HTTP " + r.statusCode() + "): "
                    + r.body().substring(0, Math.min(600, r.body().length())));
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static String formAction(String html) {
        Matcher tag = FORM_TAG.matcher(html);
        while (tag.find()) {
            Matcher action = ACTION.matcher(tag.group());
            if (action.find()) {
                return action.group(1).replace("&amp;", "&");
            }
        }
        throw new IllegalStateException("no form on the page: " + html.substring(0, Math.min(600, html.length())));
    }

    static HttpResponse<String> post(HttpClient client, String url, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < pairs.length; k += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pairs[k], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[k + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    static void check(HttpResponse<String> r, int expected, String what) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " (expected " + expected + "): "
                    + r.body().substring(0, Math.min(600, r.body().length())));
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ---------------------------------------------------------------------------------------------- cases

    /** One group count and protocol: the built-in and the Gatehouse way, for the same user. */
    record Case(int groups, String protocol, Issuer builtin, Issuer gatehouse) {
        String label() {
            return String.format(Locale.ROOT, "%,6d groups %-4s", groups, protocol);
        }
    }

    List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int count : GROUP_COUNTS) {
            String user = BenchMappersRealm.username(count);
            cases.add(new Case(count, "OIDC", new TokenIssuer(OIDC_BUILTIN, user), new TokenIssuer(OIDC_GATEHOUSE, user)));
            cases.add(new Case(count, "SAML", new SamlIssuer(SAML_BUILTIN, user), new SamlIssuer(SAML_GATEHOUSE, user)));
        }
        return cases;
    }

    /** Both mappers send the same groups, as many as the user has; Gatehouse's are sorted. Prints what it saw. */
    void verify(Case c) throws Exception {
        String b = c.builtin().issue();
        String g = c.gatehouse().issue();
        List<List<String>> bg = c.builtin().groups(b);
        List<List<String>> gg = c.gatehouse().groups(g);
        String where = c.protocol().equals("OIDC") ? "access token, ID token" : "AttributeValue elements";
        for (int k = 0; k < bg.size(); k++) {
            List<String> bv = bg.get(k);
            List<String> gv = gg.get(k);
            if (bv.size() != c.groups() || gv.size() != c.groups()) {
                throw new IllegalStateException(c.label() + ": expected " + c.groups() + " groups, built-in sent "
                        + bv.size() + ", Gatehouse " + gv.size());
            }
            if (!new HashSet<>(bv).equals(new HashSet<>(gv))) {
                throw new IllegalStateException(c.label() + ": built-in and Gatehouse send different groups");
            }
            List<String> sorted = new ArrayList<>(gv);
            sorted.sort(String.CASE_INSENSITIVE_ORDER);
            if (!sorted.equals(gv)) {
                throw new IllegalStateException(c.label() + ": Gatehouse's groups are not in alphabetical order");
            }
        }
        List<Integer> bc = bg.stream().map(List::size).toList();
        List<Integer> gc = gg.stream().map(List::size).toList();
        say("check %s: built-in %s, Gatehouse %s (%s); same names; response %,d / %,d bytes", c.label(), bc, gc, where,
                b.length(), g.length());
    }

    // ---------------------------------------------------------------------------------------------- timing

    static final class Samples {
        final List<Double> all = new ArrayList<>();
        List<Double> round = new ArrayList<>();
    }

    void timing() throws Exception {
        int warmup = intOption("warmup", 30);
        int rounds = intOption("rounds", 8);
        int maxSeconds = intOption("max-seconds", 420);
        Map<Integer, Integer> pairs = new LinkedHashMap<>();
        pairs.put(10, intOption("pairs-10", 60));
        pairs.put(1_000, intOption("pairs-1000", 40));
        pairs.put(10_000, intOption("pairs-10000", 10));

        say("Logging in the SAML browsers (one per user and SAML client) and checking what each mapper sends:");
        List<Case> cases = cases();
        for (Case c : cases) {
            verify(c);
        }

        long t0 = System.nanoTime();
        for (Case c : cases) {
            int n = Math.max(2, warmup * pairs.get(c.groups()) / pairs.get(10));
            for (int k = 0; k < n; k++) {
                c.builtin().issue();
                c.gatehouse().issue();
            }
        }
        say("Warm-up done in %.0f s (%d pairs per case at 10 groups, proportionally fewer above).", seconds(t0), warmup);

        Map<Case, Samples[]> samples = new LinkedHashMap<>();
        Map<Case, List<Double>> roundRatios = new LinkedHashMap<>();
        for (Case c : cases) {
            samples.put(c, new Samples[] {new Samples(), new Samples()});
            roundRatios.put(c, new ArrayList<>());
        }
        long start = System.nanoTime();
        int done = 0;
        for (int round = 0; round < rounds; round++) {
            if (round > 0 && seconds(start) > maxSeconds) {
                say("Stopping after %d rounds: over %d s of measuring.", round, maxSeconds);
                break;
            }
            long r0 = System.nanoTime();
            // Rotate the order of the cases from round to round, and alternate which mapper goes first per pair.
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get((k + round) % cases.size());
                Samples[] s = samples.get(c);
                s[0].round = new ArrayList<>();
                s[1].round = new ArrayList<>();
                for (int p = 0; p < pairs.get(c.groups()); p++) {
                    boolean builtinFirst = (p + round) % 2 == 0;
                    for (int side : builtinFirst ? new int[] {0, 1} : new int[] {1, 0}) {
                        Issuer issuer = side == 0 ? c.builtin() : c.gatehouse();
                        long q0 = System.nanoTime();
                        issuer.issue();
                        double ms = (System.nanoTime() - q0) / 1e6;
                        s[side].all.add(ms);
                        s[side].round.add(ms);
                    }
                }
                roundRatios.get(c).add(quantile(s[1].round, 0.5) / quantile(s[0].round, 0.5));
            }
            done = round + 1;
            say("Round %d/%d done in %.0f s.", done, rounds, seconds(r0));
        }

        say("");
        say("Results: %d rounds; per case and round, %s request pairs (built-in and Gatehouse alternating).", done,
                pairs.values());
        say("Latency of one request as the client sees it (ms). ratio = Gatehouse median / built-in median.");
        say("");
        say("| groups | protocol | built-in median (p90) | Gatehouse median (p90) | ratio | Δ median | per-round ratios | n |");
        say("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (Case c : cases) {
            Samples[] s = samples.get(c);
            double bm = quantile(s[0].all, 0.5);
            double gm = quantile(s[1].all, 0.5);
            List<Double> rr = roundRatios.get(c);
            say("| %,d | %s | %.2f ms (%.2f) | %.2f ms (%.2f) | **%.2f×** | %+.2f ms | %.2f–%.2f | %d |", c.groups(),
                    c.protocol().equals("OIDC") ? "OIDC token" : "SAML response", bm, quantile(s[0].all, 0.9), gm,
                    quantile(s[1].all, 0.9), gm / bm, gm - bm, rr.stream().mapToDouble(d -> d).min().orElse(0),
                    rr.stream().mapToDouble(d -> d).max().orElse(0), s[0].all.size());
        }
        say("");
        say("Measured in %.0f s.", seconds(start));
    }

    static double quantile(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(d -> d).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    // ---------------------------------------------------------------------------------------------- SQL

    /** SQL statements per request, from the server's org.hibernate.SQL debug log. */
    void sql() throws Exception {
        Path log = Path.of(options.get("sql-log"));
        int requests = intOption("sql-requests", 3);
        say("SQL statements per request, counted in %s: median (min–max) of %d requests each.", log, requests);
        say("warm: after a few requests of both mappers; caches cleared: right after POST clear-realm-cache and");
        say("clear-user-cache, so the request loads realm, client, user and groups from the database again.");
        List<Case> cases = cases();
        say("");
        say("| groups | protocol | built-in, warm | Gatehouse, warm | built-in, caches cleared | Gatehouse, caches cleared |");
        say("|---:|---|---:|---:|---:|---:|");
        for (Case c : cases) {
            // Warm: caches filled by a few requests of both first.
            for (int k = 0; k < 3; k++) {
                c.builtin().issue();
                c.gatehouse().issue();
            }
            String bw = statements(log, c.builtin(), requests, false);
            String gw = statements(log, c.gatehouse(), requests, false);
            String bc = statements(log, c.builtin(), requests, true);
            String gc = statements(log, c.gatehouse(), requests, true);
            say("| %,d | %s | %s | %s | %s | %s |", c.groups(), c.protocol().equals("OIDC") ? "OIDC token" : "SAML response",
                    bw, gw, bc, gc);
        }
        say("");
    }

    String statements(Path log, Issuer issuer, int requests, boolean cold) throws Exception {
        List<Double> counts = new ArrayList<>();
        for (int k = 0; k < requests; k++) {
            if (cold) {
                check(admin("POST", "/" + REALM + "/clear-realm-cache", null), 204, "clear realm cache");
                check(admin("POST", "/" + REALM + "/clear-user-cache", null), 204, "clear user cache");
            }
            quiet(log);
            long offset = Files.size(log);
            issuer.issue();
            quiet(log);
            counts.add((double) countSql(log, offset));
        }
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", quantile(counts, 0.5),
                counts.stream().mapToDouble(d -> d).min().orElse(0), counts.stream().mapToDouble(d -> d).max().orElse(0));
    }

    /** Waits until the log has stopped growing for a moment (the server has finished writing). */
    static void quiet(Path log) throws Exception {
        long size = -1;
        while (true) {
            Thread.sleep(250);
            long now = Files.size(log);
            if (now == size) {
                return;
            }
            size = now;
        }
    }

    static int countSql(Path log, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            if (f.length() < offset) {
                throw new IllegalStateException(log + " shrank: was it rotated or truncated?");
            }
            f.seek(offset);
            byte[] bytes = new byte[(int) (f.length() - offset)];
            f.readFully(bytes);
            int n = 0;
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains("[org.hibernate.SQL]")) {
                    n++;
                }
            }
            return n;
        }
    }
}
