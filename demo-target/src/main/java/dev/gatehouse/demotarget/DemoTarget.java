package dev.gatehouse.demotarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The application the demo provisions to, on one loopback port: a SCIM 2.0 server at {@code /scim/v2} (bearer
 * token), a Standard Webhooks receiver at {@code /webhooks}, and a page ({@code /}, JSON at {@code /received})
 * listing the users, groups and verified webhook messages that arrived. Everything is kept in memory.
 *
 * <p>{@code java -jar gatehouse-demo-target.jar PORT SCIM_TOKEN_FILE WEBHOOK_SECRET_FILE}: the two files are the
 * entries of Keycloak's file vault that the demo's targets name, so both sides hold the same secrets.
 */
public final class DemoTarget {

    private DemoTarget() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java -jar gatehouse-demo-target.jar PORT SCIM_TOKEN_FILE WEBHOOK_SECRET_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String token = read(Path.of(args[1]));
        // A vault entry may list several secrets (rotation); the demo's receiver verifies with the first.
        String secret = read(Path.of(args[2])).split("\\s+")[0];

        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        ScimTestServer scim = new ScimTestServer(token);
        scim.serveOn(server);
        WebhookTestReceiver webhooks = new WebhookTestReceiver(secret);
        webhooks.serveOn(server, "/webhooks");
        ReceivedPage page = new ReceivedPage(scim, webhooks);
        server.createContext("/", page::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("Demo target on http://localhost:" + port + "/ : SCIM " + scim.baseUrl()
                + ", webhooks " + webhooks.url());
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        return value;
    }
}
