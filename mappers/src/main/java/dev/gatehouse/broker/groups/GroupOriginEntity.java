package dev.gatehouse.broker.groups;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A group an identity provider's group-sync mapper created: the groups that provider may place users in without
 * an admin allow-listing them. Written only by the mapper, in the login's transaction; no admin API or console
 * field can set it (unlike a group attribute).
 */
@Entity
@IdClass(GroupOriginEntity.Key.class)
@Table(name = "GATEHOUSE_IDP_GROUP_ORIGIN")
@NamedQueries({
        @NamedQuery(name = "gatehouseOriginsOfProvider", query = "select o.groupId from GroupOriginEntity o"
                + " where o.identityProvider = :idp and o.groupId in :groupIds"),
        @NamedQuery(name = "gatehouseDeleteOriginsOfGroup", query = "delete from GroupOriginEntity o where o.groupId = :groupId"),
        @NamedQuery(name = "gatehouseDeleteOriginsOfRealm", query = "delete from GroupOriginEntity o where o.realmId = :realmId")
})
public class GroupOriginEntity {

    @Id
    @Column(name = "GROUP_ID", length = 36, nullable = false)
    private String groupId;

    @Id
    @Column(name = "IDP_ALIAS", length = 255, nullable = false)
    private String identityProvider;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

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

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    /** The composite key: one row per group and provider. */
    public static class Key implements Serializable {
        private String groupId;
        private String identityProvider;

        public Key() {
        }

        public Key(String groupId, String identityProvider) {
            this.groupId = groupId;
            this.identityProvider = identityProvider;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupId, k.groupId) && Objects.equals(identityProvider, k.identityProvider);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, identityProvider);
        }
    }
}
