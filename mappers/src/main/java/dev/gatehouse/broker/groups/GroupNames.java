package dev.gatehouse.broker.groups;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that turn what an upstream provider sends into local group names (docs/idp-group-sync.md,
 * "Hostile input"). Pure functions: the same values always give the same names and the same rejections.
 */
public final class GroupNames {

    /** Keycloak's group name column holds 255 characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * An upstream value may be longer when a rename shortens it (LDAP-style DNs such as
     * CN=developers,OU=Groups,DC=corp,DC=example); anything longer is not read, not even by the regular expressions.
     */
    public static final int MAX_UPSTREAM_LENGTH = 1024;

    /** Why a value did not become a group. */
    public enum Rejection {
        EMPTY, CONTROL_CHARACTER, INVISIBLE_CHARACTER, MIXED_SCRIPTS, SLASH, DOT_NAME, TOO_LONG, IGNORED, NOT_RENAMED
    }

    /**
     * The local names for a login, in the order received, each once (case-insensitively), and what was left out.
     *
     * @param names    local names to grant, first spelling of each case-insensitive name
     * @param rejected how many values each rule left out
     */
    public record Result(List<String> names, Map<Rejection, Integer> rejected) {
        public Result {
            names = List.copyOf(names);
            rejected = Map.copyOf(rejected);
        }

        /** Values left out by the hostile-input rules, not by the admin's ignore or rename settings. */
        public int hostileCount() {
            return rejected.entrySet().stream()
                    .filter(e -> e.getKey() != Rejection.IGNORED && e.getKey() != Rejection.NOT_RENAMED)
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    private GroupNames() {
    }

    /** Splits every value on the delimiter (if any); empty pieces are kept so the rules can count them. */
    public static List<String> split(List<String> values, String delimiter) {
        if (delimiter == null) {
            return List.copyOf(values);
        }
        List<String> pieces = new ArrayList<>();
        for (String v : values) {
            int from = 0;
            int at;
            while ((at = v.indexOf(delimiter, from)) >= 0) {
                pieces.add(v.substring(from, at));
                from = at + delimiter.length();
            }
            pieces.add(v.substring(from));
        }
        return pieces;
    }

    /**
     * Applies the rules to upstream values (already split).
     *
     * @throws TooManyGroupsException above the settings' limit: no partial list is ever synced
     */
    public static Result localNames(List<String> upstreamValues, GroupSyncSettings settings) {
        if (upstreamValues.size() > settings.maxGroups()) {
            throw new TooManyGroupsException(upstreamValues.size(), settings.maxGroups());
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
        for (String value : upstreamValues) {
            String upstream = normalise(value);
            Rejection why = check(upstream, false);
            String local = null;
            if (why == null && settings.ignores(upstream)) {
                why = Rejection.IGNORED;
            }
            if (why == null) {
                local = settings.rename(upstream);
                why = local == null ? Rejection.NOT_RENAMED : null;
            }
            if (why == null) {
                local = normalise(local);
                why = check(local, true);
            }
            if (why == null && settings.ignores(local)) {
                why = Rejection.IGNORED;
            }
            if (why != null) {
                rejected.merge(why, 1, Integer::sum);
            } else {
                byKey.putIfAbsent(GroupSyncSettings.key(local), local);
            }
        }
        return new Result(new ArrayList<>(byKey.values()), rejected);
    }

    /**
     * Unicode NFC (so composed and decomposed spellings are one name), outer whitespace removed, Unicode spaces
     * such as the no-break space included.
     */
    static String normalise(String value) {
        if (value == null) {
            return "";
        }
        String v = Normalizer.normalize(value, Normalizer.Form.NFC);
        int start = 0;
        int end = v.length();
        while (start < end && isSpace(v.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(v.charAt(end - 1))) {
            end--;
        }
        return v.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Null when the name is acceptable. Upstream values may hold a slash (a rename can remove it); local names
     * may not, since Keycloak writes group paths with slashes.
     */
    static Rejection check(String name, boolean local) {
        if (name.isEmpty()) {
            return Rejection.EMPTY;
        }
        if (name.length() > (local ? MAX_LENGTH : MAX_UPSTREAM_LENGTH)) {
            return Rejection.TOO_LONG;
        }
        if (hasControlCharacter(name)) {
            return Rejection.CONTROL_CHARACTER;
        }
        if (LookAlikes.hasInvisible(name)) {
            return Rejection.INVISIBLE_CHARACTER;
        }
        if (LookAlikes.mixesScripts(name)) {
            return Rejection.MIXED_SCRIPTS;
        }
        // Also in what the name looks like: a fullwidth solidus or full stop would pose as a path.
        String looksLike = local ? LookAlikes.skeleton(name) : null;
        if (local && (name.indexOf('/') >= 0 || looksLike.indexOf('/') >= 0)) {
            return Rejection.SLASH;
        }
        if (local && (name.equals(".") || name.equals("..") || looksLike.equals(".") || looksLike.equals(".."))) {
            return Rejection.DOT_NAME;
        }
        return null;
    }

    /**
     * C0 and C1 controls, line and paragraph separators, the invisible bidirectional marks, overrides and
     * isolates that make a name read differently than it compares, the byte-order mark, and lone surrogates.
     */
    static boolean hasControlCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u200e' || c == '\u200f'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\ufeff') {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
