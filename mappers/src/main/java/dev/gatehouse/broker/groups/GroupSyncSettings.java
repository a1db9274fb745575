package dev.gatehouse.broker.groups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.models.utils.MapperTypeSerializer;

import dev.gatehouse.mapper.MapperConfigValues;

import static dev.gatehouse.mapper.MapperConfigValues.list;
import static dev.gatehouse.mapper.MapperConfigValues.text;

/**
 * What the group-sync mapper does, parsed once from the mapper's string configuration. Saving the mapper and
 * every login parse through here, so what the admin console accepts is exactly what a login applies.
 *
 * @param groupsAttribute  SAML attribute (name or friendly name) or OIDC claim (dotted path) holding the groups;
 *                         null: the protocol's default ({@link #SAML_DEFAULT_ATTRIBUTE}, {@link #OIDC_DEFAULT_CLAIM})
 * @param delimiter        each value is split on this literal text (null: each value is one group)
 * @param renames          upstream name (compared ignoring case) to local name; applied before the regex
 * @param renamePattern    upstream names matching it whole are renamed by {@code renameTemplate} (null: none)
 * @param renameTemplate   the new name, with $1 or ${name} for the pattern's groups
 * @param onlyRenamed      names matching neither the table nor the pattern are not synced
 * @param parentPath       missing groups are created below this group (null: at the top level)
 * @param createMissing    create groups the realm does not have yet; off: such names are skipped
 * @param ignoredNames     lower-cased names never granted nor removed (upstream or local spelling)
 * @param ignoredPatterns  patterns; a name matching one whole (ignoring case) is never granted nor removed
 * @param defaultGroups    group paths joined on the first login only, and never removed by the mapper
 * @param allowedGroups    paths of existing groups the provider may place users in although it did not create them
 * @param maxGroups        a login whose upstream list holds more values than this is refused (the protocol's
 *                         default when not set: SAML responses are capped in size before Gatehouse sees them)
 * @param usernameAttribute SAML attribute or OIDC claim the username is read from (null: Keycloak's own choice)
 * @param usernamePattern  its first capture group becomes the username; the whole value must match
 */
