package com.ostcharts.ingest;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With Kafka down, ingest never acknowledges: 503 within its timeout, readiness false; it recovers by itself. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaOutageIT {

    private static final String KEY = "outage-it-key";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static ConfigurableApplicationContext app;
    private static URI base;

    @BeforeAll
    static void start() {
        kafka.createContractTopics(TopicLayout.LOCAL);
        app = new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ost.ingest.api-keys=" + KEY, "--ost.ingest.listener-hash-secret=outage-it-listener-secret",
                "--ost.ingest.ack-timeout=" + ACK_TIMEOUT.toMillis() + "ms");
        base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void withKafkaDownRequestsGet503NeverA202AndIngestRecoversWithoutARestart() throws Exception {
        assertThat(postPlay("before").statusCode()).isEqualTo(202);

        kafka.stopBrokers();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = postPlay("during-" + i);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.statusCode()).as("during the outage").isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(took).as("answered within the configured timeout, plus scheduling slack").isLessThan(ACK_TIMEOUT.plusSeconds(3));
            }
            await("readiness false").atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health/readiness") == 503);
            assertThat(status("/actuator/health/liveness")).as("down Kafka is not a reason to restart ingest").isEqualTo(200);
        } finally {
            kafka.startBrokers();
        }

        await("a resent request is acknowledged again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> postPlay("after").statusCode() == 202);
        await("readiness true").atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health/readiness") == 200);
        assertThat(kafka.read(Topics.PLAYS, r -> r.value().eventId().equals("after"), 1, Duration.ofSeconds(10))).isNotEmpty();
    }

    private static HttpResponse<String> postPlay(String eventId) throws Exception {
        String play = """
                {"eventId":"%s","trackId":"outage","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                .formatted(eventId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/plays")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(play)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
