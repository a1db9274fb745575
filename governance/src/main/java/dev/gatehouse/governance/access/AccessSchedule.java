package dev.gatehouse.governance.access;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.UserAccessChanged;
import dev.gatehouse.governance.audit.GovernanceEvents;
import dev.gatehouse.governance.audit.GovernanceStage;
import dev.gatehouse.governance.audit.Planned;
import dev.gatehouse.governance.link.LinkAction;
import dev.gatehouse.governance.link.Links;
import dev.gatehouse.governance.link.SponsorMail;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.GovernanceSettings;

/**
 * Time-bound access over time: the end dates a policy's maximum gives, the reminders to sponsors before an end
 * date (one mail per sponsor listing their users, each with an extend link) and the end itself (user disabled,
 * membership removed). {@code plan*} says what is due and when; the other methods do it.
 */
public final class AccessSchedule {

    private static final Logger LOG = Logger.getLogger(AccessSchedule.class);
    /** Rows read per run; more wait for the next run. */
    static final int BATCH = 10_000;
    public static final String REMINDER_TEMPLATE = "gatehouse-access-reminder.ftl";
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AccessTerms terms;
    private final EligibleSponsors sponsors;

    public AccessSchedule(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.terms = AccessTerms.of(session);
        this.sponsors = new EligibleSponsors(session, realm);
    }

    // -- plan --------------------------------------------------------------------------------------------------

    /** Reminders and ends of the running end dates, up to {@code horizon}. */
    public List<Planned> planTerms(Instant horizon) {
        List<Planned> plan = new ArrayList<>();
        Instant reach = horizon.plus(Duration.ofDays(GovernanceSettings.MAX_REMINDER_DAYS));
        for (AccessTerm term : terms.endingBy(realm, reach, BATCH)) {
            UserModel user = session.users().getUserById(realm, term.userId());
            if (user == null) {
                continue;
            }
            Optional<ExternalUserPolicy> policy = GoverningPolicy.of(session, realm, user);
            Optional<String> policyName = policy.map(ExternalUserPolicy::name);
            Duration window = policy.map(p -> p.governance().reminderBeforeEnd()).orElse(GovernanceSettings.OFF.reminderBeforeEnd());
            List<String> sponsorIds = sponsors.of(user.getId()).stream().map(UserModel::getId).toList();
            boolean stillUseful = user.isEnabled(); // a disabled user's sponsors have nothing to extend
            if (stillUseful && !window.isZero() && !term.reminded() && !term.end().minus(window).isAfter(horizon)) {
                plan.add(new Planned(user.getId(), Planned.Step.REMIND, term.end().minus(window), policyName, sponsorIds,
                        term.groupId(), Optional.of(term.end())));
            }
            if (!term.end().isAfter(horizon)) {
                plan.add(new Planned(user.getId(), Planned.Step.END_ACCESS, term.end(), policyName, sponsorIds,
                        term.groupId(), Optional.of(term.end())));
            }
        }
        return plan;
    }

    /**
     * The end date a policy's maximum gives an enabled user with no running one: the account's creation plus the
     * maximum, yet never sooner than the reminder period from now (sponsors are always reminded before an end).
     */
    public Optional<Planned> planPolicyEnd(UserModel user, ExternalUserPolicy policy, Instant now) {
        Optional<Duration> max = policy.governance().maxAccess();
        if (max.isEmpty() || !user.isEnabled() || terms.endOf(realm, user.getId()).isPresent()) {
            return Optional.empty();
        }
        Instant created = Instant.ofEpochMilli(user.getCreatedTimestamp() == null ? now.toEpochMilli() : user.getCreatedTimestamp());
        Duration notice = policy.governance().reminderBeforeEnd().compareTo(Duration.ofDays(1)) < 0
                ? Duration.ofDays(1) : policy.governance().reminderBeforeEnd();
        Instant end = created.plus(max.get());
        if (end.isBefore(now.plus(notice))) {
            end = now.plus(notice);
        }
        return Optional.of(new Planned(user.getId(), Planned.Step.SET_END, now, Optional.of(policy.name()), List.of(),
                Optional.empty(), Optional.of(end)));
    }

    // -- do ----------------------------------------------------------------------------------------------------

