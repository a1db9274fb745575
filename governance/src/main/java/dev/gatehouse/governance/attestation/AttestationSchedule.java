package dev.gatehouse.governance.attestation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserManager;

import dev.gatehouse.events.UserAccessChanged;
import dev.gatehouse.governance.access.AccessSchedule;
import dev.gatehouse.governance.access.EligibleSponsors;
import dev.gatehouse.governance.access.GoverningPolicy;
import dev.gatehouse.governance.audit.GovernanceEvents;
import dev.gatehouse.governance.audit.GovernanceStage;
import dev.gatehouse.governance.audit.Planned;
import dev.gatehouse.governance.link.LinkAction;
import dev.gatehouse.governance.link.Links;
import dev.gatehouse.governance.link.SponsorMail;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.GovernanceSettings;

/**
 * Attestation and the staged path: every interval each sponsor gets one mail listing their users with a confirm
 * and a revoke link each; unanswered users (and users without a required sponsor) are disabled after the grace
 * period and deleted after the deletion grace unless an admin re-enabled them. {@code plan*} says what is due and
 * when; the other methods do it, each checking again that it is still due.
 */
public final class AttestationSchedule {

    public static final String TEMPLATE = "gatehouse-attestation.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Attestations rows;
    private final EligibleSponsors sponsors;

    public AttestationSchedule(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.rows = new Attestations(session, realm);
        this.sponsors = new EligibleSponsors(session, realm);
    }

    // -- plan --------------------------------------------------------------------------------------------------

    /** For an enabled user a staging policy governs: the next round, a missing sponsor, or a restart. */
    public Optional<Planned> planUser(UserModel user, ExternalUserPolicy policy, Instant now, Instant horizon) {
        GovernanceSettings g = policy.governance();
        Optional<Attestation> row = rows.of(user.getId());
        List<String> sponsorIds = sponsors.of(user.getId()).stream().map(UserModel::getId).toList();
        Optional<String> name = Optional.of(policy.name());
        if (row.isPresent() && row.get().state() == AttestationState.DISABLED) {
            return user.isEnabled() ? Optional.of(planned(user, Planned.Step.RESTART, now, name, sponsorIds)) : Optional.empty();
        }
        if (row.isPresent() && row.get().state() == AttestationState.PENDING) {
            boolean sponsorFound = row.get().reason().filter(r -> r == StageReason.NO_SPONSOR).isPresent() && !sponsorIds.isEmpty();
            return sponsorFound ? Optional.of(planned(user, Planned.Step.RESTART, now, name, sponsorIds)) : Optional.empty();
        }
        if (g.requireSponsor() && sponsorIds.isEmpty()) {
            return Optional.of(planned(user, Planned.Step.NOTIFY, now, name, List.of()));
        }
        if (g.attestationInterval().isEmpty() || sponsorIds.isEmpty()) {
            return Optional.empty();
        }
        Instant from = row.flatMap(Attestation::confirmedAt).orElse(created(user, now));
        Instant due = from.plus(g.attestationInterval().get());
        return due.isAfter(horizon) ? Optional.empty() : Optional.of(planned(user, Planned.Step.NOTIFY, due, name, sponsorIds));
    }

    /** Disables of pending users and deletions of disabled ones, from the rows. */
    public List<Planned> planRows(Instant horizon) {
        List<Planned> plan = new ArrayList<>();
        for (Attestation a : rows.inState(AttestationState.PENDING)) {
            UserModel user = session.users().getUserById(realm, a.userId());
            Optional<ExternalUserPolicy> policy = user == null ? Optional.empty() : GoverningPolicy.of(session, realm, user);
            if (user == null || policy.isEmpty() || a.roundAt().isEmpty()) {
                continue; // no longer governed: nothing staged (planUser never sees such a user either)
            }
            List<String> sponsorIds = sponsors.of(user.getId()).stream().map(UserModel::getId).toList();
            if (a.reason().filter(r -> r == StageReason.NO_SPONSOR).isPresent() && !sponsorIds.isEmpty()) {
                continue; // a sponsor was added: planUser restarts the user
            }
            Instant at = a.roundAt().get().plus(policy.get().governance().attestationGrace());
            if (!at.isAfter(horizon)) {
                plan.add(planned(user, Planned.Step.DISABLE, at, Optional.of(policy.get().name()), sponsorIds));
            }
        }
        for (Attestation a : rows.inState(AttestationState.DISABLED)) {
            UserModel user = session.users().getUserById(realm, a.userId());
            Optional<ExternalUserPolicy> policy = user == null ? Optional.empty() : GoverningPolicy.of(session, realm, user);
            Optional<Duration> grace = policy.flatMap(p -> p.governance().deletionGrace());
            if (user == null || user.isEnabled() || grace.isEmpty() || a.disabledAt().isEmpty()) {
                continue;
            }
            Instant at = a.disabledAt().get().plus(grace.get());
            if (!at.isAfter(horizon)) {
                plan.add(planned(user, Planned.Step.DELETE, at, Optional.of(policy.get().name()), List.of()));
            }
        }
        return plan;
    }

    // -- do ----------------------------------------------------------------------------------------------------

