package dev.gatehouse.provisioning.target;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.keycloak.Config;

/**
 * Which hosts Gatehouse may send provisioning calls (and OAuth token requests) to, so an admin's target URL cannot
 * turn Keycloak into a proxy into its own network (SSRF). By default only public addresses over https. The server
 * option {@code --spi-events-listener--gatehouse-provisioning--allow-private-targets=true} also allows loopback and
 * private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), for intranet deployments and tests, and
 * then http too, for loopback only. Never allowed: link-local addresses (169.254/16, fe80::/10, where clouds serve
 * instance metadata and credentials), other known metadata addresses, the unspecified address and multicast.
 *
 * <p>Checked three times: the URL's own form whenever a target is parsed (no DNS), the addresses its host resolves
 * to when it is saved, and again just before every call, since DNS can change after the save. The HTTP client
 * resolves the name once more to connect; the JVM's DNS cache makes that the same answer except in a narrow race.
 */
public final class TargetAddressPolicy {

    public static final String OPTION = "allowPrivateTargets";
    public static final TargetAddressPolicy PUBLIC_ONLY = new TargetAddressPolicy(false);
    public static final TargetAddressPolicy ALLOW_PRIVATE = new TargetAddressPolicy(true);

    private static final String HOW_TO_ALLOW = "start the server with "
            + "--spi-events-listener--gatehouse-provisioning--allow-private-targets=true to allow private targets";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Metadata services outside the link-local range: Alibaba Cloud's, AWS's IPv6 one, GCP's name. */
    private static final Set<String> METADATA = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254", "metadata.google.internal");

    /** Resolves a host name; the JVM's resolver in production, a fixed answer in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;

    private TargetAddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** This server's policy, from the provisioning listener's SPI options. */
    public static TargetAddressPolicy fromServerConfig() {
        Config.Scope scope = Config.scope("eventsListener", "gatehouse-provisioning");
        return scope != null && Boolean.TRUE.equals(scope.getBoolean(OPTION, false)) ? ALLOW_PRIVATE : PUBLIC_ONLY;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Why the URL itself may not be called (scheme, literal address, well-known name), or null. No DNS. */
    public String refusal(URI url, String label) {
        String host = host(url);
        boolean http = "http".equalsIgnoreCase(url.getScheme());
        if (METADATA.contains(host)) {
            return label + " points to a cloud metadata service (" + host + "); Gatehouse never calls those.";
        }
        InetAddress literal = literal(host);
        if (literal != null) {
            String refused = refusal(literal, label);
            if (refused != null) {
                return refused;
            }
        } else if (isLoopbackName(host) && !allowPrivate) {
            return label + " points to this server (" + host + "); " + HOW_TO_ALLOW + ".";
        }
        boolean loopback = literal != null ? literal.isLoopbackAddress() : isLoopbackName(host);
        if (http && !(allowPrivate && loopback)) {
            return label + " must use https (http is accepted only for loopback addresses, and only when private targets are allowed).";
        }
        return null;
    }

    /** Why a host that resolves to these addresses may not be called, or null; an unknown host is left to the call. */
    public String refusalOfResolved(URI url, String label, Resolver resolver) {
        String host = host(url);
        if (literal(host) != null) {
            return null; // judged by refusal(url, label) without DNS
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException unknown) {
            return null;
        }
        for (InetAddress address : addresses) {
            String refused = refusal(address, label + " host " + host);
            if (refused != null) {
                return refused;
            }
            if ("http".equalsIgnoreCase(url.getScheme()) && !address.isLoopbackAddress()) {
                return label + " must use https: " + host + " resolves to " + address.getHostAddress() + ", not a loopback address.";
            }
        }
        return null;
    }

    String refusal(InetAddress address, String label) {
        InetAddress a = unmapped(address);
        String shown = a.getHostAddress();
        if (METADATA.contains(shown)) {
            return label + " points to a cloud metadata service (" + shown + "); Gatehouse never calls those.";
        }
        if (a.isLinkLocalAddress()) {
            return label + " points to a link-local address (" + shown + "), where clouds serve instance metadata; "
                    + "Gatehouse never calls those.";
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || isThisNetworkOrBroadcast(a)) {
            return label + " points to " + shown + ", which is not an address of a server.";
        }
        if (!allowPrivate && (a.isLoopbackAddress() || isPrivate(a))) {
            return label + " points to a " + (a.isLoopbackAddress() ? "loopback" : "private") + " address (" + shown + "); "
                    + HOW_TO_ALLOW + ".";
        }
        return null;
    }

    private static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return a.isSiteLocalAddress() || (first == 100 && second >= 64 && second < 128); // RFC 1918, RFC 6598
        }
        return a.isSiteLocalAddress() || (b[0] & 0xfe) == 0xfc; // fec0::/10 (deprecated), fc00::/7 (RFC 4193)
    }

    private static boolean isThisNetworkOrBroadcast(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] == 0 || (b[0] & b[1] & b[2] & b[3] & 0xff) == 0xff);
    }

    /** An IPv4 address written as IPv6 (::a.b.c.d) is judged as the IPv4 address it is. */
    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress() && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress()) {
            byte[] b = v6.getAddress();
            try {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            } catch (UnknownHostException impossible) {
                return a;
            }
        }
        return a;
    }

    private static String host(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The address a literal host stands for, without DNS; null for a name. */
    private static InetAddress literal(String host) {
        boolean v4 = IPV4.matcher(host).matches()
                && java.util.Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!v4 && !host.contains(":")) {
            return null;
        }
        try {
            return unmapped(InetAddress.getByName(host)); // a literal: parsed, never looked up
        } catch (UnknownHostException invalid) {
            return null;
        }
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost");
    }
}
