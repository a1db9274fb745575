package dev.gatehouse.mapper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.gatehouse.mapper.MapperConfigValues.list;
import static dev.gatehouse.mapper.MapperConfigValues.regex;
import static dev.gatehouse.mapper.MapperConfigValues.text;

/**
 * What a group-list mapper emits, parsed once from the mapper's string configuration. The SAML and the OIDC
 * mapper share it, and both validate a save and build a token through {@link #parse}.
 *
 * @param inherited       also the parents of the user's groups (a member of /a/b is counted in /a)
 * @param ignoredNames    never emitted: group names or full paths, compared exactly
 * @param ignoredPatterns never emitted: regular expressions matching the whole name or the whole path
 * @param startsWith      only groups whose emitted value starts with this (null: no filter)
 * @param contains        only groups whose emitted value contains this (null: no filter)
 * @param pattern         only groups whose emitted value matches this whole (null: no filter)
 * @param underPath       only groups strictly below this group path (null: anywhere)
 * @param clientRolesOnly only groups that grant the requesting client one of its roles
 * @param allowList       only these group names or paths (empty: all)
 * @param stripPrefix     removed from the start of each emitted value (null: nothing)
 * @param maxGroups       above this many groups, emit the first {@code maxGroups} in order and an overage
 *                        marker (0: no limit)
 */
public record GroupListSettings(boolean fullPath, boolean inherited, Set<String> ignoredNames,
                                List<Pattern> ignoredPatterns, String startsWith, String contains, Pattern pattern,
                                String underPath, boolean clientRolesOnly, Set<String> allowList, String stripPrefix,
                                int maxGroups) {

    public static final String FULL_PATH = "full.path";
    public static final String MEMBERSHIP = "gatehouse.membership";
    public static final String IGNORED_GROUPS = "gatehouse.ignored.groups";
    public static final String IGNORED_PATTERNS = "gatehouse.ignored.patterns";
    public static final String STARTS_WITH = "gatehouse.filter.startsWith";
    public static final String CONTAINS = "gatehouse.filter.contains";
    public static final String PATTERN = "gatehouse.filter.regex";
    public static final String UNDER_PATH = "gatehouse.filter.under";
    public static final String CLIENT_ROLES_ONLY = "gatehouse.filter.clientRoles";
    public static final String ALLOW_LIST = "gatehouse.filter.allow";
    public static final String STRIP_PREFIX = "gatehouse.stripPrefix";
    public static final String MAX_GROUPS = "gatehouse.maxGroups";

    public static final String DIRECT = "direct";
    public static final String INHERITED = "inherited";
    private static final int MAX_LIMIT = 100_000;

    public GroupListSettings {
        ignoredNames = Set.copyOf(ignoredNames);
        ignoredPatterns = List.copyOf(ignoredPatterns);
        allowList = Set.copyOf(allowList);
    }

    /**
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    public static GroupListSettings parse(Map<String, String> config) {
        String membership = text(config, MEMBERSHIP);
        if (membership != null && !membership.equals(DIRECT) && !membership.equals(INHERITED)) {
            throw new IllegalArgumentException("Membership must be direct or inherited, not " + membership + ".");
        }
        String under = text(config, UNDER_PATH);
        if (under != null && !under.startsWith("/")) {
            under = "/" + under;
        }
        if (under != null && under.endsWith("/") && under.length() > 1) {
            under = under.substring(0, under.length() - 1);
        }
        List<Pattern> ignoredPatterns = new ArrayList<>();
        for (String p : list(config, IGNORED_PATTERNS)) {
            ignoredPatterns.add(regex(IGNORED_PATTERNS, p));
        }
        String max = text(config, MAX_GROUPS);
        int maxGroups = 0;
        if (max != null) {
            try {
                maxGroups = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The group limit must be a whole number, not " + max + ".");
            }
            if (maxGroups < 0 || maxGroups > MAX_LIMIT) {
                throw new IllegalArgumentException("The group limit must be between 0 (no limit) and " + MAX_LIMIT + ".");
            }
        }
        String regex = text(config, PATTERN);
        return new GroupListSettings(
                "true".equalsIgnoreCase(text(config, FULL_PATH)),
                INHERITED.equals(membership),
                new LinkedHashSet<>(list(config, IGNORED_GROUPS)),
                ignoredPatterns,
                text(config, STARTS_WITH),
                text(config, CONTAINS),
                regex == null ? null : regex(PATTERN, regex),
                under,
                "true".equals(text(config, CLIENT_ROLES_ONLY)),
                new LinkedHashSet<>(list(config, ALLOW_LIST)),
                text(config, STRIP_PREFIX),
                maxGroups);
    }
}
