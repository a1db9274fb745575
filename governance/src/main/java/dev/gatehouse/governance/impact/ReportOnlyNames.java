package dev.gatehouse.governance.impact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The policy names of a {@code gatehouse_report_only} detail, which joins them with commas. A policy name may
 * itself hold a comma, so the realm's current names are matched first (longest first); what is left is split on
 * commas (names of policies deleted since).
 */
final class ReportOnlyNames {

    private ReportOnlyNames() {
    }

    static List<String> split(String joined, List<String> known) {
        List<String> sorted = known.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        List<String> names = new ArrayList<>();
        String rest = joined;
        while (!rest.isEmpty()) {
            String match = null;
            for (String name : sorted) {
                if (rest.equals(name) || rest.startsWith(name + ",")) {
                    match = name;
                    break;
                }
            }
            if (match == null) {
                int comma = rest.indexOf(',');
                match = comma < 0 ? rest : rest.substring(0, comma);
            }
            names.add(match);
            rest = rest.length() == match.length() ? "" : rest.substring(match.length() + 1);
        }
        return names;
    }

}
