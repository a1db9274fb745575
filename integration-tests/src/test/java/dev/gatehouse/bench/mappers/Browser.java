package dev.gatehouse.bench.mappers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A browser's cookie jar on one HTTP connection pool. Keycloak marks its cookies {@code Secure} even over plain
 * HTTP on a dev server (browsers treat localhost as secure); {@link java.net.CookieManager} would then never send
 * them back over http://127.0.0.1, so this jar keeps cookies by name and path and sends them as they came.
 */
final class Browser {

    private record Cookie(String value, String path) {
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private final String origin;

    Browser(String origin) {
        this.origin = origin;
    }

    HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), url);
    }

    HttpResponse<String> post(String url, String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), url);
    }

    /** Follows redirects that stay on Keycloak; a redirect elsewhere is answered as is. */
    HttpResponse<String> follow(HttpResponse<String> r) throws Exception {
        for (int hop = 0; hop < 10; hop++) {
            int s = r.statusCode();
            if (s != 301 && s != 302 && s != 303 && s != 307) {
                return r;
            }
            URI next = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
            if (!next.toString().startsWith(origin)) {
                return r;
            }
            r = get(next.toString());
        }
        throw new IllegalStateException("too many redirects");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String url) throws Exception {
        String path = URI.create(url).getPath();
        StringBuilder header = new StringBuilder();
        for (Map.Entry<String, Cookie> c : cookies.entrySet()) {
            if (path.startsWith(c.getValue().path())) {
                if (header.length() > 0) {
                    header.append("; ");
                }
                header.append(c.getKey()).append('=').append(c.getValue().value());
            }
        }
        if (header.length() > 0) {
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            keep(set);
        }
        return r;
    }

    private void keep(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        String path = "/";
        boolean expired = false;
        for (int k = 1; k < parts.length; k++) {
            String attribute = parts[k].strip();
            String lower = attribute.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = attribute.substring(5);
            } else if (lower.equals("max-age=0") || (lower.startsWith("expires=") && lower.contains("1970"))) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, new Cookie(value, path));
        }
    }
}
