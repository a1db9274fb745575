package dev.gatehouse.provisioning.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

class TargetAddressPolicyTest {

    private static final TargetAddressPolicy DEFAULT = TargetAddressPolicy.PUBLIC_ONLY;
    private static final TargetAddressPolicy INTRANET = TargetAddressPolicy.ALLOW_PRIVATE;

    @Test
    void byDefaultPrivateLoopbackLinkLocalUnspecifiedAndMulticastLiteralsAreRefused() {
        for (String url : List.of("https://10.1.2.3/scim", "https://172.16.0.1/scim", "https://172.31.255.255/scim",
                "https://192.168.1.10/scim", "https://100.64.0.1/scim", "https://127.0.0.1/scim", "https://localhost/scim",
                "https://app.localhost/scim", "https://[::1]/scim", "https://[fd12:3456::1]/scim", "https://169.254.169.254/latest",
                "https://[fe80::1]/x", "https://0.0.0.0/x", "https://[::]/x", "https://224.0.0.1/x", "https://[::ffff:10.0.0.1]/x",
                "https://255.255.255.255/x")) {
            assertNotNull(DEFAULT.refusal(URI.create(url), "URL"), url);
        }
        assertTrue(DEFAULT.refusal(URI.create("https://192.168.1.10/scim"), "URL").contains("allow-private-targets=true"));
        assertNull(DEFAULT.refusal(URI.create("https://8.8.8.8/scim"), "URL"));
        assertNull(DEFAULT.refusal(URI.create("https://172.32.0.1/scim"), "URL"), "just outside 172.16/12");
        assertNull(DEFAULT.refusal(URI.create("https://app.example/scim"), "URL"));
    }

    @Test
    void httpIsRefusedByDefaultAndAllowedOnlyForLoopbackWhenPrivateTargetsAre() {
        assertTrue(DEFAULT.refusal(URI.create("http://app.example/scim"), "URL").contains("must use https"));
        assertNotNull(DEFAULT.refusal(URI.create("http://localhost:8080/scim"), "URL"));
        assertNull(INTRANET.refusal(URI.create("http://localhost:8080/scim"), "URL"));
        assertNull(INTRANET.refusal(URI.create("http://127.0.0.1:8080/scim"), "URL"));
        assertNull(INTRANET.refusal(URI.create("http://[::1]:8080/scim"), "URL"));
        assertTrue(INTRANET.refusal(URI.create("http://10.0.0.5/scim"), "URL").contains("must use https"));
        assertNull(INTRANET.refusal(URI.create("https://10.0.0.5/scim"), "URL"));
    }

    @Test
    void metadataAndLinkLocalAddressesAreRefusedEvenWhenPrivateTargetsAreAllowed() {
        for (String url : List.of("https://169.254.169.254/latest/meta-data", "http://169.254.169.254/latest", "https://[fe80::1]/x",
                "https://[fd00:ec2::254]/latest", "https://100.100.100.200/latest", "https://metadata.google.internal/computeMetadata",
                "https://0.0.0.0/x", "https://239.1.2.3/x")) {
            String refused = INTRANET.refusal(URI.create(url), "URL");
            assertNotNull(refused, url);
        }
        assertTrue(INTRANET.refusal(URI.create("https://169.254.169.254/latest"), "URL").contains("never calls"));
    }

    @Test
    void aNameIsJudgedByTheAddressesItResolvesTo() {
        TargetAddressPolicy.Resolver dns = host -> switch (host) {
            case "metadata.evil.example" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
            case "intranet.example" -> new InetAddress[] {InetAddress.getByName("10.0.0.7")};
            case "mixed.example" -> new InetAddress[] {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("127.0.0.1")};
            case "public.example" -> new InetAddress[] {InetAddress.getByName("8.8.4.4")};
            default -> throw new UnknownHostException(host);
        };
        assertTrue(DEFAULT.refusalOfResolved(URI.create("https://metadata.evil.example/x"), "URL", dns).contains("169.254.169.254"));
        assertNotNull(INTRANET.refusalOfResolved(URI.create("https://metadata.evil.example/x"), "URL", dns));
        assertTrue(DEFAULT.refusalOfResolved(URI.create("https://intranet.example/x"), "URL", dns).contains("private address (10.0.0.7)"));
        assertNull(INTRANET.refusalOfResolved(URI.create("https://intranet.example/x"), "URL", dns));
        assertNotNull(DEFAULT.refusalOfResolved(URI.create("https://mixed.example/x"), "URL", dns), "any address counts");
        assertNull(DEFAULT.refusalOfResolved(URI.create("https://public.example/x"), "URL", dns));
        assertNull(DEFAULT.refusalOfResolved(URI.create("https://unknown.example/x"), "URL", dns), "left to the call");
        assertTrue(INTRANET.refusalOfResolved(URI.create("http://intranet.example/x"), "URL", dns).contains("must use https"));
    }

    @Test
    void targetConfigRefusesPrivateTargetAndTokenUrlsByDefault() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                Map.of("url", List.of("https://10.0.0.5/scim"), "auth", List.of("none")), DEFAULT));
        assertTrue(e.getMessage().startsWith("URL points to a private address (10.0.0.5)"), e.getMessage());
        e = assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                Map.of("url", List.of("https://app.example/scim"), "auth", List.of("oauth2"), "secret", List.of("${vault.s}"),
                        "tokenUrl", List.of("https://169.254.169.254/token"), "clientId", List.of("c")), INTRANET));
        assertTrue(e.getMessage().startsWith("Token URL points to a link-local address"), e.getMessage());
        assertEquals("https://10.0.0.5/scim", TargetConfig.parse("id", "app",
                Map.of("url", List.of("https://10.0.0.5/scim"), "auth", List.of("none")), INTRANET).url().toString());
    }
}
