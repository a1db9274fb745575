package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

/**
 * Each classifier rule decides on the real server, read from Keycloak's own models: group and subgroup,
 * attribute regex (whole value), listed domain with subdomains and odd spelling, identity-provider link,
 * Organization membership; look-alikes stay internal.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ExternalUserRulesIT {

    @InjectRealm(fromJson = "rules-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    @BeforeEach
    void newBrowserAndOrganization() {
        new Browser(realm, driver, oauth, loginPage).fresh();
        if (realm.admin().organizations().getAll().isEmpty()) {
            OrganizationRepresentation acme = new OrganizationRepresentation();
            acme.setName("Acme");
            acme.setAlias("acme");
            acme.setEnabled(true);
            OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
            domain.setName("acme.example");
            acme.addDomain(domain);
            try (Response created = realm.admin().organizations().create(acme)) {
                assertEquals(201, created.getStatus());
            }
            String orgId = realm.admin().organizations().getAll().get(0).getId();
            String memberId = realm.admin().users().search("member", true).get(0).getId();
            try (Response added = realm.admin().organizations().get(orgId).members().addMember(memberId)) {
                assertEquals(201, added.getStatus());
            }
        }
    }

    @ParameterizedTest(name = "{0} is asked for a code: {1}")
    @CsvSource({
            "inside, false",
            "subgroup, true",
            "contractor, true",
            "prefixed, false",
            "vendor, true",
            "lookalike, false",
            "linked, true",
            "member, true"
    })
    void eachRuleTargetsExactlyItsUsers(String username, boolean external) {
        new Browser(realm, driver, oauth, loginPage).passwordStep(username);

        assertEquals(external, new OtpPage(driver).isShown(), username);
        if (!external) {
            assertEquals(true, oauth.parseLoginResponse().getCode() != null, username + " signed in without a code");
        }
    }
}
