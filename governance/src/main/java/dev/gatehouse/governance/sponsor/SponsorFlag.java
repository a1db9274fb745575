package dev.gatehouse.governance.sponsor;

import java.time.Instant;

/** An external user who lost a sponsor: which one (id, and name as it was), how, and when. */
public record SponsorFlag(String userId, String sponsorId, String sponsorUsername, Departure departure, Instant flaggedAt) {
}
