package com.ostcharts.chart.service;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.ScramKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * chart-service against a broker that demands SASL/SCRAM, configured only through Spring Boot's
 * {@code spring.kafka.*}: with its credentials Kafka Streams runs and counts; with a wrong password it
 * stops at once (ERROR, liveness down, so the platform restarts it) and the log says why. No password
 * reaches the output.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(OutputCaptureExtension.class)
class KafkaSecurityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ScramKafka kafka = ScramKafka.saslPlaintext();

    @BeforeAll
    static void topics() {
        kafka.createContractTopics(TopicLayout.LOCAL);
    }

    @Test
    void withItsScramCredentialsStreamsRunsAndCountsAPlay(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = start(kafka.password(ScramKafka.CHART))) {
            URI base = baseOf(app);
            await("Streams RUNNING").atMost(Duration.ofSeconds(60)).until(() -> status(base, "/actuator/health/readiness") == 200);

            Instant now = Instant.now();
            PlayEvent play = new PlayEvent("secured-1", "secured-track", "h1:fan", "spotify", "NO", now, 180_000);
            try (KafkaProducer<String, PlayEvent> producer = kafka.producer(Topics.PLAYS)) {
                producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, now.toEpochMilli(), play.trackId(), play))
                        .get(30, TimeUnit.SECONDS);
            }

            await("country/NO/1h counts the play").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<ConsumerRecord<String, ChartDocument>> charts =
                        kafka.read(Topics.CHARTS, r -> r.key().equals("country/NO/1h"), 1, Duration.ofSeconds(2));
                assertThat(charts).isNotEmpty();
                assertThat(charts.getLast().value().entries()).singleElement().satisfies(entry -> {
                    assertThat(entry.trackId()).isEqualTo("secured-track");
                    assertThat(entry.plays()).isEqualTo(1);
                });
            });
        }
        assertNoSecretIn(output, kafka.password(ScramKafka.CHART));
    }

    @Test
    void withAWrongPasswordStreamsFailsFastLivenessGoesDownAndTheLogNamesTheAuthenticationFailure(CapturedOutput output)
            throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        try (ConfigurableApplicationContext app = start(wrongPassword)) {
            URI base = baseOf(app);

            await("liveness down").atMost(Duration.ofSeconds(30)).until(() -> status(base, "/actuator/health/liveness") == 503);

            assertThat(status(base, "/actuator/health/readiness")).isEqualTo(503);
            assertThat(output.getOut())
                    .contains("Stream thread failed; shutting this instance down so it restarts clean")
                    .contains("SaslAuthenticationException: Authentication failed during authentication due to invalid credentials "
                            + "with SASL mechanism SCRAM-SHA-512")
                    .contains("Kafka Streams PENDING_ERROR -> ERROR");
        }
        assertNoSecretIn(output, wrongPassword);
        assertNoSecretIn(output, kafka.password(ScramKafka.CHART));
    }

    /** Kafka client settings are logged at INFO (see start()): the secrets in them must show as [hidden]. */
    private static void assertNoSecretIn(CapturedOutput output, String password) {
        assertThat(output.getAll()).as("the clients' settings were logged").contains("sasl.jaas.config = [hidden]");
        assertThat(output.getAll()).doesNotContain(password);
    }

    /** Security through Spring Boot's own Kafka properties only, as a deployment would set them. */
    private static ConfigurableApplicationContext start(String password) throws Exception {
        return new SpringApplicationBuilder(ChartServiceApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.security.protocol=" + kafka.securityProtocol(),
                "--spring.kafka.properties.sasl.mechanism=" + ScramKafka.MECHANISM,
                "--spring.kafka.properties.sasl.jaas.config=" + ScramKafka.jaasConfig(ScramKafka.CHART, password),
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("chart-service-security-it"),
                // Print the Kafka clients' settings, so the test sees the secrets in them masked rather than absent.
                "--logging.level.org.apache.kafka.common.config.AbstractConfig=INFO");
    }

    private static URI baseOf(ConfigurableApplicationContext app) {
        return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    }

    private static int status(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
