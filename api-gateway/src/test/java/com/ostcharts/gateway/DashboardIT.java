package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's, through its chromedriver): it loads, shows the chart,
 * and follows a new version live, without a reload. CI installs the browser; elsewhere the test is skipped,
 * saying so, when Chromium is missing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static KafkaProducer<String, ChartDocument> producer;
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
    }

    @Test
    void thePageShowsTheChartAndFollowsNewVersionsWithoutAReload() {
        browser.get(server.getURI().resolve("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> titles().equals(List.of("Stay With Me", "Beautiful")));
        assertThat(texts("td.move").getFirst()).isEqualTo("NEW");
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

        publish(2, entry(1, "beautiful", "Beautiful", "Goblin", 200, Movement.UP),
                entry(2, "stay-with-me", "Stay With Me", "Goblin", 150, Movement.DOWN));
        wait.until(driver -> titles().equals(List.of("Beautiful", "Stay With Me")));

        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
        List<String> moves = texts("td.move");
        assertThat(moves.get(0)).startsWith("▲");
        assertThat(moves.get(1)).startsWith("▼");
        assertThat(texts("td.plays").getFirst()).isEqualTo("200");
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
        ChartDocument document = new ChartDocument("global/24h", ChartWindow.ONE_DAY, ChartScope.GLOBAL, version, now,
                now.minus(ChartWindow.ONE_DAY.length()), now, List.of(entries));
        try {
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
