package dev.gatehouse.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;

/**
 * The value lists {@link ExternalUserPredicate} passes to the database: computed in Java once per reader (each is a
 * scan of the realm's emails or attribute values), capped so a statement never grows with the realm, and split
 * into IN lists every database accepts.
 */
final class SqlValueLists {

    /** Far below PostgreSQL's 32,767 bind parameters per statement. */
    static final int MAX_JAVA_MATCHES = 10_000;
    /** Oracle refuses more than 1,000 values in one IN list. */
    private static final int IN_CHUNK = 1_000;

    private final CriteriaBuilder cb;
    private final Map<String, List<?>> computed;

    SqlValueLists(CriteriaBuilder cb, Map<String, List<?>> computed) {
        this.cb = cb;
        this.computed = computed;
    }

    /** The list under this key, read the first time it is asked for. */
    @SuppressWarnings("unchecked")
    <T> List<T> once(String key, Supplier<List<T>> read) {
        return (List<T>) computed.computeIfAbsent(key, k -> read.get());
    }

    Predicate in(Expression<String> value, Collection<String> values) {
        if (values.isEmpty()) {
            return cb.disjunction();
        }
        List<String> all = List.copyOf(values);
        List<Predicate> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            chunks.add(value.in(all.subList(i, Math.min(all.size(), i + IN_CHUNK))));
        }
        return cb.or(chunks.toArray(Predicate[]::new));
    }

    Predicate inBytes(Expression<byte[]> value, List<byte[]> values) {
        return values.isEmpty() ? cb.disjunction()
                : cb.or(values.stream().map(v -> cb.equal(value, v)).toArray(Predicate[]::new));
    }

    /** At most {@link #MAX_JAVA_MATCHES} values; past that the scheduled run fails with a clear message. */
    static <T> List<T> capped(Stream<T> values, String what) {
        List<T> result = values.limit(MAX_JAVA_MATCHES + 1L).toList();
        if (result.size() > MAX_JAVA_MATCHES) {
            throw new IllegalStateException("gatehouse-external-user: more than " + MAX_JAVA_MATCHES + " " + what
                    + " to pass to the database; scheduling for existing users is refused for this rule");
        }
        return result;
    }
}
