package com.cxoneflows.presence;

import com.cxoneflows.auth.TokenService;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.PresenceWorld;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The supervisor dashboard in a real headless Chromium against the product on its embedded simulator: every user
 * shown, a status change on screen within a second, the filters, the page in step with the board at hundreds of
 * updates a second, the indicator through a lost CXone connection and a dropped feed, and no credential anywhere
 * the page can see or reach. With {@code -Ddashboard.screenshot=docs/dashboard.png} it also saves a screenshot.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String STREAM = "presence-dashboard";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static RunningProduct product;
    private static PresenceWorld world;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Chromium and its driver: apt-get install chromium chromium-driver");
        startProduct(Map.of());
        browser = chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (product != null) {
            product.close();
        }
    }

    @BeforeEach
    void openDashboard() {
        browser.get(product.url("/"));
        await().atMost(SETTLE).until(() -> "live".equals(connectionState()) && rowCount() == world.userIds().size());
    }

    @Test
    void shouldShowEveryUserOfTheSimulatorWhenOpened() throws IOException {
        List<String> users = world.userIds();

        assertThat(users).hasSize(1000);
        assertThat(new ArrayList<>(PresenceWorld.board(product.url("")).keySet())).isEqualTo(users);
        assertThat(pageUserIds()).isEqualTo(users);
        assertThat(text(By.id("count-all-value"))).isEqualTo("1,000");
        assertThat(text(By.id("shown"))).isEqualTo("Showing 1,000 of 1,000 agents");

        String screenshot = System.getProperty("dashboard.screenshot");
        if (screenshot != null) {
            // a working floor rather than one just dealt: let the demo traffic run, the page live all along
            await().during(Duration.ofSeconds(40)).atMost(Duration.ofSeconds(45)).until(() -> "live".equals(connectionState()));
            Files.write(Path.of(screenshot), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void shouldShowAStatusChangeWithinASecondWhenTheSimulatorMakesIt() {
        String user = world.userIds().get(123);
        browser.findElement(By.id("search")).sendKeys(user);
        await().atMost(SETTLE).until(() -> visibleRows().get("ids").equals(List.of(user)));
        // every status the row shows from now on, however briefly (the demo traffic may move the user on)
        browser.executeScript("""
                const cell = document.querySelector('#rows tr:not([hidden]) td.status');
                window.statusesShown = [];
                new MutationObserver(() => window.statusesShown.push(cell.textContent))
                    .observe(cell, {subtree: true, childList: true, characterData: true});""");

        world.set(Map.of("userId", user, "status", "Training"));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> ((List<?>) browser.executeScript("return window.statusesShown")).contains("Training"));
    }

    @Test
    void shouldNarrowTheRowsWhenAStatusAQueueOrAUserIdIsChosen() {
        WebElement available = browser.findElement(By.cssSelector("#counts button[data-status='Available']"));
        available.click();
        Map<String, List<String>> shown = visibleRows();
        assertThat(available.getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(shown.get("statuses")).isNotEmpty().allMatch("Available"::equals);
        assertThat(shown.get("chosenCount")).containsExactly(String.valueOf(shown.get("ids").size()));

        browser.findElement(By.id("count-all")).click();
        new Select(browser.findElement(By.id("queue-filter"))).selectByVisibleText("Sales");
        assertThat(visibleRows().get("queues")).isNotEmpty().allMatch("Sales"::equals);
        assertThat(browser.getCurrentUrl()).endsWith("#queue=Sales");

        browser.findElement(By.id("clear-filters")).click();
        String someone = world.userIds().get(500);
        browser.findElement(By.id("search")).sendKeys(someone.substring(0, 13).toUpperCase());
        assertThat(visibleRows().get("ids")).containsExactly(someone);
    }

    @Test
    void shouldKeepInStepWithTheBoardWhenHundredsOfUpdatesArriveEachSecond() {
        try {
            world.configure(Map.of("updatesPerSecond", 400));
            // frames the page painted meanwhile, and its longest gap between two (reported, not judged: a shared
            // machine stretches frames that the page does not)
            Object frames = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    let frames = 0, longest = 0, last = performance.now();
                    const start = last;
                    requestAnimationFrame(function frame(now) {
                        frames++;
                        longest = Math.max(longest, now - last);
                        last = now;
                        if (now - start < 5000) requestAnimationFrame(frame);
                        else done({frames, longestGapMs: Math.round(longest)});
                    });""");
            System.out.println("dashboard at 400 updates/s for 5 s: " + frames);
            world.configure(Map.of("paused", true));

            await().atMost(SETTLE).until(() -> pageRows().equals(boardRows()));
        } finally {
            world.configure(Map.of("updatesPerSecond", 20, "paused", false));
        }
    }

    @Test
    void shouldSayStaleWhenTheProductLosesCxoneAndLiveWhenItIsBack() {
        try {
            world.fault(Map.of("kind", "reject", "count", 1, "reason", "subscription refused for the test"));
            world.fault(Map.of("kind", "close", "code", 1011));

            // the drop first (1011), then the refused subscribe that stops the stream (1008)
            await().atMost(SETTLE).until(() -> "stale".equals(connectionState())
                    && text(By.id("connection-detail")).contains("subscription refused for the test"));
            assertThat(text(By.id("connection-detail"))).startsWith("The product's CXone connection is down").contains("1008");
        } finally {
            assertThat(Http.post(product.url("/api/streams/" + STREAM + "/restart"), "").status()).isEqualTo(200);
        }
        await().atMost(SETTLE).until(() -> "live".equals(connectionState()));
    }

    @Test
    void shouldSayReconnectingWhenTheFeedDropsAndLiveWhenItIsBack() {
        int port = URI.create(product.url("/")).getPort();
        List<String> before = world.userIds();

        product.close();
        await().atMost(SETTLE).until(() -> "reconnecting".equals(connectionState()));
        assertThat(rowCount()).as("the last data stays on screen").isEqualTo(before.size());

        startProduct(Map.of("camel.server.port", String.valueOf(port)));
        await().atMost(Duration.ofSeconds(60)).until(() -> "live".equals(connectionState()));
        // a new process with a new simulator: the page takes its snapshot and drops the users it no longer has
        await().atMost(SETTLE).until(() -> pageUserIds().equals(world.userIds()));
        assertThat(world.userIds()).doesNotContainAnyElementsOf(before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCarryNoCredentialWhereThePageCanSeeOrReach() {
        Map<String, Object> seen = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = response => [...response.headers].map(([name, value]) => name + ': ' + value).join('\\n');
                (async () => {
                    const api = await fetch('/api/presence');
                    const controller = new AbortController();
                    const stream = await fetch('/api/presence/stream', {signal: controller.signal});
                    const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
                    let feed = '';
                    const until = Date.now() + 2000;
                    while (Date.now() < until) {
                        const next = await Promise.race([reader.read(), new Promise(r => setTimeout(() => r({}), 500))]);
                        if (next.done) break;
                        feed += next.value || '';
                    }
                    controller.abort();
                    const scripts = await Promise.all([...document.scripts].map(s => s.src ? fetch(s.src).then(r => r.text()) : s.textContent));
                    const styles = await Promise.all([...document.querySelectorAll('link[rel=stylesheet]')].map(l => fetch(l.href).then(r => r.text())));
                    done({
                        dom: document.documentElement.outerHTML,
                        storage: JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage}) + document.cookie,
                        scripts: scripts.join('\\n') + styles.join('\\n'),
                        api: headers(api) + '\\n' + await api.text(),
                        feed: headers(stream) + '\\n' + feed,
                        origins: [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).origin))],
                    });
                })().catch(error => done({error: String(error)}));""");
        String token = product.bean("tokenService", TokenService.class).token().value();

        assertThat(seen).doesNotContainKey("error");
        assertThat((String) seen.get("api")).contains("\"users\"");
        assertThat((String) seen.get("feed")).contains("event: snapshot");
        for (String where : List.of("dom", "storage", "scripts", "api", "feed")) {
            assertThat((String) seen.get(where)).as(where).doesNotContain(token)
                    .doesNotContain(SimulatorSettings.DEMO_CLIENT_SECRET).doesNotContain(SimulatorSettings.DEMO_ACCESS_KEY_SECRET)
                    .doesNotContainIgnoringCase("bearer");
        }
        assertThat((List<Object>) seen.get("origins")).as("every address the page contacted").containsExactly(origin());
    }

    /** The product hears of a user with the user's first update: each one is moved on once, then all are on the board. */
    private static void startProduct(Map<String, String> overrides) {
        product = RunningProduct.start(overrides);
        world = new PresenceWorld(product.simulator().baseUrl());
        await().atMost(SETTLE).until(() -> Streams.connected(product.url(""), STREAM));
        List<String> users = world.userIds();
        users.forEach(user -> world.generate(1, user));
        await().atMost(SETTLE).until(() -> PresenceWorld.board(product.url("")).size() == users.size());
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1280,800", "--hide-scrollbars", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // the window's size counts the browser's own bars: grow it until the page itself has 1280 x 800
        driver.get("about:blank");
        @SuppressWarnings("unchecked")
        List<Long> inner = (List<Long>) driver.executeScript("return [window.innerWidth, window.innerHeight]");
        Dimension outer = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(outer.width + 1280 - inner.get(0).intValue(),
                outer.height + 800 - inner.get(1).intValue()));
        return driver;
    }

    private static String origin() {
        URI url = URI.create(product.url("/"));
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
    }

    private static String connectionState() {
        return browser.findElement(By.id("connection")).getDomAttribute("data-state");
    }

    private static long rowCount() {
        return (Long) browser.executeScript("return document.querySelectorAll('#rows tr').length");
    }

    @SuppressWarnings("unchecked")
    private static List<String> pageUserIds() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#rows td.agent')].map(cell => cell.textContent)");
    }

    /** The rows a supervisor sees at one moment, read in one script between two frames. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> visibleRows() {
        return (Map<String, List<String>>) browser.executeScript("""
                const rows = [...document.querySelectorAll('#rows tr:not([hidden])')];
                return {ids: rows.map(r => r.cells[0].textContent),
                        statuses: rows.map(r => r.cells[1].textContent),
                        queues: rows.map(r => r.cells[2].textContent),
                        chosenCount: [...document.querySelectorAll('#counts [aria-pressed=true] .count-value')].map(c => c.textContent)};""");
    }

    /** Every row as the page shows it: user, status, queue, wrap-up (a dash for none). */
    @SuppressWarnings("unchecked")
    private static List<List<String>> pageRows() {
        return (List<List<String>>) browser.executeScript("""
                return [...document.querySelectorAll('#rows tr')].map(r => [...r.cells].slice(0, 4).map(c => c.textContent));""");
    }

    private static List<List<String>> boardRows() {
        List<List<String>> rows = new ArrayList<>();
        PresenceWorld.board(product.url("")).forEach((user, row) -> rows.add(List.of(user, (String) row.get("status"),
                shown(row.get("queueName")), shown(row.get("wrapUpCode")))));
        return rows;
    }

    private static String shown(Object value) {
        return value == null ? "—" : (String) value;
    }

    private static String text(By element) {
        return browser.findElement(element).getText();
    }
}
