package com.ostcharts.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.ScramKafka;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against a broker that demands SASL/SCRAM over TLS, configured only through
 * {@code ost.kafka.properties.*} (passed to its client as they are): with its credentials it becomes ready
 * and serves what is on ost.charts.v1; with a wrong password it stays not ready and the log says why.
 * No password reaches the output.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaSecurityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CLIENT_SETTINGS_LOGGER = "org.apache.kafka.common.config.AbstractConfig";

    @RegisterExtension
    static final ScramKafka kafka = ScramKafka.saslSsl();

    private static Level settingsLevelBefore;

    @BeforeAll
    static void setUp() {
        kafka.createContractTopics(TopicLayout.LOCAL);
        // Print the Kafka clients' settings, so the test sees the secrets in them masked rather than absent.
        Logger settings = (Logger) LoggerFactory.getLogger(CLIENT_SETTINGS_LOGGER);
        settingsLevelBefore = settings.getLevel();
        settings.setLevel(Level.INFO);
    }

    @AfterAll
    static void restoreLogging() {
        ((Logger) LoggerFactory.getLogger(CLIENT_SETTINGS_LOGGER)).setLevel(settingsLevelBefore);
    }

    @Test
    void withItsScramCredentialsOverTlsItBecomesReadyAndServesAChartFromTheTopic() throws Exception {
        try (KafkaProducer<String, ChartDocument> producer = kafka.producer(Topics.CHARTS)) {
            ChartDocument document = document("country/SE/24h", "secured-track");
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get(30, TimeUnit.SECONDS);
        }

        try (ConsoleCapture output = ConsoleCapture.start();
             EmbeddedServer server = start(kafka.password(ScramKafka.GATEWAY))) {
            await("gateway ready").atMost(Duration.ofSeconds(30)).until(() -> status(server, "/health/readiness") == 200);

            HttpResponse<String> chart = get(server, "/api/v1/charts/country/SE/24h");
            assertThat(chart.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(chart.body()).get("entries").get(0).get("trackId").asText()).isEqualTo("secured-track");

            assertNoSecretIn(output.text(), kafka.password(ScramKafka.GATEWAY));
        }
    }

    @Test
    void withAWrongPasswordReadinessStaysDownAndTheLogNamesTheAuthenticationFailure() throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        try (ConsoleCapture output = ConsoleCapture.start(); EmbeddedServer server = start(wrongPassword)) {
            await("the log names the cause").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.text())
                    .contains("Following the charts failed; starting over in 1 s: org.apache.kafka.common.errors.SaslAuthenticationException: "
                            + "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));

            assertThat(status(server, "/health/readiness")).isEqualTo(503);
            assertThat(status(server, "/health/liveness")).as("a wrong password is not cured by a restart").isEqualTo(200);

            assertNoSecretIn(output.text(), wrongPassword);
            assertNoSecretIn(output.text(), kafka.password(ScramKafka.GATEWAY));
        }
    }

    private static void assertNoSecretIn(String output, String password) {
        assertThat(output).as("the client's settings were logged").contains("sasl.jaas.config = [hidden]");
        assertThat(output).doesNotContain(password).doesNotContain(kafka.trustStorePassword());
    }

    /** Security through {@code ost.kafka.properties.*} only: security.protocol, sasl.*, ssl.truststore.*. */
    private static EmbeddedServer start(String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", -1);
        config.put("ost.kafka.bootstrap-servers", kafka.bootstrapServers());
        kafka.clientProperties(ScramKafka.GATEWAY, password).forEach((key, value) -> config.put("ost.kafka.properties." + key, value));
        return ApplicationContext.run(EmbeddedServer.class, config);
    }

    private static ChartDocument document(String chartId, String track) {
        Instant now = Instant.now();
        ChartEntry entry = new ChartEntry(1, track, null, null, null, 10, null, Movement.NEW, 1, 1);
        return new ChartDocument(chartId, ChartWindow.ONE_DAY, ChartScope.country("SE"), 1, now,
                now.minus(ChartWindow.ONE_DAY.length()), now, List.of(entry));
    }

    private static int status(EmbeddedServer server, String path) throws Exception {
        return get(server, path).statusCode();
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        URI uri = server.getURI().resolve(path);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Everything written to System.out and System.err while open, still passed on. Logback's console appender
     * looks System.out up on every write, so the gateway's log lines are in it.
     */
    private static final class ConsoleCapture implements AutoCloseable {

        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        static ConsoleCapture start() {
            ConsoleCapture capture = new ConsoleCapture();
            System.setOut(capture.tee(capture.out));
            System.setErr(capture.tee(capture.err));
            return capture;
        }

        private PrintStream tee(PrintStream original) {
            return new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    original.write(b);
                    synchronized (captured) {
                        captured.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    original.write(bytes, offset, length);
                    synchronized (captured) {
                        captured.write(bytes, offset, length);
                    }
                }
            }, true, StandardCharsets.UTF_8);
        }

        String text() {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
