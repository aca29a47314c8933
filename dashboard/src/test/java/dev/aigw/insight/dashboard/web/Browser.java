package dev.aigw.insight.dashboard.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven by Selenium through Debian's ChromeDriver, both given by path
 * so that nothing is downloaded (Selenium Manager is never asked). Without them the test fails with
 * what to install: a browser test that skips silently proves nothing.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a browser with a fresh profile and a desktop-sized window. */
  static Browser start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "The dashboard's browser tests need Debian's Chromium and ChromeDriver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": install them with `apt-get install -y chromium chromium-driver` (.ci/run does)");
    }
    Path profile = Files.createTempDirectory("dashboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // the flags that keep Chromium off the network it has no business with here (updates, sync,
    // safe browsing), and a profile of its own
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  WebDriver driver() {
    return driver;
  }

  /**
   * Fixes the page's "now" (Date.now()) at {@code epochMs} before any script of a page runs, so
   * that its relative ranges are those of an API on the same fixed clock.
   */
  void fixNow(long epochMs) {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", "Date.now = () => " + epochMs + ";"));
  }

  /** Opens a URL and waits until the page has rendered its first answer. */
  void open(String url) {
    driver.get(url);
    awaitSettled();
  }

  /** Waits until the page is no longer loading (its body's data-status says how it ended). */
  String awaitSettled() {
    return until(
        d -> {
          String status = status();
          return status == null || status.equals("loading") ? null : status;
        });
  }

  /** The page's status: loading, ready, empty, store-down, error or unauthorized. */
  String status() {
    return driver.findElement(By.tagName("body")).getAttribute("data-status");
  }

  /** Waits (up to 30 s) until {@code condition} gives a non-null, non-false value. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  WebElement find(String css) {
    return until(
        d -> {
          List<WebElement> found = d.findElements(By.cssSelector(css));
          return found.isEmpty() ? null : found.get(0);
        });
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The text of the first element matching {@code css}. */
  String text(String css) {
    return find(css).getText();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** The page's query string (its state). */
  String search() {
    return (String) script("return window.location.search;");
  }

  /** Resizes the window to the page's full height and writes a PNG of it. */
  void screenshot(Path file) {
    int height = number("return document.documentElement.scrollHeight;");
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, height));
    // the window's size includes what is not page: grow it by the difference once
    int inner = number("return window.innerHeight;");
    if (inner < height) {
      driver
          .manage()
          .window()
          .setSize(new org.openqa.selenium.Dimension(1440, height + (height - inner)));
    }
    until(
        d ->
            number("return window.innerHeight;")
                    >= number("return document.documentElement.scrollHeight;")
                ? true
                : null);
    try {
      Files.createDirectories(file.getParent());
      File png = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      // readable like the other docs (the driver's temp file is private)
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
    }
  }

  private int number(String js) {
    return ((Number) script(js)).intValue();
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files
            .sorted(java.util.Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.deleteIfExists(p);
                  } catch (IOException e) {
                    // a file Chromium still holds: the temp directory is cleaned by the OS
                  }
                });
      }
    }
  }
}
