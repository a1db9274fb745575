package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.util.JsonSerialization;

/**
 * Wires the session guard (the client-policy executor that holds policies on the token endpoint) into a realm
 * with policies: a client profile holding the executor and a client policy applying it to every client. Admins
 * do not build these by hand. Idempotent and respectful: when any client policy of the realm already uses a
 * profile with the executor, enabled or not (a disabled one is the admin's decision), nothing changes; the
 * realm's other profiles and policies are kept as they are.
 */
public final class SessionGuardClientPolicy {

    /** The executor's provider id (its factory lives in the authenticators module). */
    public static final String EXECUTOR_ID = "gatehouse-session-guard";
    /** Name of the profile and of the policy Gatehouse adds. */
    public static final String NAME = "gatehouse-session-guard";

    private static final Logger LOG = Logger.getLogger(SessionGuardClientPolicy.class);
    private static final String ANY_CLIENT = "any-client";

    private SessionGuardClientPolicy() {
    }

    /** Adds the profile and the policy to a realm that has Gatehouse policies and no guard yet. */
    public static void ensureIfPolicies(KeycloakSession session, RealmModel realm) {
        if (RealmPolicies.components(realm).findAny().isPresent()) {
            ensure(session, realm);
        }
    }

    /**
     * Adds the profile and the policy unless some client policy already applies the executor.
     *
     * @return whether the realm was changed
     */
    public static boolean ensure(KeycloakSession session, RealmModel realm) {
        ClientPolicyManager manager = session.clientPolicy();
        try {
            ClientProfilesRepresentation profiles = manager.getClientProfiles(realm, false);
            ClientPoliciesRepresentation policies = manager.getClientPolicies(realm, false);
            List<ClientProfileRepresentation> profileList = profiles.getProfiles() == null ? new ArrayList<>() : new ArrayList<>(profiles.getProfiles());
            List<ClientPolicyRepresentation> policyList = policies.getPolicies() == null ? new ArrayList<>() : new ArrayList<>(policies.getPolicies());

            Set<String> guardProfiles = profileList.stream().filter(SessionGuardClientPolicy::runsGuard)
                    .map(ClientProfileRepresentation::getName).collect(Collectors.toSet());
            if (policyList.stream().anyMatch(p -> p.getProfiles() != null && p.getProfiles().stream().anyMatch(guardProfiles::contains))) {
                return false;
            }
            if (policyList.stream().anyMatch(p -> NAME.equals(p.getName()))
                    || profileList.stream().anyMatch(p -> NAME.equals(p.getName()) && !runsGuard(p))) {
                LOG.warnf("Realm %s has a client profile or policy named %s that does not run the Gatehouse session guard; "
                        + "leaving it alone. Token limits of Gatehouse policies are not enforced until it does.", realm.getName(), NAME);
                return false;
            }
            if (!guardProfiles.contains(NAME)) {
                profileList.add(profile());
                profiles.setProfiles(profileList);
                manager.updateClientProfiles(realm, profiles);
            }
            policyList.add(policy());
            policies.setPolicies(policyList);
            manager.updateClientPolicies(realm, policies);
            LOG.infof("Added client policy %s to realm %s so Gatehouse policies hold on the token endpoint", NAME, realm.getName());
            return true;
        } catch (ClientPolicyException e) {
            LOG.warnf("Could not add client policy %s to realm %s: %s %s", NAME, realm.getName(), e.getError(), e.getErrorDetail());
            return false;
        }
    }

    private static boolean runsGuard(ClientProfileRepresentation profile) {
        return profile.getExecutors() != null
                && profile.getExecutors().stream().anyMatch(e -> EXECUTOR_ID.equals(e.getExecutorProviderId()));
    }

    private static ClientProfileRepresentation profile() {
        ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
        executor.setExecutorProviderId(EXECUTOR_ID);
        executor.setConfiguration(JsonSerialization.createObjectNode());
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName(NAME);
        profile.setDescription("Added by Gatehouse: holds external-user policies on the token endpoint (session limits, token caps, blocked grants).");
        profile.setExecutors(List.of(executor));
        return profile;
    }

    private static ClientPolicyRepresentation policy() {
        ClientPolicyConditionRepresentation anyClient = new ClientPolicyConditionRepresentation();
        anyClient.setConditionProviderId(ANY_CLIENT);
        anyClient.setConfiguration(JsonSerialization.createObjectNode());
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName(NAME);
        policy.setDescription("Added by Gatehouse for every client. Disable it to turn the guard off; Gatehouse leaves a disabled policy alone.");
        policy.setEnabled(true);
        policy.setConditions(List.of(anyClient));
        policy.setProfiles(List.of(NAME));
        return policy;
    }
}
