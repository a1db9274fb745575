package dev.gatehouse.it.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as a load balancer without sticky sessions makes it: one cookie jar, each request sent to whichever
 * node the test names. All nodes listen on 127.0.0.1, and cookies do not depend on the port, so the jar holds
 * one set of cookies for the whole cluster. Redirects inside Keycloak are followed on the node that answered;
 * the final redirect to the client is kept, not followed.
 */
public final class ClusterBrowser {

    public static final String CLIENT_ID = "cluster-app";
    public static final String REDIRECT_URI = "http://127.0.0.1/cluster-app/callback";

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** What the browser shows after a request: a Keycloak page, or the redirect back to the client. */
    public record Page(URI uri, int status, String body, Optional<URI> clientRedirect) {

        public boolean showsForm(String formId) {
            return body.contains("id=\"" + formId + "\"");
        }

        /** The action URL of the form with this id, as a browser would submit it. */
        public URI formAction(String formId) {
            Matcher forms = FORM.matcher(body);
            while (forms.find()) {
                String tag = forms.group();
                if (tag.contains("id=\"" + formId + "\"")) {
                    Matcher action = ACTION.matcher(tag);
                    if (action.find()) {
                        return uri.resolve(action.group(1).replace("&amp;", "&"));
                    }
                }
            }
            throw new AssertionError("no form " + formId + " on " + uri + ":\n" + body);
        }

        /** The authorization code the client received, if the sign-in is complete. */
        public Optional<String> authorizationCode() {
            return clientRedirect.flatMap(r -> param(r, "code"));
        }

        public Optional<String> clientError() {
            return clientRedirect.flatMap(r -> param(r, "error"));
        }

        private static Optional<String> param(URI uri, String name) {
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return Optional.of(java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    /** Opens the client's sign-in on a node. */
    public Page openSignIn(KeycloakNode node, String realm) throws Exception {
        return get(URI.create(node.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + CLIENT_ID
                + "&response_type=code&scope=openid&state=cluster-test&redirect_uri=" + AdminRest.urlEncode(REDIRECT_URI)));
    }

    /** Submits a form of a page to a node, possibly another than the one that served the page. */
    public Page submit(Page page, String formId, KeycloakNode node, Map<String, String> fields) throws Exception {
        URI action = onNode(page.formAction(formId), node);
        String form = fields.entrySet().stream()
                .map(e -> AdminRest.urlEncode(e.getKey()) + "=" + AdminRest.urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        return follow(send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))));
    }

    public Page get(URI uri) throws Exception {
        return follow(send(HttpRequest.newBuilder(uri).GET()));
    }

    /** The same URL on another node: what a load balancer does with the next request. */
    static URI onNode(URI uri, KeycloakNode node) {
        URI base = URI.create(node.baseUrl());
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private Page follow(HttpResponse<String> response) throws Exception {
        for (int hops = 0; hops < 10; hops++) {
            int status = response.statusCode();
            if (status < 300 || status >= 400) {
                return new Page(response.uri(), status, response.body(), Optional.empty());
            }
            URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (location.toString().startsWith(REDIRECT_URI)) {
                return new Page(response.uri(), status, response.body(), Optional.of(location));
            }
            response = send(HttpRequest.newBuilder(location).GET());
        }
        throw new AssertionError("too many redirects from " + response.uri());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            store(header);
        }
        return response;
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
            if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970") || attribute.startsWith("expires=thu, 01-jan-1970")) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}