    public void setPolicyEnd(Planned p) {
        AccessTerm term = terms.startTerm(realm, p.userId(), p.end().orElseThrow());
        UserModel user = session.users().getUserById(realm, p.userId());
        GovernanceEvents.endDate(session, realm, user, GovernanceStage.EXTENDED, p.policy().orElse(null), Optional.empty(),
                term.end(), Optional.empty());
    }

    /** One mail per sponsor listing all of their users in {@code due}; each end date is marked reminded. */
    public void remind(List<Planned> due, String base) {
        Map<String, List<Planned>> bySponsor = new LinkedHashMap<>();
        for (Planned p : due) {
            p.sponsors().forEach(s -> bySponsor.computeIfAbsent(s, k -> new ArrayList<>()).add(p));
        }
        List<Planned> reminded = new ArrayList<>(due.stream().filter(p -> p.sponsors().isEmpty()).toList());
        Links links = new Links(session, realm);
        bySponsor.forEach((sponsorId, items) -> {
            UserModel sponsor = session.users().getUserById(realm, sponsorId);
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Planned p : items) {
                UserModel user = session.users().getUserById(realm, p.userId());
                Instant end = p.end().orElseThrow();
                Map<String, Object> entry = entry(user);
                entry.put("group", p.groupId().map(realm::getGroupById).map(GroupModel::getName).orElse(""));
                entry.put("end", DATE.format(end));
                entry.put("link", links.issue(base, LinkAction.EXTEND, sponsorId, p.userId(), p.groupId().orElse(null),
                        end.toEpochMilli(), end));
                entries.add(entry);
            }
            if (SponsorMail.send(session, realm, sponsor, "gatehouseReminderSubject", List.of(entries.size()), REMINDER_TEMPLATE,
                    Map.of("entries", entries, "sponsorName", displayName(sponsor)))) {
                items.forEach(p -> {
                    GovernanceEvents.endDate(session, realm, session.users().getUserById(realm, p.userId()), GovernanceStage.REMINDED,
                            p.policy().orElse(null), Optional.of(sponsorId), p.end().orElseThrow(), p.groupId());
                    reminded.add(p);
                });
            }
        });
        for (Planned p : reminded) {
            if (p.sponsors().isEmpty()) {
                LOG.infof("Gatehouse governance: user %s in realm %s has no sponsor to remind that their access ends %s",
                        p.userId(), realm.getName(), p.end().orElseThrow());
                GovernanceEvents.endDate(session, realm, session.users().getUserById(realm, p.userId()), GovernanceStage.REMINDED,
                        p.policy().orElse(null), Optional.empty(), p.end().orElseThrow(), p.groupId());
            }
            terms.termsOf(realm, p.userId()).stream().filter(t -> t.groupId().equals(p.groupId())).findFirst()
                    .ifPresent(t -> terms.markReminded(realm, t));
        }
    }

    /** The end date passed: the user is disabled (deprovisioned at targets) or leaves the group. */
    public void end(Planned p) {
        UserModel user = session.users().getUserById(realm, p.userId());
        AccessTerm term = terms.termsOf(realm, p.userId()).stream().filter(t -> t.groupId().equals(p.groupId()))
                .filter(t -> t.ended().isEmpty()).findFirst().orElse(null);
        if (user == null || term == null || term.end().isAfter(AccessTerms.now())) {
            return; // extended or cleared since the plan was made
        }
        if (p.groupId().isPresent()) {
            GroupModel group = realm.getGroupById(p.groupId().get());
            if (group != null && user.isMemberOf(group)) {
                user.leaveGroup(group); // GroupMemberLeaveEvent: provisioning records the change
            }
        } else if (user.isEnabled()) {
            user.setEnabled(false);
            UserAccessChanged.publish(session, realm, user, "access-ended");
        }
        terms.markEnded(realm, term);
        GovernanceEvents.endDate(session, realm, user, GovernanceStage.ACCESS_ENDED, p.policy().orElse(null), Optional.empty(),
                term.end(), p.groupId());
    }

    /** How a mail lists a user. */
    public static Map<String, Object> entry(UserModel user) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("username", user.getUsername());
        entry.put("name", displayName(user));
        entry.put("email", user.getEmail() == null ? "" : user.getEmail());
        return entry;
    }

    public static String displayName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = (first + " " + last).strip();
        return name.isEmpty() ? user.getUsername() : name;
    }
}
