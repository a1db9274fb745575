package dev.gatehouse.governance.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One end date: of a user's access (no group) or of one group membership. The id is the user id, or
 * {@code userId/groupId} for a membership, so each has at most one row.
 */
@Entity
@Table(name = "GATEHOUSE_ACCESS_TERM")
@NamedQueries({
        @NamedQuery(name = "gatehouseTermsOfUser",
                query = "select t from AccessTermEntity t where t.realmId = :realmId and t.userId = :userId order by t.endAt"),
        @NamedQuery(name = "gatehouseTermsEndingBefore", query = "select t from AccessTermEntity t where t.realmId = :realmId"
                + " and t.endedAt is null and t.endAt <= :before order by t.endAt"),
        @NamedQuery(name = "gatehouseTermsOfRealm", query = "select t from AccessTermEntity t where t.realmId = :realmId"
                + " and t.endedAt is null order by t.endAt"),
        @NamedQuery(name = "gatehouseDeleteTermsOfUser", query = "delete from AccessTermEntity t where t.userId = :userId"),
        @NamedQuery(name = "gatehouseDeleteTermsOfGroup", query = "delete from AccessTermEntity t where t.groupId = :groupId"),
        @NamedQuery(name = "gatehouseDeleteTermsOfRealm", query = "delete from AccessTermEntity t where t.realmId = :realmId")
})
public class AccessTermEntity {

    @Id
    @Column(name = "ID", length = 80)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** Null for the user's own access. */
    @Column(name = "GROUP_ID", length = 36)
    private String groupId;

    @Column(name = "END_AT", nullable = false)
    private long endAt;

    @Column(name = "SET_BY", length = 255, nullable = false)
    private String setBy;

    @Column(name = "SET_AT", nullable = false)
    private long setAt;

    /** The end date the sponsors were last reminded of; a new end date (an extension) is reminded again. */
    @Column(name = "REMINDED_END_AT")
    private Long remindedEndAt;

    /** When Gatehouse ended the access (disabled the user, removed the membership); null while it runs. */
    @Column(name = "ENDED_AT")
    private Long endedAt;

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

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public long getEndAt() {
        return endAt;
    }

    public void setEndAt(long endAt) {
        this.endAt = endAt;
    }

    public String getSetBy() {
        return setBy;
    }

    public void setSetBy(String setBy) {
        this.setBy = setBy;
    }

    public long getSetAt() {
        return setAt;
    }

    public void setSetAt(long setAt) {
        this.setAt = setAt;
    }

    public Long getRemindedEndAt() {
        return remindedEndAt;
    }

    public void setRemindedEndAt(Long remindedEndAt) {
        this.remindedEndAt = remindedEndAt;
    }

    public Long getEndedAt() {
        return endedAt;
    }

    public void setEndedAt(Long endedAt) {
        this.endedAt = endedAt;
    }
}
