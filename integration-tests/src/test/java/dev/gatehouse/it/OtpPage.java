package dev.gatehouse.it;

import java.util.List;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Gatehouse one-time-code page as a user sees it. */
final class OtpPage {

    private final ManagedWebDriver driver;

    OtpPage(ManagedWebDriver driver) {
        this.driver = driver;
    }

    boolean isShown() {
        return !driver.driver().findElements(By.id("gatehouse-otp-form")).isEmpty();
    }

    void enter(String code) {
        WebElement input = driver.findElement(By.id("code"));
        input.clear();
        input.sendKeys(code);
        driver.findElement(By.id("gatehouse-otp-submit")).click();
    }

    void resend() {
        driver.findElement(By.id("gatehouse-otp-resend")).click();
    }

    boolean canResend() {
        return !driver.driver().findElements(By.id("gatehouse-otp-resend")).isEmpty();
    }

    String fieldError() {
        List<WebElement> errors = driver.driver().findElements(By.id("input-error-code"));
        return errors.isEmpty() ? "" : errors.get(0).getText();
    }

    String alert() {
        List<WebElement> alerts = driver.driver().findElements(By.className("kc-feedback-text"));
        return alerts.isEmpty() ? "" : alerts.get(0).getText();
    }

    String codeInputAttribute(String name) {
        return driver.findElement(By.id("code")).getAttribute(name);
    }

    /** A wrong code of the right length: the given one with its last digit changed. */
    static String wrongCode(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
