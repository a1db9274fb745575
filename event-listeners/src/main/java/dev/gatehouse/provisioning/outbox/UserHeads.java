package dev.gatehouse.provisioning.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

/**
 * Per-user order for the claim: of some due rows, those that are the oldest pending row of their target and user.
 * Asked as a grouped query per target over the rows' users (the subject index), not as a NOT EXISTS per
 * row inside the claim: PostgreSQL planned that anti-join from statistics taken while the table was small, and
 * after a full sync queued a million rows its inner side scanned every pending row for each candidate (1.5-5 s
 * per claim, measured). This query costs the same whatever the plan: at worst one pass over the pending rows.
 */
final class UserHeads {

    /** A due row as the claim first reads it. */
    record Candidate(long id, String targetId, String subject) {
    }

    private UserHeads() {
    }

    /** The candidates that head their user's queue at their target, in the order given. */
    static List<Long> of(EntityManager em, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, Long> oldest = new HashMap<>();
        Map<String, List<String>> subjectsByTarget = new LinkedHashMap<>();
        candidates.forEach(c -> subjectsByTarget.computeIfAbsent(c.targetId(), t -> new ArrayList<>()).add(c.subject()));
        // One query per target (a claim touches few): equality on the index's first column and a list on its
        // second is what H2 can look up in the index; two lists made it filter every row of the targets.
        subjectsByTarget.forEach((targetId, subjects) -> em.createQuery("select p.subject, min(p.id) from GatehouseOutboxEntry p"
                        + " where p.targetId = :target and p.subject in :subjects and p.status = :pending group by p.subject",
                        Object[].class)
                .setParameter("target", targetId)
                .setParameter("subjects", subjects.stream().distinct().toList())
                .setParameter("pending", Outbox.PENDING)
                .getResultList()
                .forEach(r -> oldest.put(key(targetId, (String) r[0]), (Long) r[1])));
        List<Long> heads = new ArrayList<>();
        for (Candidate c : candidates) {
            Long first = oldest.get(key(c.targetId(), c.subject()));
            if (first != null && first == c.id()) {
                heads.add(c.id());
            }
        }
        return heads;
    }

    private static String key(String targetId, String subject) {
        return targetId + '\n' + subject;
    }
}
