package dev.gatehouse.governance.attestation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** Where one external user stands in attestation and the staged path; one row per user. */
@Entity
@Table(name = "GATEHOUSE_ATTESTATION")
@NamedQueries({
        @NamedQuery(name = "gatehouseAttestationsInState",
                query = "select a from AttestationEntity a where a.realmId = :realmId and a.state = :state"),
        @NamedQuery(name = "gatehouseDeleteAttestationsOfRealm", query = "delete from AttestationEntity a where a.realmId = :realmId")
})
public class AttestationEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "POLICY_ID", length = 36)
    private String policyId;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "REASON", length = 16)
    private String reason;

    /** When the current (or last) round asked the sponsors, or the missing sponsor was found. */
    @Column(name = "ROUND_AT")
    private Long roundAt;

    /** The round the user was last confirmed in (or when an admin re-enabled them): the next round is due from here. */
    @Column(name = "CONFIRMED_AT")
    private Long confirmedAt;

    @Column(name = "ANSWERED_BY", length = 36)
    private String answeredBy;

    @Column(name = "DISABLED_AT")
    private Long disabledAt;

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getPolicyId() {
        return policyId;
    }

    public void setPolicyId(String policyId) {
        this.policyId = policyId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Long getRoundAt() {
        return roundAt;
    }

    public void setRoundAt(Long roundAt) {
        this.roundAt = roundAt;
    }

    public Long getConfirmedAt() {
        return confirmedAt;
    }

    public void setConfirmedAt(Long confirmedAt) {
        this.confirmedAt = confirmedAt;
    }

    public String getAnsweredBy() {
        return answeredBy;
    }

    public void setAnsweredBy(String answeredBy) {
        this.answeredBy = answeredBy;
    }

    public Long getDisabledAt() {
        return disabledAt;
    }

    public void setDisabledAt(Long disabledAt) {
        this.disabledAt = disabledAt;
    }
}
