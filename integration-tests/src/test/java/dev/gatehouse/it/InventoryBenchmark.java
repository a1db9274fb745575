package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.runonserver.InjectRunOnServer;
import org.keycloak.testframework.remote.runonserver.RunOnServerClient;

/**
 * The inventory export of N external users (default 100,000; {@code -Dgatehouse.bench.users=N}), as CSV and as
 * JSON: time to the first and the last byte, users/s, size, and Keycloak's heap (metrics endpoint, sampled every
 * 200 ms) while it streams. The users are written straight into Keycloak's H2 tables (run-on-server, as
 * {@link FullSyncBenchmark}): every one external under "Partners verify by email", every 10th also with two
 * attributes and in /contractors. With {@code -Dgatehouse.it.sql-log=true} it also counts the SQL statements of
 * each page of the export in the server log (slower: run it with fewer users). Not part of {@code mvn verify};
 * run: {@code it-run NAME InventoryBenchmark -Dkc.test.database=dev-file} (the H2 file keeps the users out of
 * Keycloak's heap), see docs/benchmarks.md.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class InventoryBenchmark {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final Pattern OLD = Pattern.compile("jvm_memory_used_bytes\\{[^}]*id=\"G1 Old Gen\"[^}]*} ([0-9.E+]+)");
    private static final Pattern LIVE = Pattern.compile("jvm_gc_live_data_size_bytes(?:\\{[^}]*})? ([0-9.E+]+)");
    private static final Pattern THREAD = Pattern.compile("] \\(([^)]+)\\) ");
    private static final int CHUNK = 50_000;
    /** ada, cora, rita and +2-1 of the realm file. */
    private static final int REALM_FILE_EXTERNALS = 4;

    @InjectRealm(fromJson = "inventory-realm.json", ref = "inventory-bench")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectRunOnServer(permittedPackages = "dev.gatehouse.it", realmRef = "inventory-bench")
    RunOnServerClient server;

    @Test
    void exportOfOneHundredThousandExternalUsers() throws Exception {
        int users = Integer.getInteger("gatehouse.bench.users", 100_000);
        String realmName = realm.getName();
        GroupRepresentation contractors = realm.admin().groups().groups().stream()
                .filter(g -> g.getName().equals("contractors")).findFirst().orElseThrow();
        long setupStart = System.nanoTime();
        for (int first = 1; first <= users; first += CHUNK) {
            server.run(SyncOnServer.insertUsers(realmName, contractors.getId(), first, Math.min(users, first + CHUNK - 1)));
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

        StringBuilder result = new StringBuilder(String.format("users written into H2: %d in %.1f s (every 10th with 2 attributes"
                + " and in /contractors); the realm file's %d external users besides%n", users, setupSeconds, REALM_FILE_EXTERNALS));
        Path log = GatehouseServerConfig.logFile();
        for (String format : System.getProperty("gatehouse.bench.formats", "csv,json,csv").split(",")) {
            Run run = export(format);
            result.append(run.describe()).append(String.format("%n"));
            assertEquals(users + REALM_FILE_EXTERNALS, run.users, format + ": every external user once");
            if (Boolean.getBoolean("gatehouse.it.sql-log")) {
                awaitExportLogged(log);
                List<Integer> perPage = statementsPerPage(log);
                result.append(String.format("  SQL statements per page of the export (server log): %s%n", summary(perPage)));
                // a fixed number per page (9 with this realm, a few more on the first): one per user would be hundreds
                assertTrue(perPage.stream().allMatch(n -> n <= 20), "SQL statements per page: " + perPage);
            }
        }
        System.out.println("=== Gatehouse inventory benchmark ===\n" + result);
        Files.writeString(Path.of("target", "inventory-benchmark.txt"), result.toString());
    }

    private Run export(String format) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        AtomicLong peakOld = new AtomicLong();
        double[] before = heapMb();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                double[] heap = heapMb();
                peakHeap.accumulateAndGet((long) heap[0], Math::max);
                peakLive.accumulateAndGet((long) heap[1], Math::max);
                peakOld.accumulateAndGet((long) heap[2], Math::max);
                ProvisioningTargets.pause(200);
            }
        });
        sampler.start();
        Run run = new Run(format);
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(AdminRest.adminBase(realm) + "/gatehouse-governance/inventory?format=" + format))
                .header("Authorization", "Bearer " + adminClient.tokenManager().getAccessTokenString()).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        run.headersSeconds = (System.nanoTime() - start) / 1e9;
        try (CountingStream body = new CountingStream(response.body(), () -> run.firstByteSeconds = (System.nanoTime() - start) / 1e9)) {
            if (format.equals("csv")) {
                run.users = csvRecords(body) - 1;
            } else {
                run.users = jsonObjects(body);
            }
            run.bytes = body.count;
        }
        run.lastByteSeconds = (System.nanoTime() - start) / 1e9;
        done.set(true);
        sampler.join();
        double[] end = heapMb();
        run.heapBefore = before[0];
        run.heapPeak = Math.max(peakHeap.get(), end[0]);
        run.heapEnd = end[0];
        run.liveBefore = before[1];
        run.livePeak = Math.max(peakLive.get(), end[1]);
        run.oldBefore = before[2];
        run.oldPeak = Math.max(peakOld.get(), end[2]);
        run.oldEnd = end[2];
        return run;
    }

    /** Lines ending in CRLF outside quotes: the CSV's records, header included. */
    private static long csvRecords(InputStream in) throws IOException {
        long records = 0;
        boolean quoted = false;
        int previous = -1;
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0;) {
            for (int i = 0; i < n; i++) {
                int c = buffer[i];
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' && previous == '\r' && !quoted) {
                    records++;
                }
                previous = c;
            }
        }
        return records;
    }

    /** The objects of the top-level array, read by Jackson's streaming parser (so the JSON must parse). */
    private static long jsonObjects(InputStream in) throws IOException {
        long objects = 0;
        try (JsonParser parser = new JsonFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new AssertionError("the JSON export is not an array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.skipChildren();
                objects++;
            }
            if (parser.currentToken() != JsonToken.END_ARRAY || parser.nextToken() != null) {
                throw new AssertionError("the JSON export does not end with its array");
            }
        }
        return objects;
    }

    /**
     * SQL statements of each page of the last export in the log: the statements on the export's thread since its
     * previous page (or since its start), per page line InventoryExport logs at debug. The log rotates (10 MB), so
     * its backups are read too, oldest first.
     */
    private static List<Integer> statementsPerPage(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int backup = 9; backup >= 1; backup--) {
            Path rotated = log.resolveSibling(log.getFileName() + "." + backup);
            if (Files.exists(rotated)) {
                lines.addAll(Files.readAllLines(rotated, StandardCharsets.UTF_8));
            }
        }
        lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("Inventory export of realm") && lines.get(i).contains(" started")) {
                start = i;
            }
        }
        List<Integer> perPage = new ArrayList<>();
        if (start < 0) {
            return perPage;
        }
        Matcher first = THREAD.matcher(lines.get(start));
        String exportThread = first.find() ? first.group(1) : "";
        int statements = 0;
        for (String line : lines.subList(start + 1, lines.size())) {
            Matcher t = THREAD.matcher(line);
            if (!t.find() || !t.group(1).equals(exportThread)) {
                continue;
            }
            if (line.contains("Inventory export of realm") && line.contains("batch of")) {
                perPage.add(statements);
                statements = 0;
            } else if (line.contains("[org.hibernate.SQL]")) {
                statements++;
            }
        }
        return perPage;
    }

    private static String summary(List<Integer> perPage) {
        if (perPage.isEmpty()) {
            return "none counted (no page lines in the log)";
        }
        List<Integer> sorted = perPage.stream().sorted().toList();
        return String.format("%d pages, median %d (min %d, max %d; first page %d), %d in all", perPage.size(),
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), perPage.get(0),
                perPage.stream().mapToInt(Integer::intValue).sum());
    }

    /** Heap used (all heap pools), G1's live data after the last collection, and G1's old generation, in MB. */
    private static double[] heapMb() {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double used = 0;
            Matcher m = HEAP.matcher(body);
            while (m.find()) {
                used += Double.parseDouble(m.group(1));
            }
            Matcher live = LIVE.matcher(body);
            Matcher old = OLD.matcher(body);
            return new double[] {used / 1_048_576, live.find() ? Double.parseDouble(live.group(1)) / 1_048_576 : 0,
                    old.find() ? Double.parseDouble(old.group(1)) / 1_048_576 : 0};
        } catch (IOException | InterruptedException e) {
            return new double[] {0, 0, 0};
        }
    }

    private static final class Run {
        final String format;
        long users;
        long bytes;
        double headersSeconds;
        double firstByteSeconds;
        double lastByteSeconds;
        double heapBefore;
        double heapPeak;
        double heapEnd;
        double liveBefore;
        double livePeak;
        double oldBefore;
        double oldPeak;
        double oldEnd;

        Run(String format) {
            this.format = format;
        }

        String describe() {
            return String.format("%s: %d users, %.1f MB; headers after %.3f s, first byte %.3f s, last byte %.1f s: %.0f users/s;"
                            + " Keycloak heap used %.0f MB before, peak %.0f MB, %.0f MB at the end (-Xmx512m);"
                            + " old generation %.0f MB before, peak %.0f MB, %.0f MB at the end;"
                            + " live data after GC %.0f MB before, at most %.0f MB", format.toUpperCase(java.util.Locale.ROOT), users,
                    bytes / 1e6, headersSeconds, firstByteSeconds, lastByteSeconds, users / lastByteSeconds, heapBefore, heapPeak,
                    heapEnd, oldBefore, oldPeak, oldEnd, liveBefore, livePeak);
        }
    }

    /** Counts the bytes read and says when the first arrived. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final Runnable onFirstByte;
        long count;

        CountingStream(InputStream in, Runnable onFirstByte) {
            super(in);
            this.onFirstByte = onFirstByte;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            counted(n);
            return n;
        }

        private void counted(int n) {
            if (n > 0) {
                if (count == 0) {
                    onFirstByte.run();
                }
                count += n;
            }
        }
    }

    /**
     * Waits (up to 30 s) until the log ends the last export with its total line: the server's background tasks log
     * SQL every second, so the log never stops growing.
     */
    private static void awaitExportLogged(Path log) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int last = text.lastIndexOf("Inventory export of realm");
            int end = last < 0 ? -1 : text.indexOf('\n', last);
            if (end > 0 && text.substring(last, end).contains(" users in ")) {
                return; // "Inventory export of realm …: N users in M ms", written after the last page
            }
            ProvisioningTargets.pause(250);
        }
    }
}
