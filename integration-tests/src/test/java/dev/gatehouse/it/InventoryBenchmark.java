package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The inventory export of 100,000 external users: time to the last byte and Keycloak's heap while it streams.
 * Not part of {@code mvn verify}; run: {@code /work/helpers/it-run NAME InventoryBenchmark} (users:
 * {@code -Dgatehouse.bench.users=100000}).
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class InventoryBenchmark {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)");

    @InjectRealm(fromJson = "inventory-realm.json", ref = "inventory-bench")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @Test
    void exportOfOneHundredThousandExternalUsers() throws Exception {
        int users = Integer.getInteger("gatehouse.bench.users", 100_000);
        long importStart = System.nanoTime();
        for (int first = 0; first < users; first += 5_000) {
            PartialImportRepresentation batch = new PartialImportRepresentation();
            batch.setIfResourceExists("SKIP");
            List<UserRepresentation> page = new ArrayList<>();
            for (int i = first; i < Math.min(users, first + 5_000); i++) {
                UserRepresentation u = new UserRepresentation();
                u.setUsername(String.format("bench%06d", i));
                u.setEmail(String.format("bench%06d@partner.example", i));
                u.setEmailVerified(true);
                u.setEnabled(true);
                page.add(u);
            }
            batch.setUsers(page);
            try (Response r = realm.admin().partialImport(batch)) {
                assertEquals(200, r.getStatus());
            }
        }
        double importSeconds = (System.nanoTime() - importStart) / 1e9;

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peakHeap = new AtomicLong();
        double heapBefore = heapMb();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peakHeap.accumulateAndGet((long) heapMb(), Math::max);
                ProvisioningTargets.pause(500);
            }
        });
        sampler.start();
        long start = System.nanoTime();
        long firstByteNanos = 0;
        long rows = 0;
        long bytes = 0;
        HttpRequest request = HttpRequest.newBuilder(URI.create(AdminRest.adminBase(realm) + "/gatehouse-governance/inventory?format=csv"))
                .header("Authorization", "Bearer " + adminClient.tokenManager().getAccessTokenString()).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (rows == 0) {
                    firstByteNanos = System.nanoTime() - start;
                }
                rows++;
                bytes += line.length() + 2;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        done.set(true);
        sampler.join();
        String result = String.format(
                "users imported: %d in %.1f s%nexport: %d lines (header included), %.1f MB, first line after %.2f s, last after %.1f s (%.0f users/s)%n"
                        + "Keycloak heap: %.0f MB before, peak %.0f MB while streaming (server -Xmx512m)",
                users, importSeconds, rows, bytes / 1e6, firstByteNanos / 1e9, seconds, (rows - 1) / seconds, heapBefore,
                (double) peakHeap.get());
        System.out.println("[inventory-benchmark] " + result.replace("\n", "\n[inventory-benchmark] "));
        assertEquals(users + 5, rows, "header, the realm's 4 external users and every imported one");
    }

    private static double heapMb() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:9000/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            Matcher m = HEAP.matcher(r.body());
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum / 1_048_576;
        } catch (Exception e) {
            return 0;
        }
    }
}
