package dev.gatehouse.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), for the checks
 * HtmlUnit cannot make: layout, contrast and the accessibility tree. Nothing is downloaded: the paths are
 * Debian's, overridable with {@code -Dgatehouse.chromium} and {@code -Dgatehouse.chromedriver}.
 */
final class Chromium implements AutoCloseable {

    private static final String BINARY = System.getProperty("gatehouse.chromium", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("gatehouse.chromedriver", "/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriver driver;

    Chromium() {
        if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
            throw new IllegalStateException("Headless Chromium is needed for the accessibility checks: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does this), missing " + BINARY + " or " + DRIVER);
        }
        try {
            profile = Files.createTempDirectory("gatehouse-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        // Without the background-networking flags Chromium keeps calling home, which the closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US", "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(DRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    List<WebElement> all(String id) {
        return driver.findElements(By.id(id));
    }

    /** Types into the field and submits with the given button, as a person does. */
    void submit(String fieldId, String value, String buttonId) {
        WebElement field = find(fieldId);
        field.clear();
        field.sendKeys(value);
        clickAndWaitForNextPage(find(buttonId));
    }

    /** Fills Keycloak's username and password form and submits it. */
    void signIn(String username, String password) {
        find("username").sendKeys(username);
        find("password").sendKeys(password);
        clickAndWaitForNextPage(find("kc-login"));
    }

    /** Clicks the button and returns when the page it leads to has loaded. */
    void click(String buttonId) {
        clickAndWaitForNextPage(find(buttonId));
    }

    /** A click returns once the request is sent; the next page is there when the old one is gone and the new one loaded. */
    private void clickAndWaitForNextPage(WebElement button) {
        button.click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.stalenessOf(button));
        wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
