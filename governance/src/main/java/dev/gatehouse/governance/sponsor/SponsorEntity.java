package dev.gatehouse.governance.sponsor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One sponsorship: an internal user ({@code sponsorId}) answers for an external user ({@code userId}). */
@Entity
@Table(name = "GATEHOUSE_SPONSOR")
@NamedQueries({
        @NamedQuery(name = "gatehouseSponsorsOf",
                query = "select s from SponsorEntity s where s.realmId = :realmId and s.userId = :userId order by s.createdAt, s.sponsorId"),
        @NamedQuery(name = "gatehouseSponsoredBy",
                query = "select s.userId from SponsorEntity s where s.realmId = :realmId and s.sponsorId = :sponsorId order by s.createdAt, s.userId"),
        @NamedQuery(name = "gatehouseSponsorship",
                query = "select s from SponsorEntity s where s.realmId = :realmId and s.userId = :userId and s.sponsorId = :sponsorId"),
        @NamedQuery(name = "gatehouseDeleteSponsorship",
                query = "delete from SponsorEntity s where s.realmId = :realmId and s.userId = :userId and s.sponsorId = :sponsorId"),
        @NamedQuery(name = "gatehouseDeleteSponsorshipsOfUser",
                query = "delete from SponsorEntity s where s.realmId = :realmId and (s.userId = :userId or s.sponsorId = :userId)"),
        @NamedQuery(name = "gatehouseDeleteSponsorshipsOfRealm", query = "delete from SponsorEntity s where s.realmId = :realmId")
})
public class SponsorEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "SPONSOR_ID", length = 36, nullable = false)
    private String sponsorId;

    @Column(name = "SOURCE", length = 16, nullable = false)
    private String source;

    /** Who set it: an admin's or inviter's user id, or the rule's name. */
    @Column(name = "CREATED_BY", length = 255)
    private String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

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

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }
}
