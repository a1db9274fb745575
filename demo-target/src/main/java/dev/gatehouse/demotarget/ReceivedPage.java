package dev.gatehouse.demotarget;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.User;

/**
 * What arrived at the demo target: {@code GET /received} as JSON (for scripts), {@code GET /} as a page that
 * reloads itself. Users and groups as the SCIM server holds them now; webhook messages that passed verification,
 * newest first, and how many were refused.
 */
final class ReceivedPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScimTestServer scim;
    private final WebhookTestReceiver webhooks;

    ReceivedPage(ScimTestServer scim, WebhookTestReceiver webhooks) {
        this.scim = scim;
        this.webhooks = webhooks;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "text/plain", "GET only");
        } else if ("/received".equals(path)) {
            respond(exchange, 200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(received()));
        } else if ("/".equals(path)) {
            respond(exchange, 200, "text/html; charset=utf-8", html(received()));
        } else {
            respond(exchange, 404, "text/plain", "not found: try / or /received");
        }
    }

    ObjectNode received() {
        ObjectNode root = JSON.createObjectNode();
        List<User> users = scim.users();
        Map<String, String> userNames = users.stream().collect(Collectors.toMap(
                u -> u.getId().orElse(""), u -> u.getUserName().orElse("?"), (a, b) -> a));
        ArrayNode userList = root.putArray("users");
        users.stream().sorted(java.util.Comparator.comparing((User u) -> u.getUserName().orElse(""))).forEach(user -> {
            ObjectNode node = userList.addObject();
            node.put("userName", user.getUserName().orElse(null));
            node.put("name", text(user, "name", "formatted", u -> u.path("name").path("givenName").asText("")
                    + " " + u.path("name").path("familyName").asText("")).trim());
            node.put("email", user.path("emails").path(0).path("value").asText(null));
            node.put("active", user.isActive().orElse(true));
            node.put("externalId", user.getExternalId().orElse(null));
        });
        ArrayNode groupList = root.putArray("groups");
        scim.groups().stream().sorted(java.util.Comparator.comparing((Group g) -> g.getDisplayName().orElse(""))).forEach(group -> {
            ObjectNode node = groupList.addObject();
            node.put("displayName", group.getDisplayName().orElse(null));
            ArrayNode members = node.putArray("members");
            group.getMembers().forEach(m -> members.add(userNames.getOrDefault(m.getValue().orElse(""), m.getValue().orElse("?"))));
        });
        ObjectNode hooks = root.putObject("webhooks");
        ArrayNode verified = hooks.putArray("verified");
        List<WebhookTestReceiver.Message> accepted = webhooks.accepted();
        for (int i = accepted.size() - 1; i >= 0; i--) {
            WebhookTestReceiver.Message message = accepted.get(i);
            ObjectNode node = verified.addObject();
            node.put("webhookId", message.id());
            node.put("webhookTimestamp", message.timestamp());
            node.set("body", parse(message.body()));
        }
        hooks.put("refused", webhooks.refused().size());
        return root;
    }

    private static String text(JsonNode node, String object, String field, Function<JsonNode, String> otherwise) {
        JsonNode value = node.path(object).path(field);
        return value.isTextual() ? value.asText() : otherwise.apply(node);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    private static String html(ObjectNode received) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Gatehouse demo target</title><style>body{font-family:sans-serif;margin:2em}
                table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #aaa;padding:.3em .6em;text-align:left}
                pre{margin:0;white-space:pre-wrap}</style></head><body>
                <h1>Gatehouse demo target</h1>
                <p>What Gatehouse provisioned here (this page reloads every 5 s; JSON: <a href="/received">/received</a>).</p>
                """);
        page.append("<h2>SCIM users (/scim/v2/Users)</h2><table><tr><th>userName</th><th>name</th><th>email</th>"
                + "<th>active</th><th>externalId (Keycloak id)</th></tr>");
        received.path("users").forEach(u -> page.append(row(u.path("userName").asText(), u.path("name").asText(),
                u.path("email").asText(""), u.path("active").asText(), u.path("externalId").asText(""))));
        page.append("</table><h2>SCIM groups (/scim/v2/Groups)</h2><table><tr><th>displayName</th><th>members</th></tr>");
        received.path("groups").forEach(g -> {
            StringBuilder members = new StringBuilder();
            g.path("members").forEach(m -> members.append(members.length() == 0 ? "" : ", ").append(m.asText()));
            page.append(row(g.path("displayName").asText(), members.toString()));
        });
        JsonNode hooks = received.path("webhooks");
        page.append("</table><h2>Verified webhook messages (/webhooks), newest first</h2><p>Refused (bad signature or "
                + "timestamp): ").append(hooks.path("refused").asInt()).append("</p><table><tr><th>type</th>"
                + "<th>webhook-id</th><th>body</th></tr>");
        hooks.path("verified").forEach(m -> page.append("<tr><td>").append(escape(m.path("body").path("type").asText()))
                .append("</td><td>").append(escape(m.path("webhookId").asText())).append("</td><td><pre>")
                .append(escape(m.path("body").toPrettyString())).append("</pre></td></tr>"));
        return page.append("</table></body></html>").toString();
    }

    private static String row(String... cells) {
        StringBuilder row = new StringBuilder("<tr>");
        for (String cell : cells) {
            row.append("<td>").append(escape(cell)).append("</td>");
        }
        return row.append("</tr>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
