package org.actionrec.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (Debian's Chromium, driven by Selenium): pick the model, upload a JHMDB clip, see
 * its label and the bar chart. Screenshots go to target/screenshots. Skipped, with a message, where Chromium
 * and its driver are not installed (.ci/run installs them).
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final List<String> CLASSES = List.of("golf", "pullup", "shoot_bow");

    @TempDir
    static Path tmp;
    static List<Path> testClips = new ArrayList<>();
    static ActionRecServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "skipped: " + CHROMIUM + " and "
                + DRIVER + " are needed (apt-get install chromium chromium-driver)");
        ServerFixture.assumeBackbone();
        Path model = ServerFixture.trainJhmdbPool(CLASSES, 8, tmp.resolve("train"), testClips);
        server = ActionRecServer.start(ServerFixture.config(tmp.resolve("uploads")),
                ServerFixture.catalog("jhmdb-mini", model, 2));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void uploadAClipAndSeeItsLabelAndBars() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "jhmdb-mini"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-info"), "streams rgb, mhi"));
        assertThat(browser.findElement(By.id("result-help")).getText()).contains("Predict").contains("Timeline")
                .contains("Explain"); // the empty card says what the buttons do
        Path golf = testClips.stream().filter(p -> p.getParent().getFileName().toString().equals("golf"))
                .findFirst().orElseThrow();
        browser.findElement(By.id("file")).sendKeys(golf.toAbsolutePath().toString());
        // the AVI plays in the page through the service's WebM copy
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return document.getElementById('player').readyState")).intValue() >= 2);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("predict"))).click();
        wait.until(ExpectedConditions.or(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), ": "),
                ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
        screenshot("predict.png");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).as(browser.findElement(By.id("error"))
                .getText()).isFalse();
        List<WebElement> bars = browser.findElements(By.cssSelector("#bars .bar"));
        assertThat(bars).hasSize(3);
        for (WebElement bar : bars) { // small probabilities keep a digit that is not zero
            assertThat(bar.findElement(By.cssSelector(".value")).getText()).doesNotMatch("0(\\.0+)?%");
        }
        assertThat(bars.get(0).getAttribute("data-label")).isEqualTo("golf");
        assertThat(browser.findElement(By.id("status")).getText()).endsWith(": golf");
        String width = bars.get(0).findElement(By.cssSelector(".fill")).getAttribute("style");
        assertThat(width).contains("width");

        // a file that is no video: one readable status, the previous video gone, nothing to click
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "not a video");
        browser.findElement(By.id("file")).sendKeys(text.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("notes.mp4").contains("415")
                .contains("not a video");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("notes.mp4: not a video this service can read");
        assertThat(browser.findElement(By.id("predict")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("player")).getAttribute("src")).isNullOrEmpty();
        assertThat(browser.findElements(By.cssSelector("#bars .bar"))).isEmpty();
        assertThat(browser.findElement(By.id("result-help")).isDisplayed()).isTrue();
        screenshot("error.png");
    }

    @Test
    void aRunningTimelineJobIsCancelledFromThePage() throws Exception {
        // a minute of the golf clip's frames over and over: long enough to be running when Cancel is clicked
        Path golf = testClips.stream().filter(p -> p.getParent().getFileName().toString().equals("golf"))
                .findFirst().orElseThrow();
        List<org.actionrec.video.RgbFrame> clip = org.actionrec.motion.TestVideos.decode(golf, 1000);
        List<org.actionrec.video.RgbFrame> frames = new ArrayList<>();
        while (frames.size() < 1500) frames.addAll(clip);
        Path video = org.actionrec.motion.TestVideos.writeFrames(tmp.resolve("a minute of golf.avi"), frames);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-info"), "streams"));
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
        browser.findElement(By.id("file")).sendKeys(video.toAbsolutePath().toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("timeline"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Timeline running"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Timeline cancelled"));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
        screenshot("timeline-cancelled.png");
        long deadline = System.currentTimeMillis() + 30_000;
        while (server.uploads().filesLeft() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(server.uploads().filesLeft()).isZero();
    }

    @Test
    void aTimelineOfTwoActionsWithSegmentsThatSeekAndAnOverlay() throws Exception {
        // a golf clip, then a pull-up clip: a longer video with a change of action
        List<org.actionrec.video.RgbFrame> frames = new ArrayList<>();
        for (String label : List.of("golf", "pullup")) {
            Path clip = testClips.stream().filter(p -> p.getParent().getFileName().toString().equals(label))
                    .findFirst().orElseThrow();
            frames.addAll(org.actionrec.motion.TestVideos.decode(clip, 1000));
        }
        Path video = org.actionrec.motion.TestVideos.writeFrames(tmp.resolve("golf then pullup.avi"), frames);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-info"), "streams"));
        browser.findElement(By.id("file")).sendKeys(video.toAbsolutePath().toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("timeline"))).click();
        wait.until(ExpectedConditions.or(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
                "segments over"), ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).as(browser.findElement(By.id("error"))
                .getText()).isFalse();
        List<WebElement> segments = browser.findElements(By.cssSelector("#segments .segment"));
        assertThat(segments).isNotEmpty();
        assertThat(segments.get(0).getAttribute("data-label")).isEqualTo("golf");
        assertThat(segments.get(segments.size() - 1).getAttribute("data-label")).isEqualTo("pullup");

        // a click on the last segment seeks the video there, and the bars follow the playing time
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return document.getElementById('player').readyState")).intValue() >= 1);
        WebElement last = segments.get(segments.size() - 1);
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(last).click().perform();
        double time = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('player').currentTime")).doubleValue();
        assertThat(time).isGreaterThan(0.5 * frames.size() / 25.0 * 0.9);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-when"), "at "));
        assertThat(browser.findElement(By.cssSelector("#bars .bar")).getAttribute("data-label")).isEqualTo("pullup");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("explain"))).click();
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("explanation")),
                ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
        List<WebElement> views = browser.findElements(By.cssSelector("#keyframes .keyframe"));
        assertThat(views).hasSize(5 * 2); // 5 keyframes x rgb, mhi
        ((JavascriptExecutor) browser).executeScript(
                "const s = document.getElementById('opacity'); s.value = 80; s.dispatchEvent(new Event('input'));");
        assertThat(views.get(0).findElement(By.cssSelector("img.heat")).getAttribute("style")).contains("opacity: 0.8");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1560)); // the whole page
        screenshot("timeline-and-explain.png");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }
}
