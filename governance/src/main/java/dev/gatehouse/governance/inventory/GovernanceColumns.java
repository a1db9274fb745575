package dev.gatehouse.governance.inventory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.governance.invitation.Invitations;
import dev.gatehouse.governance.sponsor.Sponsors;
import dev.gatehouse.governance.sponsor.Sponsorship;

/**
 * Sponsors (by username), invitation state, end date and attestation state: the governance packages' own
 * records, one query per batch each.
 */
final class GovernanceColumns implements BatchColumns {

    @Override
    public void fill(KeycloakSession session, RealmModel realm, List<UserModel> users, Map<String, InventoryRow> rows) {
        List<String> ids = users.stream().map(UserModel::getId).toList();
        Map<String, List<Sponsorship>> sponsors = Sponsors.of(session).sponsorsOf(realm, ids);
        Map<String, String> usernames = usernames(session, realm, sponsors.values().stream().flatMap(List::stream)
                .map(Sponsorship::sponsorId).distinct().toList());
        sponsors.forEach((userId, sponsorships) -> {
            String names = sponsorships.stream().map(Sponsorship::sponsorId).map(usernames::get)
                    .filter(Objects::nonNull).collect(Collectors.joining(";"));
            rows.get(userId).put(InventoryColumn.SPONSORS, names);
        });
        endDates(session, realm, ids, rows);
        attestations(session, realm, ids, rows);
        Invitations.of(session).latestFor(realm, ids)
                .forEach((userId, invitation) -> rows.get(userId).put(InventoryColumn.INVITATION_STATE, invitation.status().id()));
    }

    /** The user's own end date (not a membership's), unless already ended: as {@code AccessTerms.endOf}, for a batch. */
    private static void endDates(KeycloakSession session, RealmModel realm, List<String> ids, Map<String, InventoryRow> rows) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("select t.userId, t.endAt from AccessTermEntity t where t.realmId = :realm and t.groupId is null"
                        + " and t.endedAt is null and t.userId in :ids", Object[].class)
                .setParameter("realm", realm.getId()).setParameter("ids", ids)
                .getResultList()
                .forEach(r -> rows.get((String) r[0]).put(InventoryColumn.END_DATE, Instant.ofEpochMilli(((Number) r[1]).longValue()).toString()));
    }

    /** The sponsors' usernames, by id: one query for the page's sponsors (a deleted sponsor is left out). */
    private static Map<String, String> usernames(KeycloakSession session, RealmModel realm, List<String> userIds) {
        Map<String, String> usernames = new HashMap<>();
        if (!userIds.isEmpty()) {
            session.getProvider(JpaConnectionProvider.class).getEntityManager()
                    .createQuery("select u.id, u.username from UserEntity u where u.realmId = :realm and u.id in :ids", Object[].class)
                    .setParameter("realm", realm.getId()).setParameter("ids", userIds)
                    .getResultList().forEach(r -> usernames.put((String) r[0], (String) r[1]));
        }
        return usernames;
    }

    /** Where the user stands on the attestation path: {@code confirmed}, {@code pending}, {@code disabled} (and why). */
    private static void attestations(KeycloakSession session, RealmModel realm, List<String> ids, Map<String, InventoryRow> rows) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("select a.userId, a.state, a.reason from AttestationEntity a where a.realmId = :realm"
                        + " and a.userId in :ids", Object[].class)
                .setParameter("realm", realm.getId()).setParameter("ids", ids)
                .getResultList()
                .forEach(r -> rows.get((String) r[0]).put(InventoryColumn.ATTESTATION_STATE,
                        ((String) r[1]).toLowerCase(Locale.ROOT) + (r[2] == null ? "" : " (" + ((String) r[2]).toLowerCase(Locale.ROOT).replace('_', '-') + ")")));
    }
}
