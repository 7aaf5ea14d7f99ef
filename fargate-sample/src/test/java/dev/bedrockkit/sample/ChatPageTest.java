package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * The chat page in a real headless Chromium (Debian's chromium and chromium-driver, which
 * {@code ./test.sh} installs): a streamed answer appears piece by piece, then the model, tokens,
 * cost and cache result; a model failure shows the error state.
 */
class ChatPageTest extends SampleTestBase {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  static ChromeDriverService service;
  static WebDriver browser;
  static Path profile;

  @BeforeAll
  static void startBrowser() throws IOException {
    assumeThat(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())
        .as("needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium"
            + " chromium-driver; ./test.sh installs them)")
        .isTrue();
    profile = Files.createTempDirectory("chat-page-test-profile");
    // The installed driver, so Selenium Manager never looks for (or downloads) one.
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM)
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1200,900",
                "--user-data-dir=" + profile);
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      FileSystemUtils.deleteRecursively(profile.toFile());
    }
  }

  private WebElement send(String message) {
    browser.get("http://127.0.0.1:" + port + "/");
    WebElement input = browser.findElement(By.id("message"));
    input.sendKeys(message);
    browser.findElement(By.id("send")).click();
    return new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.cssSelector("li.message.assistant")));
  }

  @Test
  void anAnswerStreamsInPieceByPieceThenShowsModelTokensCostAndCache() {
    emulator().faults().slowStreams(Duration.ofMillis(120));
    String message =
        IntStream.rangeClosed(1, 12).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
    String expected = "[" + FIRST + "] echo: " + message;

    WebElement answer = send(message);
    WebElement text = answer.findElement(By.cssSelector(".text"));
    List<String> seen = new ArrayList<>();
    new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(30))
        .until(
            d -> {
              String now = text.getText();
              if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
              }
              return answer.findElement(By.cssSelector(".meta")).isDisplayed();
            });

    assertThat(text.getText()).isEqualTo(expected);
    List<String> partial = seen.stream().filter(s -> !s.isEmpty() && !s.equals(expected)).toList();
    assertThat(partial).as("partial answers seen while streaming: %s", seen).hasSizeGreaterThanOrEqualTo(3);
    for (String p : partial) {
      assertThat(expected).startsWith(p);
    }
    assertThat(field(answer, "model")).isEqualTo(FIRST);
    assertThat(field(answer, "tokens")).matches("\\d+ in / \\d+ out");
    assertThat(field(answer, "cost")).startsWith("$");
    assertThat(field(answer, "cache")).isEqualTo("miss");
    assertThat(field(answer, "attempts")).isEqualTo("1");
    assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("send")).isEnabled()).isTrue();
    assertThat(browser.findElement(By.id("totals")).getText()).startsWith("1 answer · ");
  }

  @Test
  void aModelFailureMidAnswerShowsTheErrorState() {
    emulator().faults().breakNextStreamAfter(3, "modelStreamErrorException");

    WebElement answer = send("this answer will break");
    WebElement error =
        new WebDriverWait(browser, Duration.ofSeconds(20))
            .until(d -> {
              WebElement e = d.findElement(By.id("error"));
              return e.isDisplayed() ? e : null;
            });

    assertThat(browser.findElement(By.id("error-title")).getText()).isEqualTo("No model could answer");
    assertThat(browser.findElement(By.id("error-detail")).getText())
        .isEqualTo("Every model is busy or failing right now; try again in 10 seconds.");
    assertThat(browser.findElement(By.id("error-request")).getText()).startsWith("request ");
    assertThat(answer.getAttribute("class")).contains("failed");
    assertThat(error.findElement(By.id("retry")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("send")).isEnabled()).isTrue();
  }

  @Test
  void aRepeatedQuestionShowsACacheHit() {
    String question = "what does a cache hit look like?";
    WebElement first = send(question);
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> first.findElement(By.cssSelector(".meta")).isDisplayed());
    String firstCache = field(first, "cache");

    WebElement second = send(question); // a fresh page: no history, the same request
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> second.findElement(By.cssSelector(".meta")).isDisplayed());

    assertThat(firstCache).isEqualTo("miss");
    assertThat(field(second, "cache")).isEqualTo("hit");
    assertThat(field(second, "cost")).isEqualTo("$0");
    assertThat(field(second, "tokens")).isEqualTo("0 in / 0 out");
    assertThat(browser.findElement(By.id("totals")).getText()).endsWith("1 cache hit");
  }

  @Test
  void aDegradedAnswerIsMarked() {
    emulator().faults().throttleNext(2);

    WebElement answer = send("is anyone there?");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> answer.findElement(By.cssSelector(".meta")).isDisplayed());

    assertThat(answer.findElement(By.cssSelector(".text")).getText())
        .isEqualTo("The assistant is busy; please try again in a minute.");
    assertThat(answer.getAttribute("class")).contains("degraded");
    assertThat(field(answer, "model")).contains("degraded");
  }

  private static String field(WebElement answer, String name) {
    return answer.findElement(By.cssSelector("[data-field=\"" + name + "\"]")).getText();
  }
}
