package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Settings;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium, driven by the system's chromedriver, against the real server on H2:
 * one browser for the class, one audience taken through its life in order (signed in, listed, edited with a bad TTL
 * and a good one, a CSV uploaded, a run started and watched to its end, its rejected rows, its members, an identity
 * looked up, the page at 360 px, deleted). Screenshots of the main pages go to {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String CSV = "email,tier\nada@example.com,gold\n,gold\nbob@example.com,platinum\n";

    static Path data;
    static Path profile;
    static TestServer server;
    static CompositionRoot.Backend worker;
    static ChromeDriver browser;
    static WebDriverWait wait;
    static String sandbox;
    static ApiClient api;
    static String audienceName;
    static String audienceId;

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install chromium chromium-driver)").exists();
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver)").exists();
        data = Files.createTempDirectory("console-data");
        profile = Files.createTempDirectory("console-chromium");
        // this node executes no run: the test lets a second node on the same database execute it when it has seen
        // the run in progress, so that the page is seen to follow the run by itself
        server = new TestServer(data, Map.of("EXTAUDIENCES_RUN_WORKERS", "0"));
        worker = CompositionRoot.open(Settings.from(Map.of("EXTAUDIENCES_DATA_DIR", data.toString(),
                "EXTAUDIENCES_RUN_WORKERS", "0")), Clock.systemUTC());
        sandbox = "console-" + UUID.randomUUID().toString().substring(0, 8);
        api = server.api(sandbox);
        Files.createDirectories(SCREENSHOTS);
        // the driver named explicitly: Selenium Manager never looks for (or downloads) one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (worker != null) {
            worker.close();
        }
        if (server != null) {
            server.close();
        }
        for (Path folder : new Path[] {data, profile}) {
            if (folder != null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private static String url(String hash) {
        return "http://127.0.0.1:" + server.port() + "/console/" + hash;
    }

    private static WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void type(String css, String text) {
        WebElement input = visible(css);
        input.clear();
        input.sendKeys(text);
    }

    /** The whole page, not only what the window shows: the window is made as tall as the page for the shot. */
    private static void screenshot(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = (Long) script("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 20, 4000)));
        try {
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    @Test
    @Order(1)
    void signingInAsksForTheFourCredentialsOnceAndKeepsThemForTheTabOnly() throws IOException {
        browser.get(url(""));
        visible("#sign-in");
        // every input has its label, so the form reads by label
        for (String id : List.of("token", "api-key", "org-id", "sandbox")) {
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).hasSize(1);
        }
        type("#token", "not-the-token");
        type("#api-key", TestServer.API_KEY);
        type("#org-id", TestServer.ORG);
        type("#sandbox", sandbox);
        screenshot("sign-in");
        visible("#sign-in button[type=submit]").click();
        // a refused token is shown as the API answered it, and nothing is kept
        assertThat(visible("#sign-in .problem").getText()).contains("400").contains("100911-400");
        assertThat(script("return sessionStorage.length")).isEqualTo(0L);

        type("#token", TestServer.TOKEN);
        visible("#token").sendKeys(Keys.ENTER); // the keyboard submits the form

        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Audiences"));
        assertThat(script("return sessionStorage.length")).isEqualTo(1L);
        assertThat(script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    @Order(2)
    void anAudienceCreatedThroughTheApiIsListedAndFoundBySearchingItsName() throws IOException {
        audienceName = "Loyalty gold " + UUID.randomUUID().toString().substring(0, 6);
        Calls.createdAudienceFrom(api, """
                {"name": "Another audience", "fields": [{"name": "email", "type": "string", "identityNs": "email"}],
                 "sourceSpec": {"path": "other.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}""");
        audienceId = Calls.createdAudienceFrom(api, """
                {"name": "%s", "description": "Gold members from the CRM export",
                 "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                            {"name": "tier", "type": "string", "labels": ["core/C2"]}],
                 "sourceSpec": {"path": "crm/gold/members.csv", "type": "file"}, "ttlInDays": 30,
                 "labels": ["core/C1"], "originName": "CUSTOM_UPLOAD"}""".formatted(audienceName));

        browser.get(url("#/audiences"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audiences"), audienceName));
        assertThat(visible("#audiences").getText()).contains("Another audience");
        type("#audience-search", "loyalty GOLD");
        visible("#audience-search").sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("q=loyalty"));
        wait.until(ExpectedConditions.invisibilityOfElementWithText(By.id("audiences"), "Another audience"));
        assertThat(visible("#audiences tbody").findElements(By.tagName("tr"))).hasSize(1);
        screenshot("audiences");
        visible("#audiences a").click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), audienceName));
    }

    @Test
    @Order(3)
    void aBadTtlIsShownByItsFieldAsTheApiWordedItAndAGoodOneIsSaved() {
        browser.get(url("#/audiences/" + audienceId));
        visible("#edit");
        assertThat(visible("#fields").getText()).contains("tier").contains("core/C2").contains("email");
        type("#edit-ttl", "91");
        visible("#edit button[type=submit]").click();

        WebElement error = visible("#edit-ttl-error");
        assertThat(error.getText()).contains("400").contains("100910-400").contains("ttlInDays");
        assertThat(visible("#edit-ttl").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(api.call("GET", Calls.audiencePath(audienceId), null).json().path("ttlInDays").asInt())
                .isEqualTo(30);

        type("#edit-ttl", "45");
        type("#edit-labels", "core/C1, custom/deep");
        visible("#edit button[type=submit]").click();
        visible("#edit-done");
        assertThat(browser.findElement(By.id("edit-ttl-error")).isDisplayed()).isFalse();
        assertThat(visible("#ttl").getText()).isEqualTo("45 days");
        assertThat(api.call("GET", Calls.audiencePath(audienceId), null).json().path("labels").toString())
                .isEqualTo("[\"core/C1\",\"custom/deep\"]");
    }

    @Test
    @Order(4)
    void aCsvUploadedFromTheBrowserLandsAtTheAudiencesPath() throws IOException {
        Path csv = Files.writeString(data.resolve("members.csv"), CSV);
        browser.get(url("#/audiences/" + audienceId));
        visible("#upload-file").sendKeys(csv.toAbsolutePath().toString());
        visible("#upload button[type=submit]").click();

        assertThat(visible("#upload-done").getText()).contains("crm/gold/members.csv");
        assertThat(Files.readString(data.resolve("landing").resolve(TestServer.ORG).resolve(sandbox)
                .resolve("crm/gold/members.csv"))).isEqualTo(CSV);
    }

    @Test
    @Order(5)
    void aRunStartedFromTheBrowserIsWatchedToItsEndWithItsStagesCountsAndRejectedRows() throws IOException {
        visible("#mode-full").click();
        visible("#start-run button[type=submit]").click();

        wait.until(ExpectedConditions.urlContains("/runs/"));
        assertThat(visible("#run-status .badge").getText()).isEqualTo("PROCESSING");
        assertThat(visible("#run-progress").getText()).contains("waiting for a worker").contains("so far");
        assertThat(visible("#rejected-rows-none").getText()).isEqualTo("None so far.");
        screenshot("run-in-progress");

        assertThat(worker.domain().executePendingRuns()).isEqualTo(1);

        // the page was not reloaded: it polls the run until it ends
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "SUCCESS"));
        assertThat(browser.findElements(By.id("run-progress"))).isEmpty();
        assertThat(visible("#rows-read").getText()).isEqualTo("3");
        assertThat(visible("#rows-rejected").getText()).isEqualTo("1");
        assertThat(visible("#members-added").getText()).isEqualTo("2");
        assertThat(visible("#stages").getText()).contains("DATASET_INGEST").contains("PROFILE_STORE_INGEST");
        List<WebElement> rejected = visible("#rejected-rows tbody").findElements(By.tagName("tr"));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getText()).contains("crm/gold/members.csv").contains("3").contains("email")
                .contains("empty");
        // the chart of the audience's run history is drawn by uPlot on a canvas
        visible("#run-history .uplot canvas");
        screenshot("run");

        // a second run, differential, so that the history has a line to draw
        String second = api.call("POST", Calls.audiencePath(audienceId) + "/runs", "{\"dataFilterStartTime\": 0}")
                .json().path("runId").asText();
        assertThat(worker.domain().executePendingRuns()).isEqualTo(1);
        assertThat(Calls.awaitRunEnded(api, audienceId, second).path("status").asText()).isEqualTo("SUCCESS");
        browser.get(url("#/audiences/" + audienceId));
        assertThat(visible("#run-list tbody").getText()).contains("SUCCESS").contains("full")
                .contains("differential");
        visible("#run-history .uplot canvas");
        screenshot("audience");
    }

    @Test
    @Order(6)
    void theMembersArePagedAndAnIdentityIsLookedUpAcrossAudiences() throws IOException {
        browser.get(url("#/audiences/" + audienceId + "/members"));
        List<WebElement> rows = visible("#members tbody").findElements(By.tagName("tr"));
        assertThat(rows).hasSize(2);
        assertThat(visible("#members").getText()).contains("ada@example.com").contains("bob@example.com")
                .contains("platinum");
        screenshot("members");

        browser.get(url("#/lookup"));
        type("#lookup-namespace", "email");
        type("#lookup-value", "ada@example.com");
        visible("#lookup button[type=submit]").click();
        assertThat(visible("#memberships").getText()).contains(audienceName).contains("tier=gold");
        screenshot("lookup");

        type("#lookup-value", "nobody@example.com");
        visible("#lookup button[type=submit]").click();
        visible("#no-membership");
    }

    @Test
    @Order(7)
    void at360PixelsWideNoPageIsWiderThanTheScreen() throws IOException {
        browser.manage().window().setSize(new Dimension(360, 900));
        try {
            for (String page : List.of("#/audiences", "#/audiences/" + audienceId,
                    "#/lookup?ns=email&value=ada%40example.com", "#/audiences/" + audienceId + "/members")) {
                browser.get(url(page));
                visible("main h1");
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".loading")));
                assertThat((Long) script("return document.documentElement.scrollWidth"))
                        .as("the page's width at " + page)
                        .isLessThanOrEqualTo((Long) script("return window.innerWidth"));
            }
            browser.get(url("#/audiences/" + audienceId));
            visible("#run-history .uplot canvas");
            screenshot("audience-360px");
        } finally {
            browser.manage().window().setSize(new Dimension(1440, 1000));
        }
    }

    @Test
    @Order(8)
    void anApiRefusalIsShownAsItCameNeverABlankPage() {
        browser.get(url("#/audiences/no-such-audience"));
        WebElement problem = visible(".problem");
        assertThat(problem.getText()).contains("404").contains("100940-404").contains("no-such-audience");
    }

    @Test
    @Order(9)
    void deletingAsksForConfirmationFirstAndThenTheAudienceIsGone() {
        browser.get(url("#/audiences/" + audienceId));
        visible("#delete").click();
        visible("#confirm-cancel").click();
        assertThat(api.call("GET", Calls.audiencePath(audienceId), null).status()).isEqualTo(200);

        visible("#delete").click();
        visible("#confirm-ok").click();

        wait.until(ExpectedConditions.urlContains("#/audiences"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audiences"), "Another audience"));
        assertThat(visible("#audiences").getText()).doesNotContain(audienceName);
        assertThat(api.call("GET", Calls.audiencePath(audienceId), null).status()).isEqualTo(404);
    }
}
