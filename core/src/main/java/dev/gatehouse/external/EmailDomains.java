package dev.gatehouse.external;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * One spelling for every email domain Gatehouse compares: lower case, no trailing dot, internationalised
 * names in their ASCII (punycode) form. A configured domain matches itself and every subdomain, so
 * {@code partner.example} covers {@code eu.partner.example}; {@code notpartner.example} is a different domain.
 */
public final class EmailDomains {

    private static final int MAX_DOMAIN_LENGTH = 253;

    private EmailDomains() {
    }

    /** The normalised domain of an email address, or empty when there is none that can be trusted as a domain. */
    public static Optional<String> ofEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        int at = email.lastIndexOf('@');
        if (at < 1 || at == email.length() - 1) {
            return Optional.empty();
        }
        return normalize(email.substring(at + 1));
    }

    /** The normalised form of a domain as an admin or a user typed it, or empty when it is not a valid domain. */
    public static Optional<String> normalize(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String d = domain.strip();
        if (d.contains("..")) {
            return Optional.empty();
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.startsWith(".")) {
            return Optional.empty();
        }
        try {
            // STD3 rules refuse spaces, underscores, slashes and the like; IDN maps unicode to punycode.
            String ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            if (ascii.endsWith(".")) {
                // a trailing ideographic or full-width full stop, which IDN has only now turned into "."
                ascii = ascii.substring(0, ascii.length() - 1);
            }
            if (ascii.isEmpty() || ascii.endsWith(".") || ascii.length() > MAX_DOMAIN_LENGTH) {
                return Optional.empty();
            }
            return Optional.of(ascii);
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /** Whether {@code domain} is {@code configured} or one of its subdomains; both already normalised. */
    public static boolean covers(String configured, String domain) {
        return domain.equals(configured) || domain.endsWith("." + configured);
    }
}
