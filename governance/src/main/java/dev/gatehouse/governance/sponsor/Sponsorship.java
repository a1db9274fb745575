package dev.gatehouse.governance.sponsor;

import java.time.Instant;

/** One sponsor of an external user: who, how it was set, since when, and by whom (user id or rule). */
public record Sponsorship(String sponsorId, SponsorSource source, Instant since, String setBy) {
}
