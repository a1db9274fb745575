package dev.gatehouse.governance.sponsor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An external user whose sponsor left (was disabled or deleted): kept until the user has a sponsor again, so the
 * admin sees it even after the departed sponsor's rows are gone. One row per user and departed sponsor.
 */
@Entity
@Table(name = "GATEHOUSE_SPONSOR_FLAG")
@NamedQueries({
        @NamedQuery(name = "gatehouseSponsorFlagsOfRealm",
                query = "select f from SponsorFlagEntity f where f.realmId = :realmId order by f.flaggedAt, f.userId"),
        @NamedQuery(name = "gatehouseSponsorFlagsOfUser",
                query = "select f from SponsorFlagEntity f where f.realmId = :realmId and f.userId = :userId order by f.flaggedAt"),
        @NamedQuery(name = "gatehouseClearSponsorFlagsOfUser",
                query = "delete from SponsorFlagEntity f where f.realmId = :realmId and f.userId = :userId"),
        @NamedQuery(name = "gatehouseClearSponsorFlagsOfSponsor",
                query = "delete from SponsorFlagEntity f where f.realmId = :realmId and f.sponsorId = :sponsorId and f.departure = :departure"),
        @NamedQuery(name = "gatehouseDeleteSponsorFlagsOfRealm", query = "delete from SponsorFlagEntity f where f.realmId = :realmId")
})
public class SponsorFlagEntity {

    /** {@code userId:sponsorId}: a sponsor departs from a user once. */
    @Id
    @Column(name = "ID", length = 80)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "SPONSOR_ID", length = 36, nullable = false)
    private String sponsorId;

    /** Kept because a deleted sponsor's name can no longer be looked up. */
    @Column(name = "SPONSOR_USERNAME", length = 255)
    private String sponsorUsername;

    @Column(name = "DEPARTURE", length = 16, nullable = false)
    private String departure;

    @Column(name = "FLAGGED_AT", nullable = false)
    private long flaggedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getSponsorId() {
        return sponsorId;
    }

    public void setSponsorId(String sponsorId) {
        this.sponsorId = sponsorId;
    }

    public String getSponsorUsername() {
        return sponsorUsername;
    }

    public void setSponsorUsername(String sponsorUsername) {
        this.sponsorUsername = sponsorUsername;
    }

    public String getDeparture() {
        return departure;
    }

    public void setDeparture(String departure) {
        this.departure = departure;
    }

    public long getFlaggedAt() {
        return flaggedAt;
    }

    public void setFlaggedAt(long flaggedAt) {
        this.flaggedAt = flaggedAt;
    }
}
