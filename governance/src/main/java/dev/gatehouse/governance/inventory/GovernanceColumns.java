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
        Map<String, String> usernames = new HashMap<>();
        Sponsors.of(session).sponsorsOf(realm, ids).forEach((userId, sponsorships) -> {
            String names = sponsorships.stream().map(Sponsorship::sponsorId)
                    .map(id -> usernames.computeIfAbsent(id, s -> usernameOf(session, realm, s)))
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

    /** Sponsors are few and shared by many users: each is read once per batch, from the user cache. */
    private static String usernameOf(KeycloakSession session, RealmModel realm, String userId) {
        UserModel sponsor = session.users().getUserById(realm, userId);
        return sponsor == null ? null : sponsor.getUsername();
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
