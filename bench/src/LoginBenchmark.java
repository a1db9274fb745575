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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * Browser-login benchmark of plain Keycloak against Keycloak with Gatehouse, all realms on one server, in one run.
 * Run by {@code bench/login-benchmark.sh} (single-file source launch, GreenMail on the class path).
 *
 * <p>A login is what a browser and the application do: GET the authorization endpoint (login page), POST username
 * and password, [email-OTP realm: POST the code], up to the 302 to the client's redirect URI carrying
 * {@code code=}; then the application exchanges the code for tokens. Every login starts with no cookies (a new
 * browser); the HTTP connection is reused (keep-alive), as a browser would. Only the HTTP requests are timed: for
 * the OTP realm, waiting for and reading the email between the password POST and the code POST is outside the
 * clock (Keycloak's own SMTP send happens inside the password POST and is timed).
 *
 * <p>Phases: {@code timing} (warm-up, then rounds interleaving the realms login by login, then a short
 * multi-threaded throughput run) and {@code sql} (statements per login, counted from Keycloak's
 * {@code org.hibernate.SQL} debug log; run against a server started with that log on).
 */
public final class LoginBenchmark {

    static final String REDIRECT = "http://127.0.0.1:18999/cb";
    static final String PASSWORD = "bench-password";
    static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    static final Pattern MAIL_CODE = Pattern.compile("^\\s*(\\d{6,10})\\s*$", Pattern.MULTILINE);

    record Scenario(String realm, String label, String username, boolean otp) {}

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("bench-plain", "plain Keycloak (built-in browser flow)", "olivia", false),
            new Scenario("bench-nomatch", "Gatehouse, 1 policy, does not apply", "olivia", false),
            new Scenario("bench-20", "Gatehouse, 20 policies, none applies", "olivia", false),
            new Scenario("bench-otp", "Gatehouse, policy applies: email OTP", "ada", true));

    final String base;
    final HttpClient http;
    final GreenMail mail;

    LoginBenchmark(String base, int smtpPort) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String phase = opt.getOrDefault("phase", "timing");
        LoginBenchmark bench = new LoginBenchmark(opt.getOrDefault("base", "http://127.0.0.1:18080"),
                Integer.parseInt(opt.getOrDefault("smtp-port", "12525")));
        bench.mail.start();
        try {
            bench.awaitRealms(Integer.parseInt(opt.getOrDefault("wait-seconds", "180")));
            bench.checkEachScenarioOnce();
            if (phase.equals("sql")) {
                bench.sqlPhase(Path.of(opt.get("sql-log")), Integer.parseInt(opt.getOrDefault("sql-logins", "20")),
                        Integer.parseInt(opt.getOrDefault("sql-cold-logins", "5")),
                        opt.getOrDefault("admin-user", "admin"), opt.getOrDefault("admin-password", "admin"));
            } else {
                bench.timingPhase(opt);
            }
        } finally {
            bench.mail.stop();
        }
    }

    // ------------------------------------------------------------------------------------------------ timing

    void timingPhase(Map<String, String> opt) throws Exception {
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "40"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "8"));
        int perRound = Integer.parseInt(opt.getOrDefault("logins-per-round", "48"));
        long maxSeconds = Long.parseLong(opt.getOrDefault("max-seconds", "300"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "4"));
        int concurrentSeconds = Integer.parseInt(opt.getOrDefault("concurrent-seconds", "2"));
        int concurrentPasses = Integer.parseInt(opt.getOrDefault("concurrent-passes", "10"));
        long serverPid = Long.parseLong(opt.getOrDefault("server-pid", "0"));

        ProcessHandle server = serverProcess(serverPid);
        log("warm-up: %d logins per realm", warmup);
        for (int i = 0; i < warmup; i++) {
            for (Scenario s : SCENARIOS) {
                login(s);
            }
        }
        mail.purgeEmailFromAllMailboxes();

        // Realms interleaved login by login, so a burst of noise from elsewhere on the machine hits every realm
        // alike; the order follows a Williams square, so each realm follows every other one about equally often
        // (what one login leaves behind, e.g. the OTP realm's mail, does not always land on the same realm).
        // Rounds only serve to see how stable the ratios are.
        int[][] orders = williams(SCENARIOS.size());
        Map<Scenario, List<Long>> times = new LinkedHashMap<>();
        Map<Scenario, long[]> cpu = new LinkedHashMap<>(); // {server CPU nanos, logins}
        Map<Scenario, List<Double>> roundMedians = new LinkedHashMap<>();
        for (Scenario s : SCENARIOS) {
            times.put(s, new ArrayList<>());
            cpu.put(s, new long[2]);
            roundMedians.put(s, new ArrayList<>());
        }
        String pressureBefore = machineLoad();
        long start = System.nanoTime();
        int done = 0;
        for (int r = 0; r < rounds; r++) {
            if (r > 0 && System.nanoTime() - start > maxSeconds * 1_000_000_000L) {
                log("time cap of %d s reached: stopping after %d of %d rounds", maxSeconds, r, rounds);
                break;
            }
            Map<Scenario, List<Long>> batch = new LinkedHashMap<>();
            SCENARIOS.forEach(s -> batch.put(s, new ArrayList<>()));
            for (int i = 0; i < perRound; i++) {
                for (int k : orders[i % orders.length]) {
                    Scenario s = SCENARIOS.get(k);
                    long cpuBefore = cpuNanos(server);
                    batch.get(s).add(login(s));
                    cpu.get(s)[0] += cpuNanos(server) - cpuBefore;
                    cpu.get(s)[1]++;
                }
            }
            for (Scenario s : SCENARIOS) {
                times.get(s).addAll(batch.get(s));
                roundMedians.get(s).add(percentile(batch.get(s), 50) / 1e6);
            }
            mail.purgeEmailFromAllMailboxes();
            done++;
            log("round %d/%d done, %.0f s", r + 1, rounds, (System.nanoTime() - start) / 1e9);
        }
        String pressureAfter = machineLoad();

        Map<Scenario, Double> throughput = new LinkedHashMap<>();
        Map<Scenario, List<Double>> passRates = new LinkedHashMap<>();
        List<Scenario> concurrent = SCENARIOS.stream().filter(s -> !s.otp()).toList();
        if (threads > 1 && concurrentSeconds > 0) {
            log("throughput: %d threads, %d s per realm, %d passes", threads, concurrentSeconds, concurrentPasses);
            Map<Scenario, long[]> counts = new LinkedHashMap<>();
            concurrent.forEach(s -> counts.put(s, new long[2])); // {logins, nanos}
            concurrent.forEach(s -> passRates.put(s, new ArrayList<>()));
            for (int p = 0; p < concurrentPasses; p++) {
                for (int k = 0; k < concurrent.size(); k++) {
                    Scenario s = concurrent.get((p + k) % concurrent.size());
                    long[] result = throughputRun(s, threads, concurrentSeconds);
                    counts.get(s)[0] += result[0];
                    counts.get(s)[1] += result[1];
                    passRates.get(s).add(result[0] / (result[1] / 1e9));
                }
            }
            counts.forEach((s, c) -> throughput.put(s, c[0] / (c[1] / 1e9)));
        }

        report(times, cpu, roundMedians, throughput, passRates, done, perRound, warmup, threads,
                concurrentSeconds, concurrentPasses, pressureBefore, pressureAfter);
    }

    /**
     * A Williams square for an even number of treatments: row r is 0, 1, n-1, 2, n-2, ... plus r (mod n); within
     * the rows every ordered pair of treatments follows each other exactly once.
     */
    static int[][] williams(int n) {
        int[] first = new int[n];
        for (int j = 1, lo = 1, hi = n - 1; j < n; j++) {
            first[j] = j % 2 == 1 ? lo++ : hi--;
        }
        int[][] rows = new int[n][n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < n; j++) {
                rows[r][j] = (first[j] + r) % n;
            }
        }
        return rows;
    }

    /** Logins for {@code seconds} on {@code threads} threads; returns {completed logins, elapsed nanos}. */
    long[] throughputRun(Scenario s, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        long t0 = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    login(s);
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        long logins = count.get();
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return new long[] {logins, elapsed};
    }

    void report(Map<Scenario, List<Long>> times, Map<Scenario, long[]> cpu, Map<Scenario, List<Double>> roundMedians,
            Map<Scenario, Double> throughput, Map<Scenario, List<Double>> passRates, int rounds, int perRound, int warmup, int threads, int concurrentSeconds,
            int concurrentPasses, String pressureBefore, String pressureAfter) {
        Scenario plain = SCENARIOS.get(0);
        double plainMedian = percentile(times.get(plain), 50);
        double plainMean = mean(times.get(plain));
        double plainCpu = cpuMsPerLogin(cpu.get(plain));
        boolean hasCpu = plainCpu > 0;
        StringBuilder out = new StringBuilder();
        out.append("\n=== Gatehouse login benchmark ===\n");
        out.append(String.format(Locale.ROOT, "date %s | %d CPUs seen by the client JVM | Java %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT,
                "sequential: 1 client thread, %d warm-up logins per realm, then %d rounds x %d logins per realm, "
                        + "realms interleaved login by login%n", warmup, rounds, perRound));
        out.append(String.format(Locale.ROOT, "machine before: %s%nmachine after:  %s%n", pressureBefore,
                pressureAfter));
        out.append(String.format(Locale.ROOT, "%-16s %6s %9s %8s %8s %9s %9s %8s %8s %15s %9s %8s%n",
                "realm", "logins", "median ms", "p90 ms", "mean ms", "logins/s", "CPU ms/l", "median", "mean",
                "rounds: median", "CPU", "4-thread"));
        out.append(String.format(Locale.ROOT, "%-16s %6s %9s %8s %8s %9s %9s %8s %8s %15s %9s %8s%n",
                "", "", "", "", "", "", "(server)", "x plain", "x plain", "x plain min-max", "x plain",
                "x plain"));
        for (Scenario s : SCENARIOS) {
            List<Long> t = times.get(s);
            if (t.isEmpty()) {
                continue;
            }
            double median = percentile(t, 50);
            double mean = mean(t);
            double cpuMs = cpuMsPerLogin(cpu.get(s));
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < roundMedians.get(s).size(); r++) {
                ratios.add(roundMedians.get(s).get(r) / roundMedians.get(plain).get(r));
            }
            String thr = throughput.containsKey(s) && throughput.containsKey(plain)
                    ? String.format(Locale.ROOT, "%.3f", throughput.get(plain) / throughput.get(s)) : "-";
            out.append(String.format(Locale.ROOT, "%-16s %6d %9.2f %8.2f %8.2f %9.2f %9s %8.3f %8.3f %15s %9s %8s%n",
                    s.realm(), t.size(), median / 1e6, percentile(t, 90) / 1e6, mean / 1e6, 1e9 / mean,
                    hasCpu ? String.format(Locale.ROOT, "%.1f", cpuMs) : "-",
                    median / plainMedian, mean / plainMean,
                    String.format(Locale.ROOT, "%.3f-%.3f", min(ratios), max(ratios)),
                    hasCpu ? String.format(Locale.ROOT, "%.3f", cpuMs / plainCpu) : "-", thr));
        }
        out.append("per-round median ms (round 1, 2, ...):\n");
        for (Scenario s : SCENARIOS) {
            out.append(String.format(Locale.ROOT, "  %-16s", s.realm()));
            roundMedians.get(s).forEach(m -> out.append(String.format(Locale.ROOT, " %7.1f", m)));
            out.append('\n');
        }
        if (!throughput.isEmpty()) {
            out.append(String.format(Locale.ROOT,
                    "throughput, %d client threads, %d x %d s per realm (OTP realm not run: its mail round trip "
                            + "would be in the wall clock):%n", threads, concurrentPasses, concurrentSeconds));
            throughput.forEach((s, v) -> {
                List<Double> ratios = new ArrayList<>();
                for (int p = 0; p < passRates.get(s).size(); p++) {
                    ratios.add(passRates.get(plain).get(p) / passRates.get(s).get(p));
                }
                out.append(String.format(Locale.ROOT,
                        "  %-16s %8.2f logins/s   time per login x plain %.3f   (passes: %.3f-%.3f)%n", s.realm(), v,
                        throughput.get(plain) / v, min(ratios), max(ratios)));
            });
        }
        out.append("x plain = ratio to bench-plain (1.000 = same cost; the target for a policy that does not "
                + "apply is <= 1.05).\n");
        out.append("CPU ms/l = Keycloak process CPU time (user+system, all threads) per login during that realm's "
                + "batches.\n");
        System.out.print(out);
    }

    static double cpuMsPerLogin(long[] c) {
        return c[1] == 0 ? 0 : c[0] / 1e6 / c[1];
    }

    /** The Keycloak JVM: {@code pid} itself, or (kc.sh's pid) its java child; null when unknown. */
    static ProcessHandle serverProcess(long pid) {
        if (pid <= 0) {
            return null;
        }
        return ProcessHandle.of(pid)
                .flatMap(p -> isJava(p) ? Optional.of(p) : p.descendants().filter(LoginBenchmark::isJava).findFirst())
                .orElse(null);
    }

    static boolean isJava(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false);
    }

    /** CPU time (user + system, all threads) of the process, in nanoseconds; 0 when unknown. */
    static long cpuNanos(ProcessHandle p) {
        return p == null ? 0 : p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Load average and CPU pressure (Linux), to show how busy the machine was with other work. */
    static String machineLoad() {
        StringBuilder out = new StringBuilder();
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            out.append("load average ").append(load[0]).append(' ').append(load[1]).append(' ').append(load[2]);
            String cpu = Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
            out.append(", CPU pressure ").append(cpu.replace("some ", "").replaceAll(" total=\\d+", ""));
        } catch (IOException | RuntimeException e) {
            // not Linux, or no PSI: nothing to add
        }
        return out.length() == 0 ? "n/a" : out.toString();
    }

    // ------------------------------------------------------------------------------------------------ sql

    enum Caches {
        WARM("warm caches"),
        USER_COLD("user cache cleared before each login"),
        ALL_COLD("realm and user caches cleared before each login");

        final String title;

        Caches(String title) {
            this.title = title;
        }
    }

    /**
     * SQL statements per login, by realm: with warm caches (the steady state), with the user cache cleared before
     * each login (a user not seen for a while), and with realm and user caches cleared (after an admin change).
     * Only the login's own requests fall inside the counting window; the admin calls that clear the caches happen
     * before it.
     */
    void sqlPhase(Path sqlLog, int logins, int coldLogins, String adminUser, String adminPassword) throws Exception {
        StringBuilder out = new StringBuilder("\n=== SQL statements per login (Keycloak's org.hibernate.SQL log) ===\n");
        out.append(String.format(Locale.ROOT, "%-16s", "realm"));
        for (Caches c : Caches.values()) {
            out.append(String.format(Locale.ROOT, " %14s", c.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        }
        out.append('\n');
        Map<Caches, Map<Scenario, Map<String, Integer>>> kinds = new LinkedHashMap<>();
        Map<Caches, Integer> counts = Map.of(Caches.WARM, logins, Caches.USER_COLD, coldLogins,
                Caches.ALL_COLD, coldLogins);
        for (Caches c : Caches.values()) {
            kinds.put(c, new LinkedHashMap<>());
        }
        for (Scenario s : SCENARIOS) {
            for (int i = 0; i < 5; i++) {
                login(s); // warm the realm and user caches
            }
            for (Caches c : Caches.values()) {
                Map<String, Integer> k = new TreeMap<>();
                if (c == Caches.WARM) {
                    long from = quietSize(sqlLog);
                    for (int i = 0; i < counts.get(c); i++) {
                        login(s);
                    }
                    statements(sqlLog, from, quietSize(sqlLog)).forEach((key, n) -> k.merge(key, n, Integer::sum));
                } else {
                    for (int i = 0; i < counts.get(c); i++) {
                        String token = adminToken(adminUser, adminPassword);
                        if (c == Caches.ALL_COLD) {
                            adminPost(token, "/admin/realms/" + s.realm() + "/clear-realm-cache");
                        }
                        adminPost(token, "/admin/realms/" + s.realm() + "/clear-user-cache");
                        long from = quietSize(sqlLog);
                        login(s);
                        statements(sqlLog, from, quietSize(sqlLog)).forEach((key, n) -> k.merge(key, n, Integer::sum));
                    }
                }
                kinds.get(c).put(s, k);
            }
            out.append(String.format(Locale.ROOT, "%-16s", s.realm()));
            for (Caches c : Caches.values()) {
                int total = kinds.get(c).get(s).values().stream().mapToInt(Integer::intValue).sum();
                out.append(String.format(Locale.ROOT, " %14.2f", total / (double) counts.get(c)));
            }
            out.append('\n');
            mail.purgeEmailFromAllMailboxes();
        }
        out.append(String.format(Locale.ROOT, "(logins counted per realm: %d warm, %d for each cold case)%n", logins,
                coldLogins));
        for (Caches c : Caches.values()) {
            boolean all = c == Caches.WARM;
            out.append(String.format(Locale.ROOT, "%s, statements per login by kind%s:%n", c.title,
                    all ? "" : " (only kinds whose count differs between realms)"));
            TreeMap<String, Boolean> keys = new TreeMap<>();
            kinds.get(c).values().forEach(m -> m.keySet().forEach(key -> keys.put(key, true)));
            out.append(String.format(Locale.ROOT, "  %-70s", "statement (start)"));
            SCENARIOS.forEach(sc -> out.append(String.format(Locale.ROOT, " %13s", sc.realm())));
            out.append('\n');
            int shown = 0;
            for (String key : keys.keySet()) {
                double[] perLogin = SCENARIOS.stream()
                        .mapToDouble(sc -> kinds.get(c).get(sc).getOrDefault(key, 0) / (double) counts.get(c)).toArray();
                if (!all && Arrays.stream(perLogin).allMatch(v -> v == perLogin[0])) {
                    continue;
                }
                shown++;
                out.append(String.format(Locale.ROOT, "  %-70s", key));
                Arrays.stream(perLogin).forEach(v -> out.append(String.format(Locale.ROOT, " %13.2f", v)));
                out.append('\n');
            }
            if (shown == 0) {
                out.append("  (none: every realm ran the same statements)\n");
            }
        }
        System.out.print(out);
    }

    String adminToken(String user, String password) throws Exception {
        HttpResponse<String> r = http.send(post(base + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=" + enc(user) + "&password=" + enc(password))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no admin token: " + r.statusCode() + " " + snippet(r.body()));
        }
        return m.group(1);
    }

    void adminPost(String token, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + snippet(r.body()));
        }
    }

    /** The log's size once it has stopped growing for 300 ms (the server has finished writing). */
    static long quietSize(Path file) throws Exception {
        long size = Files.size(file);
        for (int i = 0; i < 60; i++) {
            Thread.sleep(300);
            long now = Files.size(file);
            if (now == size) {
                return size;
            }
            size = now;
        }
        return size;
    }

    static Map<String, Integer> statements(Path file, long from, long to) throws IOException {
        byte[] bytes = new byte[(int) (to - from)];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(from);
            f.readFully(bytes);
        }
        Map<String, Integer> kinds = new TreeMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int at = line.indexOf("[org.hibernate.SQL]");
            if (at < 0) {
                continue;
            }
            String sql = line.substring(line.indexOf(')', at + 19) + 1).trim();
            kinds.merge(kind(sql), 1, Integer::sum);
        }
        return kinds;
    }

    /** "select ... from TABLE ... where ..." -> "select TABLE where COLUMNS" (a short, stable name). */
    static String kind(String sql) {
        String s = sql.replaceAll("\\s+", " ");
        String verb = s.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        Matcher table = Pattern.compile("(?i)\\b(?:from|into|update)\\s+([A-Z_0-9]+)").matcher(s);
        String name = table.find() ? table.group(1) : "?";
        if (verb.equals("select")) {
            Matcher joins = Pattern.compile("(?i)\\bjoin\\s+([A-Z_0-9]+)").matcher(s);
            StringBuilder j = new StringBuilder();
            while (joins.find()) {
                j.append('+').append(joins.group(1));
            }
            Matcher where = Pattern.compile("(?i)\\bwhere\\s+(.{0,40})").matcher(s);
            String w = where.find() ? " where " + where.group(1).replaceAll("[a-z0-9]+_[0-9]+\\.", "") : "";
            return (verb + " " + name + j + w).substring(0, Math.min(70, (verb + " " + name + j + w).length()));
        }
        return verb + " " + name;
    }

    // ------------------------------------------------------------------------------------------------ a login

    /** One login in a new browser; returns the nanoseconds spent in HTTP requests. */
    long login(Scenario s) throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        String state = UUID.randomUUID().toString();
        String auth = base + "/realms/" + s.realm() + "/protocol/openid-connect/auth?client_id=bench"
                + "&redirect_uri=" + enc(REDIRECT) + "&response_type=code&scope=openid&state=" + state
                + "&nonce=" + UUID.randomUUID();
        int mailBefore = s.otp() ? mail.getReceivedMessages().length : 0;

        long t0 = System.nanoTime();
        HttpResponse<String> page = send(get(auth), cookies);
        expect(page, 200, s, "login page");
        HttpResponse<String> afterPassword = send(post(formAction(page.body(), "kc-form-login"),
                "username=" + enc(s.username()) + "&password=" + enc(PASSWORD) + "&credentialId="), cookies);
        long timed = System.nanoTime() - t0;

        String code;
        if (s.otp()) {
            expect(afterPassword, 200, s, "code page");
            String action = formAction(afterPassword.body(), "gatehouse-otp-form");
            String otp = codeFromMail(mailBefore); // not timed
            long t1 = System.nanoTime();
            HttpResponse<String> afterCode = send(post(action, "code=" + otp), cookies);
            code = authorizationCode(afterCode, s, state);
            timed += System.nanoTime() - t1;
        } else {
            code = authorizationCode(afterPassword, s, state);
        }

        // The application's side of the login: the code for tokens (where Gatehouse's session guard also runs).
        long t2 = System.nanoTime();
        HttpResponse<String> tokens = http.send(post(base + "/realms/" + s.realm() + "/protocol/openid-connect/token",
                "grant_type=authorization_code&client_id=bench&redirect_uri=" + enc(REDIRECT) + "&code=" + enc(code))
                .build(), HttpResponse.BodyHandlers.ofString());
        timed += System.nanoTime() - t2;
        if (tokens.statusCode() != 200 || !tokens.body().contains("\"access_token\"")) {
            throw new IllegalStateException(s.realm() + ": code exchange failed: " + tokens.statusCode() + " "
                    + snippet(tokens.body()));
        }
        return timed;
    }

    /** The code from the 302 to the client; fails unless the login went through to the client. */
    static String authorizationCode(HttpResponse<String> r, Scenario s, String state) {
        String location = r.headers().firstValue("Location").orElse("");
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (r.statusCode() != 302 || !location.startsWith(REDIRECT + "?") || !code.find()
                || !location.contains("state=" + state)) {
            throw new IllegalStateException(s.realm() + ": expected a 302 to the client with a code, got "
                    + r.statusCode() + " Location=" + location + " body=" + snippet(r.body()));
        }
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    static void expect(HttpResponse<String> r, int status, Scenario s, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(s.realm() + ": expected the " + what + " (" + status + "), got "
                    + r.statusCode() + " Location=" + r.headers().firstValue("Location").orElse("") + " body="
                    + snippet(r.body()));
        }
    }

    String codeFromMail(int countBefore) throws Exception {
        if (!mail.waitForIncomingEmail(10_000, countBefore + 1)) {
            throw new IllegalStateException("no email with a code arrived within 10 s");
        }
        MimeMessage[] all = mail.getReceivedMessages();
        String text = part(all[all.length - 1].getContent(), "text/plain");
        Matcher m = MAIL_CODE.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalStateException("no code in the email");
        }
        return m.group(1);
    }

    static String part(Object content, String type) throws Exception {
        if (content instanceof String s) {
            return s;
        }
        Multipart multipart = (Multipart) content;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart p = multipart.getBodyPart(i);
            if (p.getContent() instanceof Multipart nested) {
                String found = part(nested, type);
                if (found != null) {
                    return found;
                }
            } else if (p.isMimeType(type)) {
                return (String) p.getContent();
            }
        }
        return null;
    }

    HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty() || Arrays.stream(parts).anyMatch(
                    a -> a.trim().toLowerCase(Locale.ROOT).replace(" ", "").equals("max-age=0"));
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    }

    static HttpRequest.Builder post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    /** The action URL of the form with this id, HTML-unescaped. */
    static String formAction(String html, String formId) {
        Matcher tags = FORM_TAG.matcher(html);
        while (tags.find()) {
            String tag = tags.group();
            if (tag.contains("id=\"" + formId + "\"")) {
                Matcher action = ACTION.matcher(tag);
                if (action.find()) {
                    return unescape(action.group(1));
                }
            }
        }
        throw new IllegalStateException("no form " + formId + " in page: " + snippet(html));
    }

    static String unescape(String s) {
        Matcher m = Pattern.compile("&(amp|quot|lt|gt|apos|#(\\d+)|#[xX]([0-9a-fA-F]+));").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rep = switch (m.group(1)) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "lt" -> "<";
                case "gt" -> ">";
                case "apos" -> "'";
                default -> String.valueOf((char) (m.group(2) != null ? Integer.parseInt(m.group(2))
                        : Integer.parseInt(m.group(3), 16)));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
    }

    // ------------------------------------------------------------------------------------------------ setup

    void awaitRealms(int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (Scenario s : SCENARIOS) {
            String url = base + "/realms/" + s.realm() + "/.well-known/openid-configuration";
            while (true) {
                try {
                    if (http.send(get(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // server still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("realm " + s.realm() + " not served after " + seconds + " s");
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Fails fast, with the server's answer, when a realm does not behave as its scenario expects. */
    void checkEachScenarioOnce() throws Exception {
        for (Scenario s : SCENARIOS) {
            login(s);
        }
        mail.purgeEmailFromAllMailboxes();
        log("each realm logs in as expected (OTP realm: code read from the email)");
    }

    // ------------------------------------------------------------------------------------------------ stats

    static double percentile(List<Long> values, int p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
