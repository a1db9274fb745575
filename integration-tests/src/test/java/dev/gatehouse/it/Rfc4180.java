package dev.gatehouse.it;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader of CSV as RFC 4180 defines it, written for the tests from the RFC's grammar (not from
 * Gatehouse's writer): records end in CRLF; a field is either plain (no comma, double quote, CR or LF) or
 * enclosed in double quotes, inside which a double quote is doubled and commas, CR and LF are data. Anything
 * else — a quote inside a plain field, text after a closing quote, a bare LF between records, an unclosed
 * quote — is an error, so a writer that forgets to quote fails here.
 */
final class Rfc4180 {

    private Rfc4180() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            StringBuilder field = new StringBuilder();
            if (text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unclosed quoted field in record " + (records.size() + 1));
                    }
                    char c = text.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
            } else {
                while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    char c = text.charAt(i++);
                    if (c == '"' || c == '\n') {
                        throw new IllegalArgumentException("unquoted field holds " + (c == '"' ? "a double quote" : "a line feed")
                                + " in record " + (records.size() + 1) + ": " + field);
                    }
                    field.append(c);
                }
            }
            record.add(field.toString());
            if (i >= text.length()) {
                throw new IllegalArgumentException("the last record does not end in CRLF");
            }
            char next = text.charAt(i);
            if (next == ',') {
                i++;
            } else if (next == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i += 2;
                records.add(record);
                record = new ArrayList<>();
            } else {
                throw new IllegalArgumentException("unexpected '" + next + "' after a field in record " + (records.size() + 1));
            }
        }
        if (!record.isEmpty()) {
            throw new IllegalArgumentException("the last record does not end in CRLF");
        }
        return records;
    }
}
