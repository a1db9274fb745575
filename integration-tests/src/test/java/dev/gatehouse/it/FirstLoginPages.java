package dev.gatehouse.it;

import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/** Keycloak's first broker login pages, as a person with an upstream account that matches an existing user sees them. */
final class FirstLoginPages {

    private final ManagedWebDriver driver;
    private final LoginPage loginPage;

    FirstLoginPages(ManagedWebDriver driver, LoginPage loginPage) {
        this.driver = driver;
        this.loginPage = loginPage;
    }

    /** Keycloak's review-profile page shows when the provider's profile lacks a field. */
    void fillProfileIfAsked() {
        if (!driver.driver().findElements(By.id("kc-idp-review-profile-form")).isEmpty()) {
            driver.findElement(By.cssSelector("#kc-idp-review-profile-form [type=submit]")).click();
        }
    }

    boolean offersLinking() {
        return !driver.driver().findElements(By.id("linkAccount")).isEmpty();
    }

    /** "Add to existing account": Keycloak mails the existing account's address a link to confirm. */
    void addToExistingAccount() {
        fillProfileIfAsked();
        driver.findElement(By.id("linkAccount")).click();
    }

    /** "Add to existing account", then "try another way": the existing account's password. */
    void addToExistingAccountWithPassword(String password) {
        addToExistingAccount();
        if (!driver.driver().findElements(By.id("kc-select-try-another-way-form")).isEmpty()) {
            driver.findElement(By.id("kc-select-try-another-way-form")).submit();
            driver.findElement(By.xpath("//li[not(contains(., 'mail'))]/form")).submit();
        }
        loginPage.fillPassword(password);
        loginPage.submit();
    }
}
