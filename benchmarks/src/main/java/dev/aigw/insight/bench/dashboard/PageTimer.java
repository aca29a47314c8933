package dev.aigw.insight.bench.dashboard;

import dev.aigw.insight.bench.stats.Samples;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens a page of the dashboard in headless Chromium, again and again, and reads how long it took
 * until the page said it had drawn its view: the {@code data-rendered-ms} mark the page sets after
 * the view's data is fetched and its table and charts are in the document (ms since the
 * navigation's start, the browser's own clock).
 */
final class PageTimer implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final WebDriver driver;
  private final Path profile;
  private int lastRows;

  private PageTimer(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium (given by path: Selenium downloads nothing). */
  static PageTimer open() throws Exception {
    Path profile = Files.createTempDirectory("dashboard-bench-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new PageTimer(new ChromeDriver(service, options), profile);
  }

  /**
   * {@code warmup} untimed loads of {@code url}, then {@code loads} timed ones; each must show
   * {@code rows} rows in the services table.
   */
  Samples time(String url, int warmup, int loads, int rows) {
    Samples samples = new Samples();
    for (int i = 0; i < warmup + loads; i++) {
      // a fresh document each time
      driver.get("about:blank");
      driver.get(url);
      String mark =
          new WebDriverWait(driver, Duration.ofSeconds(60))
              .until(
                  d -> {
                    String status = d.findElement(By.tagName("body")).getAttribute("data-status");
                    if ("error".equals(status) || "store-down".equals(status)) {
                      throw new IllegalStateException("the page says " + status);
                    }
                    return "ready".equals(status)
                        ? d.findElement(By.tagName("body")).getAttribute("data-rendered-ms")
                        : null;
                  });
      lastRows =
          ((Number)
                  ((JavascriptExecutor) driver)
                      .executeScript(
                          "return document.querySelectorAll('#services-table tbody tr').length;"))
              .intValue();
      if (lastRows != rows) {
        throw new IllegalStateException("expected " + rows + " rows, the page shows " + lastRows);
      }
      if (i >= warmup) {
        samples.add(Long.parseLong(mark));
      }
    }
    return samples;
  }

  int lastRows() {
    return lastRows;
  }

  @Override
  public void close() throws Exception {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
