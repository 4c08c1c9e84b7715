package com.ostcharts.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's, through its chromedriver): it loads, shows the chart,
 * and follows a new version live, without a reload; its period picker lists the archived periods and shows one; a
 * click on a song plots the song's rank by period, exactly as the history API answers; the calendar windows
 * {@code day} and {@code week} are there to pick. CI installs the browser; elsewhere the test is skipped, saying so,
 * when Chromium is missing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The archived days of {@code global/day}, oldest first: the four UTC days before today. */
    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);
    private static final List<ArchivedChart> ARCHIVED_DAYS = archivedDays();
    /** The tracking week (Friday to Thursday) before this one, archived for {@code global/week}. */
    private static final Instant LAST_WEEK = Instant.ofEpochMilli(ChartWindow.WEEK.periodStart(TODAY.toEpochMilli(),
            ChartWindow.WEEK.length())).minus(7, ChronoUnit.DAYS);
    private static final ArchivedChart ARCHIVED_WEEK = archived("global/week", ChartWindow.WEEK, 1, LAST_WEEK,
            line(1, "beautiful", 700, null, Movement.NEW, 1, 1));

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static KafkaProducer<String, ChartDocument> producer;
    private static KafkaProducer<String, ArchivedChart> archive;
    private static EmbeddedServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)),
                "Chromium is not installed (apt-get install chromium chromium-driver); CI installs it and runs this test");
        kafka.createContractTopics(TopicLayout.LOCAL);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer());
        publish(1, entry(1, "stay-with-me", "Stay With Me", "Goblin", 120, Movement.NEW),
                entry(2, "beautiful", "Beautiful", "Goblin", 80, Movement.NEW));
        publish(new ChartDocument("global/day", ChartWindow.DAY, ChartScope.GLOBAL, 1, Instant.now(), TODAY, Instant.now(),
                List.of(line(1, "my-destiny", 40, null, Movement.NEW, 1, 1), line(2, "stay-with-me", 30, null, Movement.RE_ENTRY, 1, 4))));
        archive = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.CHARTS_ARCHIVE.keySerde().serializer(), Topics.CHARTS_ARCHIVE.valueSerde().serializer());
        for (ArchivedChart chart : ARCHIVED_DAYS) {
            archive.send(new ProducerRecord<>(Topics.CHARTS_ARCHIVE.name(), chart.key(), chart)).get();
        }
        archive.send(new ProducerRecord<>(Topics.CHARTS_ARCHIVE.name(), ARCHIVED_WEEK.key(), ARCHIVED_WEEK)).get();
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", kafka.bootstrapServers()));

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("dashboard-it-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void thePageShowsTheChartAndFollowsNewVersionsWithoutAReload() {
        browser.get(server.getURI().resolve("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> titles().equals(List.of("Stay With Me", "Beautiful")));
        assertThat(texts("td.move").getFirst()).isEqualTo("NEW");
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

        ChartEntry looped = entry(2, "stay-with-me", "Stay With Me", "Goblin", 150, Movement.DOWN);
        publish(2, entry(1, "beautiful", "Beautiful", "Goblin", 200, Movement.UP),
                new ChartEntry(looped.rank(), looped.trackId(), looped.title(), looped.artists(), looped.drama(), looped.plays(), 12L, 41.5,
                        true, looped.previousRank(), looped.movement(), looped.peakRank(), looped.periodsOnChart()));
        wait.until(driver -> titles().equals(List.of("Beautiful", "Stay With Me")));

        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
        List<String> moves = texts("td.move");
        assertThat(moves.get(0)).startsWith("▲");
        assertThat(moves.get(1)).startsWith("▼");
        assertThat(texts("td.plays").getFirst()).isEqualTo("200");
        assertThat(texts("td.listeners")).as("listeners, marked when concentrated; none before they were counted")
                .containsExactly("–", "⚠ 12");
        assertThat(browser.findElements(By.cssSelector("td.listeners")).get(1).getAttribute("title")).startsWith("41.5 plays per listener");
    }

    @Test
    void aClickedDramaOrArtistOpensItsOwnPageWithItsSongsAndALinkToItOpensItToo() {
        Instant now = Instant.now();
        publish(new ChartDocument("drama/goblin/24h", ChartWindow.ONE_DAY, ChartScope.drama("goblin"), 1, now,
                now.minus(ChartWindow.ONE_DAY.length()), now, List.of(entry(1, "beautiful", "Beautiful", "Goblin", 80, Movement.NEW))));
        publish(new ChartDocument("artist/태연/24h", ChartWindow.ONE_DAY, ChartScope.artist("태연"), 1, now,
                now.minus(ChartWindow.ONE_DAY.length()), now, List.of(entry(1, "all-about-you", "All About You", "Hotel del Luna", 90, Movement.NEW))));
        browser.get(server.getURI().resolve("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> titles().size() == 2);
        browser.findElement(By.cssSelector("#entries td.drama a.entity")).click();
        wait.until(driver -> titles().equals(List.of("Beautiful")));
        assertThat(browser.findElement(By.id("chart-name")).getText()).startsWith("drama goblin");
        assertThat(browser.getCurrentUrl()).endsWith("#drama/goblin");

        browser.get(server.getURI().resolve("/#artist/" + URLEncoder.encode("태연", StandardCharsets.UTF_8)).toString());
        wait.until(driver -> titles().equals(List.of("All About You")));
        assertThat(browser.findElement(By.id("chart-name")).getText()).startsWith("artist 태연");
        // the switch: dramas ranked in the scope shown; a click on one opens its own page
        KafkaProducer<String, EntityChartDocument> entities = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), Topics.ENTITY_CHARTS.keySerde().serializer(), Topics.ENTITY_CHARTS.valueSerde().serializer());
        try (entities) {
            entities.send(new ProducerRecord<>(Topics.ENTITY_CHARTS.name(), "drama-charts/global/24h", new EntityChartDocument(
                    "drama-charts/global/24h", ChartWindow.ONE_DAY, ChartScope.GLOBAL, 1, now, now.minus(ChartWindow.ONE_DAY.length()), now,
                    List.of(new EntityChartDocument.EntityEntry(1, "goblin", "Goblin", 200, List.of(new EntityChartDocument.TopTrack("beautiful",
                            "Beautiful", 120)), null, Movement.NEW, 1, 1))))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        browser.get(server.getURI().resolve("/").toString());
        wait.until(driver -> titles().size() == 2);
        browser.findElement(By.cssSelector("[data-kind=dramas]")).click();
        wait.until(driver -> titles().equals(List.of("Goblin")));
        assertThat(texts("#entries .meta").getFirst()).isEqualTo("Beautiful (120)");
        browser.findElement(By.cssSelector("#entries tr")).click();
        wait.until(driver -> titles().equals(List.of("Beautiful")));
        assertThat(browser.getCurrentUrl()).endsWith("#drama/goblin");
    }

    @Test
    void thePeriodPickerShowsArchivedChartsAndAClickedSongIsPlottedExactlyAsTheHistoryApiAnswers() throws Exception {
        await("the archive read").atMost(Duration.ofSeconds(30))
                .until(() -> periodsListed("global/day") == ARCHIVED_DAYS.size() && periodsListed("global/week") == 1);
        List<String> newestFirst = ARCHIVED_DAYS.reversed().stream().map(c -> c.periodStart().toString()).toList();
        List<String> listed = new ArrayList<>();
        json("/api/v1/charts/global/day/periods").path("periods").forEach(p -> listed.add(p.path("periodStart").asText()));
        assertThat(listed).isEqualTo(newestFirst);

        browser.get(server.getURI().resolve("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> "live".equals(text("#status")));
        browser.findElement(By.cssSelector("[data-window='day']")).click();
        wait.until(driver -> titles().equals(List.of("My Destiny", "Stay With Me")));
        assertThat(text("#chart-name")).isEqualTo("global · day");
        assertThat(browser.findElement(By.cssSelector("[data-window='day']")).getAttribute("aria-pressed")).isEqualTo("true");

        // The picker: "Live", then the archived days, newest first; pick the one where the song was number one.
        Select picker = new Select(browser.findElement(By.id("period")));
        List<String> options = new ArrayList<>(List.of("live"));
        options.addAll(newestFirst);
        wait.until(driver -> values("#period option").equals(options));
        ArchivedChart numberOne = ARCHIVED_DAYS.get(1);
        String day = numberOne.periodStart().toString().substring(0, 10);
        assertThat(texts("#period option").get(options.indexOf(numberOne.periodStart().toString()))).isEqualTo(day);
        picker.selectByValue(numberOne.periodStart().toString());
        wait.until(driver -> text("#status").startsWith("archived") && titles().equals(List.of("Stay With Me", "Beautiful")));
        assertThat(text("#chart-name")).isEqualTo("global · day · " + day);
        assertThat(texts("td.previous")).isEqualTo(List.of("3", "1"));
        assertThat(texts("td.peak")).isEqualTo(List.of("1", "1"));
        assertThat(texts("td.periods")).isEqualTo(List.of("2", "2"));

        // The CSV link fetches the chart shown, as the API gives it.
        String periodPath = "/api/v1/charts/global/day/periods/" + numberOne.periodStart();
        String served = get(periodPath, "text/csv").body();
        assertThat(served).startsWith("rank,track_id,artist_names,track_name,drama,peak_rank,previous_rank,periods_on_chart,plays");
        assertThat(((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; csvBlob().then(b => b.text()).then(done, e => done('failed: ' + e));"))
                .isEqualTo(served);

        // A click on the song: the plot holds exactly the points the history API gives for the URL the page fetched,
        // which are the archived days (x: each period's start in epoch seconds) and the song's rank on each, null
        // (a gap) on the day it was off the chart.
        browser.findElement(By.cssSelector("#entries tr[data-track-id='stay-with-me']")).click();
        wait.until(driver -> Boolean.TRUE.equals(script("return window.historyPlot != null && 'drawn' in document.getElementById('plot').dataset;")));
        Map<?, ?> plot = (Map<?, ?>) script("const u = window.historyPlot; return {data: u.data, source: document.getElementById('plot').dataset.source,"
                + " canvas: document.querySelector('#plot canvas') !== null, one: u.valToPos(1, 'rank'), three: u.valToPos(3, 'rank')};");
        JsonNode history = json((String) plot.get("source"));
        assertThat(history.path("trackId").asText()).isEqualTo("stay-with-me");
        assertThat(history.path("chartId").asText()).isEqualTo("global/day");
        List<Long> starts = new ArrayList<>();
        List<Long> ranks = new ArrayList<>();
        history.path("periods").forEach(p -> {
            starts.add(Instant.parse(p.path("periodStart").asText()).getEpochSecond());
            ranks.add(p.path("rank").isNull() ? null : p.path("rank").asLong());
        });
        List<?> data = (List<?>) plot.get("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0)).isEqualTo(starts);
        assertThat(data.get(1)).isEqualTo(ranks);
        assertThat(starts).isEqualTo(ARCHIVED_DAYS.stream().map(c -> c.periodStart().getEpochSecond()).toList());
        assertThat(ranks).isEqualTo(Arrays.asList(3L, 1L, null, 2L));
        assertThat(plot.get("canvas")).isEqualTo(true);
        assertThat(((Number) plot.get("one")).doubleValue()).as("rank 1 drawn above rank 3").isLessThan(((Number) plot.get("three")).doubleValue());

        // "Live" returns to the live chart, followed by SSE.
        picker.selectByValue("live");
        wait.until(driver -> "live".equals(text("#status")) && titles().equals(List.of("My Destiny", "Stay With Me")));
        assertThat(text("#chart-name")).isEqualTo("global · day");

        // The week: its live chart (global always exists, here empty), and its archived tracking week, Friday to Thursday.
        browser.findElement(By.cssSelector("[data-window='week']")).click();
        wait.until(driver -> "global · week".equals(text("#chart-name")) && "live".equals(text("#status")) && titles().isEmpty());
        assertThat(browser.findElement(By.cssSelector("[data-window='week']")).getAttribute("aria-pressed")).isEqualTo("true");
        wait.until(driver -> values("#period option").equals(List.of("live", LAST_WEEK.toString())));
        assertThat(texts("#period option").get(1)).isEqualTo(LAST_WEEK.toString().substring(0, 10) + " – "
                + LAST_WEEK.plus(6, ChronoUnit.DAYS).toString().substring(0, 10));
        picker = new Select(browser.findElement(By.id("period")));
        picker.selectByValue(LAST_WEEK.toString());
        wait.until(driver -> text("#status").startsWith("archived") && titles().equals(List.of("Beautiful")));
    }

    @Test
    void theBundledPlottingLibraryIsServedWithItsLicenceAndTheirContentTypes() throws Exception {
        HttpResponse<String> script = get("/vendor/uplot/uPlot.iife.min.js", "*/*");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */");
        assertThat(get("/vendor/uplot/uPlot.min.css", "text/css,*/*;q=0.1").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        HttpResponse<String> licence = get("/vendor/uplot/LICENSE", "*/*");
        assertThat(licence.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(licence.body()).contains("The MIT License", "Leon Sorokin");
        HttpResponse<String> other = get("/vendor/uplot/..%2Fapplication.properties", "*/*");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        browser.get(server.getURI().resolve("/").toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> "live".equals(text("#status")));
        assertThat(script("return typeof uPlot === 'function' && Array.from(document.styleSheets)"
                + ".some(s => (s.href || '').endsWith('/vendor/uplot/uPlot.min.css') && s.cssRules.length > 0);")).isEqualTo(true);
    }

    private static List<String> titles() {
        return texts("#entries .title");
    }

    /** The texts of the matching cells, read in one script run: the page re-renders rows as versions arrive. */
    @SuppressWarnings("unchecked")
    private static List<String> texts(String selector) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);", selector);
    }

    private static String text(String selector) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
    }

    @SuppressWarnings("unchecked")
    private static List<String> values(String selector) {
        return (List<String>) script("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.value);", selector);
    }

    private static Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static HttpResponse<String> get(String pathAndQuery, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve(pathAndQuery)).header("Accept", accept).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery, "application/json");
        assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static int periodsListed(String chart) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/charts/" + chart + "/periods", "application/json");
        return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()).path("periods").size() : -1;
    }

    /**
     * Four archived days: the song is 3rd, 1st, off the chart, 2nd. Previous rank, peak and periods on chart as the
     * chart service would measure them against the earlier archived days.
     */
    private static List<ArchivedChart> archivedDays() {
        List<List<ChartEntry>> days = List.of(
                List.of(line(1, "beautiful", 90, null, Movement.NEW, 1, 1), line(2, "my-destiny", 60, null, Movement.NEW, 2, 1),
                        line(3, "stay-with-me", 50, null, Movement.NEW, 3, 1)),
                List.of(line(1, "stay-with-me", 120, 3, Movement.UP, 1, 2), line(2, "beautiful", 100, 1, Movement.DOWN, 1, 2)),
                List.of(line(1, "beautiful", 80, 2, Movement.UP, 1, 3)),
                List.of(line(1, "beautiful", 95, 1, Movement.SAME, 1, 4), line(2, "stay-with-me", 70, null, Movement.RE_ENTRY, 1, 3)));
        List<ArchivedChart> charts = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            charts.add(archived("global/day", ChartWindow.DAY, i + 1, TODAY.minus(days.size() - i, ChronoUnit.DAYS),
                    days.get(i).toArray(ChartEntry[]::new)));
        }
        return List.copyOf(charts);
    }

    private static ArchivedChart archived(String chartId, ChartWindow window, long version, Instant periodStart, ChartEntry... entries) {
        Instant periodEnd = periodStart.plus(window.defaultPeriod());
        return new ArchivedChart(chartId, window, ChartScope.GLOBAL, version, periodEnd.plus(Duration.ofMinutes(121)),
                periodStart, periodEnd, periodStart, periodEnd, true, List.of(entries));
    }

    private static ChartEntry line(int rank, String trackId, long plays, Integer previous, Movement movement, int peak, int periods) {
        String title = switch (trackId) {
            case "stay-with-me" -> "Stay With Me";
            case "beautiful" -> "Beautiful";
            default -> "My Destiny";
        };
        String drama = "my-destiny".equals(trackId) ? "My Love from the Star" : "Goblin";
        return new ChartEntry(rank, trackId, title, List.of("Artist"), drama, plays, previous, movement, peak, periods);
    }

    private static ChartEntry entry(int rank, String trackId, String title, String drama, long plays, Movement movement) {
        Integer previous = switch (movement) {
            case UP -> rank + 1;
            case DOWN -> rank - 1;
            default -> null;
        };
        return new ChartEntry(rank, trackId, title, List.of("Artist"), drama, plays, previous, movement, Math.min(rank, 1), 1);
    }

    private static void publish(long version, ChartEntry... entries) {
        Instant now = Instant.now();
        publish(new ChartDocument("global/24h", ChartWindow.ONE_DAY, ChartScope.GLOBAL, version, now,
                now.minus(ChartWindow.ONE_DAY.length()), now, List.of(entries)));
    }

    private static void publish(ChartDocument document) {
        try {
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
