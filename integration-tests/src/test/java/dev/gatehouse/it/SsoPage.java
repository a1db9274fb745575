package dev.gatehouse.it;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

/** The Gatehouse page that sends an external user to their own identity provider. */
final class SsoPage {

    private final ManagedWebDriver driver;

    SsoPage(ManagedWebDriver driver) {
        this.driver = driver;
    }

    boolean isShown() {
        return !driver.driver().findElements(By.id("gatehouse-sso-form")).isEmpty();
    }

    void proceed() {
        driver.findElement(By.id("gatehouse-sso-continue")).click();
    }

    String buttonText() {
        return driver.findElement(By.id("gatehouse-sso-continue")).getText();
    }

    String why() {
        return driver.findElement(By.id("gatehouse-sso-why")).getText();
    }

    String alert() {
        List<WebElement> alerts = driver.driver().findElements(By.className("kc-feedback-text"));
        return alerts.isEmpty() ? "" : alerts.get(0).getText();
    }

    /** The {@code state} of the request the page sent to the provider, read from the provider's URL. */
    static String stateAt(String providerUrl) {
        for (String pair : providerUrl.substring(providerUrl.indexOf('?') + 1).split("&")) {
            if (pair.startsWith("state=")) {
                return pair.substring("state=".length());
            }
        }
        throw new AssertionError("no state in " + providerUrl);
    }
}