    /** One mail per sponsor listing all of their due users; users without a required sponsor are recorded as such. */
    public void notify(List<Planned> due, String base, Instant now) {
        Map<String, List<Planned>> bySponsor = new LinkedHashMap<>();
        for (Planned p : due) {
            if (p.sponsors().isEmpty()) {
                rows.pending(p.userId(), policyId(p), StageReason.NO_SPONSOR, now);
                GovernanceEvents.stage(session, realm, user(p), GovernanceStage.NOTIFIED, p.policy().orElse(null),
                        Optional.empty(), StageReason.NO_SPONSOR.id());
            }
            p.sponsors().forEach(s -> bySponsor.computeIfAbsent(s, k -> new ArrayList<>()).add(p));
        }
        Links links = new Links(session, realm);
        bySponsor.forEach((sponsorId, items) -> {
            UserModel sponsor = session.users().getUserById(realm, sponsorId);
            Instant deadline = now.plus(grace(items.get(0)));
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Planned p : items) {
                Instant expires = now.plus(grace(p));
                Map<String, Object> entry = AccessSchedule.entry(user(p));
                entry.put("confirm", links.issue(base, LinkAction.CONFIRM, sponsorId, p.userId(), null, now.toEpochMilli(), expires));
                entry.put("revoke", links.issue(base, LinkAction.REVOKE, sponsorId, p.userId(), null, now.toEpochMilli(), expires));
                entries.add(entry);
            }
            if (SponsorMail.send(session, realm, sponsor, "gatehouseAttestationSubject", List.of(entries.size()), TEMPLATE,
                    Map.of("entries", entries, "sponsorName", AccessSchedule.displayName(sponsor),
                            "deadline", DATE.format(deadline)))) {
                for (Planned p : items) {
                    rows.pending(p.userId(), policyId(p), StageReason.ROUND, now);
                    GovernanceEvents.stage(session, realm, user(p), GovernanceStage.NOTIFIED, p.policy().orElse(null),
                            Optional.of(sponsorId), StageReason.ROUND.id());
                }
            }
        });
    }

    /** An admin re-enabled the user, or a required sponsor was added: a fresh interval starts now. */
    public void restart(Planned p, Instant now) {
        UserModel user = user(p);
        Optional<Attestation> row = rows.of(p.userId());
        if (user == null || row.isEmpty() || row.get().state() == AttestationState.CONFIRMED) {
            return;
        }
        boolean reEnabled = row.get().state() == AttestationState.DISABLED;
        rows.confirmed(p.userId(), policyId(p), now, null);
        GovernanceEvents.stage(session, realm, user, GovernanceStage.RE_ENABLED, p.policy().orElse(null),
                p.sponsors().stream().findFirst(), reEnabled ? "re-enabled" : "sponsor-added");
    }

    /** Unanswered past the grace period, or still without a required sponsor: disabled. */
    public void disable(Planned p, Instant now) {
        UserModel user = user(p);
        Optional<Attestation> row = rows.of(p.userId());
        if (user == null || row.isEmpty() || row.get().state() != AttestationState.PENDING || p.at().isAfter(now)) {
            return;
        }
        StageReason reason = row.get().reason().filter(r -> r == StageReason.NO_SPONSOR).isPresent()
                ? StageReason.NO_SPONSOR : StageReason.UNANSWERED;
        disableNow(user, policyId(p), p.policy().orElse(null), reason, null, now);
    }

    /** Disabled by governance and not re-enabled within the deletion grace: deleted (deprovisioned by Keycloak's removal event). */
    public void delete(Planned p, Instant now) {
        UserModel user = user(p);
        Optional<Attestation> row = rows.of(p.userId());
        if (user == null || user.isEnabled() || row.isEmpty() || row.get().state() != AttestationState.DISABLED || p.at().isAfter(now)) {
            return;
        }
        GovernanceEvents.stage(session, realm, user, GovernanceStage.DELETED, p.policy().orElse(null), Optional.empty(),
                row.get().reason().map(StageReason::id).orElse(null));
        new UserManager(session).removeUser(realm, user);
    }

    /** Disables the user (if enabled) and records why; provisioning hears of it. */
    void disableNow(UserModel user, String policyId, String policyName, StageReason reason, String by, Instant now) {
        if (user.isEnabled()) {
            user.setEnabled(false);
            UserAccessChanged.publish(session, realm, user, "attestation-" + reason.id());
        }
        rows.disabled(user.getId(), policyId, reason, now, by);
        GovernanceEvents.stage(session, realm, user, reason == StageReason.REVOKED ? GovernanceStage.REVOKED : GovernanceStage.DISABLED,
                policyName, Optional.ofNullable(by), reason.id());
    }

    private Duration grace(Planned p) {
        UserModel user = user(p);
        return GoverningPolicy.of(session, realm, user).map(pol -> pol.governance().attestationGrace())
                .orElse(GovernanceSettings.OFF.attestationGrace());
    }

    private String policyId(Planned p) {
        return GoverningPolicy.of(session, realm, user(p)).map(ExternalUserPolicy::id).orElse(null);
    }

    private UserModel user(Planned p) {
        return session.users().getUserById(realm, p.userId());
    }

    private static Planned planned(UserModel user, Planned.Step step, Instant at, Optional<String> policy, List<String> sponsors) {
        return new Planned(user.getId(), step, at, policy, sponsors, Optional.empty(), Optional.empty());
    }

    private static Instant created(UserModel user, Instant now) {
        return user.getCreatedTimestamp() == null ? now : Instant.ofEpochMilli(user.getCreatedTimestamp());
    }

    private static final java.time.format.DateTimeFormatter DATE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
}
