package dev.gatehouse.broker.groups;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One group membership an identity provider's group-sync mapper granted: the provenance re-sync relies on to
 * remove only what it added. Kept per identity provider, not per mapper, so a mapper's new settings (or a new
 * mapper) take over the memberships the old ones granted.
 */
@Entity
@Table(name = "GATEHOUSE_IDP_GROUP_GRANT")
@NamedQueries({
        @NamedQuery(name = "gatehouseGrantsOfUser",
                query = "select g from GroupGrantEntity g where g.userId = :userId and g.identityProvider = :idp"),
        @NamedQuery(name = "gatehouseDeleteGrants", query = "delete from GroupGrantEntity g where g.userId = :userId"
                + " and g.identityProvider = :idp and g.groupId in :groupIds"),
        @NamedQuery(name = "gatehouseDeleteGrantsOfUser", query = "delete from GroupGrantEntity g where g.userId = :userId"),
        @NamedQuery(name = "gatehouseDeleteGrantsOfMembership", query = "delete from GroupGrantEntity g where g.userId = :userId"
                + " and g.groupId = :groupId"),
        @NamedQuery(name = "gatehouseDeleteGrantsOfGroup", query = "delete from GroupGrantEntity g where g.groupId = :groupId"),
        @NamedQuery(name = "gatehouseDeleteGrantsOfRealm", query = "delete from GroupGrantEntity g where g.realmId = :realmId")
})
public class GroupGrantEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "GROUP_ID", length = 36, nullable = false)
    private String groupId;

    @Column(name = "IDP_ALIAS", length = 255, nullable = false)
    private String identityProvider;

    @Column(name = "GRANTED_AT", nullable = false)
    private long grantedAt;

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

    public String getIdentityProvider() {
        return identityProvider;
    }

    public void setIdentityProvider(String identityProvider) {
        this.identityProvider = identityProvider;
    }

    public long getGrantedAt() {
        return grantedAt;
    }

    public void setGrantedAt(long grantedAt) {
        this.grantedAt = grantedAt;
    }
}
