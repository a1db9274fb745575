package dev.gatehouse.mapper;

import java.util.List;

/**
 * The groups a mapper emits: sorted, without duplicates, at most the configured number. {@code total} is how
 * many there were before the limit; {@link #overage()} says some were left out.
 */
public record GroupList(List<String> values, int total) {

    public GroupList {
        values = List.copyOf(values);
    }

    public boolean overage() {
        return total > values.size();
    }
}
