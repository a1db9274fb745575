package dev.gatehouse.it.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * One Keycloak server process of the cluster ({@code kc.sh start --optimized}) with its own HTTP, management and
 * JGroups ports, bound to 127.0.0.1, its console output in a log file per start. It can be stopped cleanly
 * (SIGTERM, as an orchestrator does) or killed ({@code kill -9}: no shutdown hook, no leave message).
 */
public final class KeycloakNode {

    private static final Logger LOG = Logger.getLogger(KeycloakNode.class);
    /** Infinispan's log line for a new JGroups view, e.g. {@code ... channel ISPN: [a-1234|1] (2) [a-1234, b-5678]}. */
    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\((\\d+)\\)");

    private static final Pattern JGROUPS_CLOSE_NOISE = Pattern.compile("ERROR \\[org\\.jgroups\\.protocols\\.TCP\\] .*: failed sending graceful close to ");

    /** The ports of one node: none of them used by the other integration tests (8080, 9000, 8500, 3025). */
    public record Ports(int http, int management, int jgroups) {
    }

    private final String name;
    private final KeycloakInstallation installation;
    private final String jdbcUrl;
    private final Ports ports;
    private final Path logDir;
    private final List<String> extraOptions;
    private final String javaOptions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int starts;
    private long startedAt;
    private Duration lastStartTime;

    public KeycloakNode(String name, KeycloakInstallation installation, String jdbcUrl, Ports ports, Path logDir,
                        List<String> extraOptions) {
        this(name, installation, jdbcUrl, ports, logDir, extraOptions, "");
    }

    /** The same with options for the server's JVM ({@code JAVA_OPTS_APPEND}), e.g. Flight Recorder's stack depth. */
    public KeycloakNode(String name, KeycloakInstallation installation, String jdbcUrl, Ports ports, Path logDir,
                        List<String> extraOptions, String javaOptions) {
        this.extraOptions = List.copyOf(extraOptions);
        this.javaOptions = javaOptions;
        this.name = name;
        this.installation = installation;
        this.jdbcUrl = jdbcUrl;
        this.ports = ports;
        this.logDir = logDir;
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ports.http();
    }

    public Path log() {
        return log;
    }

    /**
     * Keycloak's file vault of this node, shared by all nodes of a cluster (a sibling of the log directory):
     * a provisioning target's secret {@code ${vault.KEY}} of realm R is the file {@code R_KEY} here.
     */
    public Path vaultDir() {
        return logDir.resolveSibling("vault");
    }

    /** The node's meters in Prometheus text format, from its management port. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.management() + "/metrics"))
                .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The sum of a meter's samples over all its labels, e.g. a counter {@code ..._total}; 0 when absent. */
    public double meter(String meterName) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : metrics().split("\n")) {
            if (line.startsWith(meterName + " ") || line.startsWith(meterName + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** How long the last start took until the node was ready. */
    public Duration lastStartTime() {
        return lastStartTime;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process; {@link #awaitReady} waits for it. */
    public void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        Files.createDirectories(logDir);
        Files.createDirectories(vaultDir());
        log = logDir.resolve(name + "-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(installation.home().resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--db-url=" + jdbcUrl,
                "--db-username=" + PostgresDatabase.USER,
                "--db-password=unused-with-trust-auth",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + ports.http(),
                "--http-management-port=" + ports.management(),
                "--hostname-strict=false",
                // jdbc-ping (the default stack): the nodes find each other through the JGROUPS_PING table.
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + ports.jgroups(),
                "--vault-dir=" + vaultDir(),
                "--log-level=INFO,dev.gatehouse:debug"));
        command.addAll(extraOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        if (!javaOptions.isEmpty()) {
            builder.environment().put("JAVA_OPTS_APPEND", javaOptions);
        }
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        startedAt = System.nanoTime();
        process = builder.start();
        LOG.infof("Started Keycloak node %s (pid %d), log %s", name, process.pid(), log);
    }

    /** Waits until the management port answers ready (database, caches up). */
    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.management() + "/health/ready"))
                .timeout(Duration.ofSeconds(20)).build();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    lastStartTime = Duration.ofNanos(System.nanoTime() - startedAt);
                    LOG.infof("Keycloak node %s ready after %d ms", name, lastStartTime.toMillis());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    /** Waits until this node's last cluster view (as logged since its start) has {@code members} members. */
    public void awaitClusterView(int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clusterViewSize() == members) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " has no cluster view of " + members + " within " + timeout + ":\n" + tail());
    }

    /** The member count of the last cluster view this node logged since its start; 0 before the first. */
    public int clusterViewSize() throws IOException {
        Matcher m = CLUSTER_VIEW.matcher(Files.readString(log));
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    /**
     * The log lines of this start at ERROR level, less JGroups' own noise when two nodes connect: over the TLS
     * that Keycloak puts between nodes, JGroups closes the duplicate of two simultaneous connections without the
     * TLS goodbye and logs that at ERROR ({@code failed sending graceful close}) on both nodes, at every join.
     */
    public List<String> errorLines() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(" ERROR "))
                .filter(l -> !JGROUPS_CLOSE_NOISE.matcher(l).find())
                .toList();
    }

    /** Stops the server as an orchestrator does: SIGTERM, then waits for a clean shutdown. */
    public void stop() throws InterruptedException {
        if (!isRunning()) {
            return;
        }
        // kc.sh forwards TERM to its Java child; signal both, the script may not have installed its trap yet.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            LOG.warnf("Keycloak node %s did not stop within 60 s; killing it", name);
            kill();
        }
    }

    /**
     * {@code kill -9} of the server's JVM: the node vanishes without leaving the cluster, finishing requests or
     * running a shutdown hook. kc.sh runs Java as its child (not by exec), so the JVM is killed first and by its
     * own pid — killing only the script would leave the server running — then the script. Answers the JVM's pid.
     */
    public long kill() throws InterruptedException {
        if (!isRunning()) {
            return -1;
        }
        ProcessHandle jvm = jvm();
        jvm.destroyForcibly();
        try {
            jvm.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + "'s JVM " + jvm.pid() + " survived kill -9", e);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LOG.infof("Killed Keycloak node %s: JVM pid %d (kill -9)", name, jvm.pid());
        return jvm.pid();
    }

    /** The pid of the server's JVM (kc.sh's Java child), e.g. for {@code jcmd}. */
    public long jvmPid() {
        return jvm().pid();
    }

    private ProcessHandle jvm() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException(name + " has no Java process"));
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