public record GroupSyncSettings(String groupsAttribute, String delimiter, Map<String, String> renames,
                                Pattern renamePattern, String renameTemplate, boolean onlyRenamed,
                                String parentPath, boolean createMissing, List<String> ignoredNames,
                                List<Pattern> ignoredPatterns, List<String> defaultGroups, List<String> allowedGroups, int maxGroups,
                                String usernameAttribute, Pattern usernamePattern) {

    public static final String GROUPS_ATTRIBUTE = "gatehouse.groups.attribute";
    public static final String DELIMITER = "gatehouse.groups.delimiter";
    public static final String RENAMES = "gatehouse.groups.renames";
    public static final String RENAME_PATTERN = "gatehouse.groups.rename.regex";
    public static final String RENAME_TEMPLATE = "gatehouse.groups.rename.template";
    public static final String ONLY_RENAMED = "gatehouse.groups.rename.only";
    public static final String PARENT = "gatehouse.groups.parent";
    public static final String TOP_LEVEL = "gatehouse.groups.topLevel";
    public static final String CREATE_MISSING = "gatehouse.groups.create";
    public static final String IGNORED = "gatehouse.groups.ignored";
    public static final String IGNORED_PATTERNS = "gatehouse.groups.ignored.patterns";
    public static final String DEFAULT_GROUPS = "gatehouse.groups.defaults";
    public static final String ALLOWED_GROUPS = "gatehouse.groups.allowed";
    public static final String MAX_GROUPS = "gatehouse.groups.max";
    public static final String USERNAME_ATTRIBUTE = "gatehouse.username.attribute";
    public static final String USERNAME_PATTERN = "gatehouse.username.regex";

    public static final String SAML_DEFAULT_ATTRIBUTE = "urn:oid:2.5.4.31";
    public static final String OIDC_DEFAULT_CLAIM = "groups";
    public static final int DEFAULT_MAX_GROUPS = 1000;
    /**
     * Keycloak refuses a form field over 128 KiB (413) before any mapper runs; a SAML response from a Keycloak
     * upstream carries about 550 short group names in that (docs/idp-group-sync.md), so the default stays below.
     */
    public static final int SAML_DEFAULT_MAX_GROUPS = 400;
    public static final int MAX_MAX_GROUPS = 10_000;

    private static final Pattern TEMPLATE_REFERENCE = Pattern.compile("\\\\.|\\$(\\d+)|\\$\\{([A-Za-z][A-Za-z0-9]*)}|\\$");

    public GroupSyncSettings {
        renames = Map.copyOf(renames);
        ignoredNames = List.copyOf(ignoredNames);
        ignoredPatterns = List.copyOf(ignoredPatterns);
        defaultGroups = List.copyOf(defaultGroups);
        allowedGroups = List.copyOf(allowedGroups);
    }

    /** Parsed for an OIDC provider (the default group limit differs for SAML). */
    static GroupSyncSettings parse(Map<String, String> config) {
        return parse(config, false);
    }

    /**
     * @param saml whether the mapper's provider speaks SAML (its default group limit is lower)
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    public static GroupSyncSettings parse(Map<String, String> config, boolean saml) {
        String parent = text(config, PARENT);
        boolean topLevel = "true".equals(text(config, TOP_LEVEL));
        if (parent == null && !topLevel) {
            throw new IllegalArgumentException("Choose the parent group new groups are created under, or switch on \"Create at the top level\".");
        }
        if (parent != null && topLevel) {
            throw new IllegalArgumentException("Either a parent group or \"Create at the top level\", not both.");
        }
        if (parent != null) {
            parent = groupPath(PARENT, parent);
        }
        Pattern renamePattern = regex(RENAME_PATTERN, text(config, RENAME_PATTERN));
        String template = config.getOrDefault(RENAME_TEMPLATE, "");
        if (renamePattern != null) {
            checkTemplate(renamePattern, template);
        } else if (!template.isBlank()) {
            throw new IllegalArgumentException("A rename template needs a rename regular expression.");
        }
        boolean onlyRenamed = "true".equals(text(config, ONLY_RENAMED));
        Map<String, String> renames = renames(config.get(RENAMES));
        if (onlyRenamed && renamePattern == null && renames.isEmpty()) {
            throw new IllegalArgumentException("\"Only renamed groups\" needs a rename table or a rename regular expression.");
        }
        List<Pattern> ignoredPatterns = new ArrayList<>();
        for (String p : list(config, IGNORED_PATTERNS)) {
            ignoredPatterns.add(Pattern.compile(regex(IGNORED_PATTERNS, p).pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        List<String> defaults = new ArrayList<>();
        for (String path : list(config, DEFAULT_GROUPS)) {
            defaults.add(groupPath(DEFAULT_GROUPS, path));
        }
        List<String> allowed = new ArrayList<>();
        for (String path : list(config, ALLOWED_GROUPS)) {
            allowed.add(groupPath(ALLOWED_GROUPS, path));
        }
        String usernameAttribute = text(config, USERNAME_ATTRIBUTE);
        Pattern usernamePattern = regex(USERNAME_PATTERN, text(config, USERNAME_PATTERN));
        if (usernamePattern != null && usernamePattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("The username regular expression needs a capture group, e.g. ^([^@]+)@partner\\.example$.");
        }
        if ((usernameAttribute == null) != (usernamePattern == null)) {
            throw new IllegalArgumentException("Set both the username attribute and the username regular expression, or neither.");
        }
        String delimiter = config.get(DELIMITER);
        return new GroupSyncSettings(
                text(config, GROUPS_ATTRIBUTE),
                delimiter == null || delimiter.isEmpty() ? null : delimiter,
                renames,
                renamePattern,
                template,
                onlyRenamed,
                parent,
                !"false".equals(text(config, CREATE_MISSING)),
                list(config, IGNORED).stream().map(n -> key(GroupNames.normalise(n))).toList(),
                ignoredPatterns,
                defaults,
                allowed,
                maxGroups(text(config, MAX_GROUPS), saml),
                usernameAttribute,
                usernamePattern);
    }

    /** The attribute or claim to read, with the protocol's default when none is set. */
    public String groupsAttribute(boolean saml) {
        if (groupsAttribute != null) {
            return groupsAttribute;
        }
        return saml ? SAML_DEFAULT_ATTRIBUTE : OIDC_DEFAULT_CLAIM;
    }

    /** Whether a group, by its upstream or local name, is outside the mapper's hands. */
    public boolean ignores(String name) {
        String key = key(name);
        if (ignoredNames.contains(key)) {
            return true;
        }
        String looksLike = key;
        for (Pattern p : ignoredPatterns) {
            if (p.matcher(name).matches() || p.matcher(looksLike).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The local name for an upstream name, or null when only renamed groups are synced and this one is not. */
    public String rename(String upstream) {
        String mapped = renames.get(key(upstream));
        if (mapped != null) {
            return mapped;
        }
        if (renamePattern != null) {
            Matcher m = renamePattern.matcher(upstream);
            if (m.matches()) {
                StringBuilder out = new StringBuilder();
                m.appendReplacement(out, renameTemplate);
                return out.toString();
            }
        }
        return onlyRenamed ? null : upstream;
    }

    /**
     * Names are compared by what they look like, the same way for every rule: letter case ignored, compatibility
     * variants (fullwidth letters), invisible characters and the dotless ı folded ({@link LookAlikes#skeleton}).
     */
    static String key(String name) {
        return LookAlikes.skeleton(name);
    }

    private static int maxGroups(String value, boolean saml) {
        if (value == null) {
            return saml ? SAML_DEFAULT_MAX_GROUPS : DEFAULT_MAX_GROUPS;
        }
        int max;
        try {
            max = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The group limit must be a whole number, not " + value + ".");
        }
        if (max < 1 || max > MAX_MAX_GROUPS) {
            throw new IllegalArgumentException("The group limit must be between 1 and " + MAX_MAX_GROUPS + ".");
        }
        return max;
    }

    private static Map<String, String> renames(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Map<String, List<String>> pairs;
        try {
            pairs = MapperTypeSerializer.deserialize(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The rename table is not a list of key and value pairs.");
        }
        Map<String, String> renames = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> pair : pairs.entrySet()) {
            if (pair.getKey() == null || pair.getKey().isBlank()) {
                throw new IllegalArgumentException("A row of the rename table has no upstream name.");
            }
            if (pair.getValue().size() != 1 || pair.getValue().get(0) == null || pair.getValue().get(0).isBlank()) {
                throw new IllegalArgumentException("Upstream group " + pair.getKey().strip() + " needs exactly one local name in the rename table.");
            }
            String upstream = key(GroupNames.normalise(pair.getKey()));
            if (renames.put(upstream, pair.getValue().get(0).strip()) != null) {
                throw new IllegalArgumentException("Upstream group " + pair.getKey().strip() + " appears twice in the rename table (names are compared ignoring case).");
            }
        }
        return renames;
    }

    /** Every $n must name a group of the pattern, every ${name} a named group; a lone $ is refused. */
    private static void checkTemplate(Pattern pattern, String template) {
        if (template.isBlank()) {
            throw new IllegalArgumentException("A rename regular expression needs a template, e.g. $1.");
        }
        int groups = pattern.matcher("").groupCount();
        Matcher m = TEMPLATE_REFERENCE.matcher(template);
        while (m.find()) {
            if (m.group().startsWith("\\")) {
                continue;
            }
            if (m.group(1) != null && Integer.parseInt(m.group(1)) > groups) {
                throw new IllegalArgumentException("The rename template refers to $" + m.group(1) + " but the regular expression has " + groups + " capture group(s).");
            }
            if (m.group(2) != null && !pattern.pattern().contains("(?<" + m.group(2) + ">")) {
                throw new IllegalArgumentException("The rename template refers to ${" + m.group(2) + "}, a group the regular expression does not name.");
            }
            if (m.group(1) == null && m.group(2) == null) {
                throw new IllegalArgumentException("The rename template has a $ that is not $1 or ${name}; write \\$ for a dollar sign.");
            }
        }
    }

    private static String groupPath(String key, String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/") || p.contains("//")) {
            throw new IllegalArgumentException("Setting " + key + ": " + path + " is not a group path such as /partners/acme.");
        }
        return p;
    }

    private static Pattern regex(String key, String value) {
        return value == null ? null : MapperConfigValues.regex(key, value);
    }
}
