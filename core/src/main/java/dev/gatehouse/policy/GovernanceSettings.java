package dev.gatehouse.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.config.ComponentSettings;

/**
 * How a policy governs its external users over time: sponsors, end dates, attestation and the staged
 * notify → disable → delete. Parsed once from the policy's component config, here alone, at save and at run time.
 * Every key left out means its default, and the defaults switch governance off: no sponsor required, no maximum,
 * no attestation.
 *
 * @param requireSponsor      a user without a sponsor goes down the staged path (disabled after the attestation
 *                            grace period, later deleted)
 * @param maxAccess           the longest an end date may lie ahead when it is set or extended; empty: no maximum
 *                            and no end date unless one is set
 * @param reminderBeforeEnd   sponsors are reminded this long before an end date; zero: no reminder
 * @param attestationInterval how often each sponsor confirms their users; empty: no attestation
 * @param attestationGrace    how long an attestation (or a missing sponsor) may stay unanswered before the user is disabled
 * @param deletionGrace       how long a user disabled by governance stays disabled before being deleted; empty: never deleted
 */
public record GovernanceSettings(boolean requireSponsor, Optional<Duration> maxAccess, Duration reminderBeforeEnd,
                                 Optional<Duration> attestationInterval, Duration attestationGrace,
                                 Optional<Duration> deletionGrace) {

    public static final String REQUIRE_SPONSOR = "requireSponsor";
    public static final String MAX_ACCESS_DAYS = "maxAccessDays";
    public static final String REMINDER_DAYS_BEFORE_END = "reminderDaysBeforeEnd";
    public static final String ATTESTATION_DAYS = "attestationDays";
    public static final String ATTESTATION_GRACE_DAYS = "attestationGraceDays";
    public static final String DELETION_GRACE_DAYS = "deletionGraceDays";

    public static final int MAX_ACCESS_DAYS_LIMIT = 3650;
    public static final int MAX_REMINDER_DAYS = 90;
    public static final int MAX_ATTESTATION_DAYS = 730;
    public static final int MAX_GRACE_DAYS = 365;

    public static final int DEFAULT_REMINDER_DAYS = 7;
    public static final int DEFAULT_ATTESTATION_GRACE_DAYS = 14;
    public static final int DEFAULT_DELETION_GRACE_DAYS = 30;

    /** Governance off: what a policy saved without any of these keys means. */
    public static final GovernanceSettings OFF = new GovernanceSettings(false, Optional.empty(),
            Duration.ofDays(DEFAULT_REMINDER_DAYS), Optional.empty(), Duration.ofDays(DEFAULT_ATTESTATION_GRACE_DAYS),
            Optional.of(Duration.ofDays(DEFAULT_DELETION_GRACE_DAYS)));

    /** Whether attestation rounds run, or a missing sponsor is enforced: the staged path is in use. */
    public boolean stagesUsers() {
        return attestationInterval.isPresent() || requireSponsor;
    }

    /** Whether anything at all happens over time for this policy's users (beyond end dates an admin sets). */
    public boolean active() {
        return stagesUsers() || maxAccess.isPresent();
    }

    public static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(REQUIRE_SPONSOR).label("Governance: sponsor required").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("A user of this policy without a sponsor is disabled after the attestation grace period and later deleted, as an unanswered attestation.").add()
                .property().name(MAX_ACCESS_DAYS).label("Governance: access at most (days)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("0").helpText("The latest end date an admin or a sponsor may set or extend to, counted from that moment; users without an end date get one this far after their account was created (never sooner than the reminder period from when Gatehouse sets it). 1 to 3650; 0: no maximum, no end date unless one is set.").add()
                .property().name(REMINDER_DAYS_BEFORE_END).label("Governance: remind sponsors (days before the end)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(DEFAULT_REMINDER_DAYS)).helpText("Sponsors get one mail listing their users whose access ends within this many days, with a link to extend each. 0 to 90; 0: no reminder.").add()
                .property().name(ATTESTATION_DAYS).label("Governance: attestation every (days)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("0").helpText("Every this many days each sponsor gets one mail listing their users with a confirm and a revoke link each. 1 to 730; 0: no attestation.").add()
                .property().name(ATTESTATION_GRACE_DAYS).label("Governance: disable unanswered after (days)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(DEFAULT_ATTESTATION_GRACE_DAYS)).helpText("A user neither confirmed nor revoked this long after the attestation mail (or without a sponsor when one is required) is disabled. The mail's links expire then. 1 to 365.").add()
                .property().name(DELETION_GRACE_DAYS).label("Governance: delete disabled after (days)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(DEFAULT_DELETION_GRACE_DAYS)).helpText("A user governance disabled (unanswered or revoked) and nobody re-enabled is deleted this long after. 0 to 365; 0: never deleted.").add()
                .build();
    }

    /** @throws ComponentValidationException naming the setting and what is wrong with it */
    public static GovernanceSettings parse(Map<String, List<String>> config) {
        ComponentSettings in = new ComponentSettings(config);
        int max = in.integer(MAX_ACCESS_DAYS, 0, 0, MAX_ACCESS_DAYS_LIMIT);
        int reminder = in.integer(REMINDER_DAYS_BEFORE_END, DEFAULT_REMINDER_DAYS, 0, MAX_REMINDER_DAYS);
        int attestation = in.integer(ATTESTATION_DAYS, 0, 0, MAX_ATTESTATION_DAYS);
        int grace = in.integer(ATTESTATION_GRACE_DAYS, DEFAULT_ATTESTATION_GRACE_DAYS, 1, MAX_GRACE_DAYS);
        int deletion = in.integer(DELETION_GRACE_DAYS, DEFAULT_DELETION_GRACE_DAYS, 0, MAX_GRACE_DAYS);
        if (max > 0 && reminder >= max) {
            throw new ComponentValidationException("Setting " + REMINDER_DAYS_BEFORE_END + " (" + reminder
                    + ") must be shorter than " + MAX_ACCESS_DAYS + " (" + max + "): every reminder would go out at once.");
        }
        if (attestation > 0 && grace >= attestation) {
            throw new ComponentValidationException("Setting " + ATTESTATION_GRACE_DAYS + " (" + grace
                    + ") must be shorter than " + ATTESTATION_DAYS + " (" + attestation + "): the next round would start before this one ends.");
        }
        return new GovernanceSettings(in.bool(REQUIRE_SPONSOR, false),
                max == 0 ? Optional.empty() : Optional.of(Duration.ofDays(max)),
                Duration.ofDays(reminder),
                attestation == 0 ? Optional.empty() : Optional.of(Duration.ofDays(attestation)),
                Duration.ofDays(grace),
                deletion == 0 ? Optional.empty() : Optional.of(Duration.ofDays(deletion)));
    }
}
