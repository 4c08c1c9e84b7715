package com.ostcharts.chart.service;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import com.ostcharts.testkafka.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** chart-service on a real broker: plays in, chart documents out, poison to the dead-letter topic, health that means something. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChartServiceIT {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static ConfigurableApplicationContext app;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        app = new SpringApplicationBuilder(ChartServiceApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("chart-service-it"));
        base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
        await("Streams RUNNING").atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 200);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void countedPlaysBecomeChartDocumentsAndPoisonOnEitherInputGoesToTheDeadLetterTopic() throws Exception {
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), "poison", "{not a play".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.TRACKS.name(), "crash-landing", "{not a track".getBytes(StandardCharsets.UTF_8))).get();
            Track track = new Track("crash-landing", "Flower", List.of("Yoon Mi-rae"), "Crash Landing on You", 2019, null, null);
            producer.send(new ProducerRecord<>(Topics.TRACKS.name(), track.trackId(),
                    Topics.TRACKS.valueSerde().serializer().serialize(Topics.TRACKS.name(), track))).get();
            for (String listener : List.of("h1:a", "h1:b", "h1:a")) { // h1:a twice in one hour: counted once
                PlayEvent play = new PlayEvent("e-" + listener, "crash-landing", listener, "spotify", "PH", now, 180_000);
                producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, now.toEpochMilli(), play.trackId(),
                        Topics.PLAYS.valueSerde().serializer().serialize(Topics.PLAYS.name(), play))).get();
            }
        }

        // The valid track after the poison one still applies: processing went on.
        await("country/PH/1h with 2 plays, titled").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, ChartDocument>> charts = kafka.read(Topics.CHARTS, r -> r.key().equals("country/PH/1h"), 1, Duration.ofSeconds(2));
            assertThat(charts).isNotEmpty();
            ChartDocument latest = charts.getLast().value();
            assertThat(latest.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.trackId()).isEqualTo("crash-landing");
                assertThat(entry.plays()).isEqualTo(2);
                assertThat(entry.title()).isEqualTo("Flower");
            });
        });

        // and the catalog made the track's drama and artist charts, on a real broker as in the topology tests
        for (String chart : List.of("drama/crash-landing-on-you/1h", "artist/yoon-mi-rae/24h")) {
            await(chart).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ConsumerRecord<String, ChartDocument>> charts = kafka.read(Topics.CHARTS, r -> r.key().equals(chart), 1, Duration.ofSeconds(2));
                assertThat(charts).isNotEmpty();
                assertThat(charts.getLast().value().entries()).extracting(ChartEntry::trackId, ChartEntry::plays)
                        .containsExactly(tuple("crash-landing", 2L));
            });
        }

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(Topics.PLAYS_DLQ, 2, Duration.ofSeconds(10));
        assertThat(dead).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("{not a play", "{not a track");
        assertThat(dead).allSatisfy(record -> {
            assertThat(record.headers().lastHeader("__streams.errors.exception")).isNotNull();
            assertThat(new String(record.headers().lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8))
                    .isIn(Topics.PLAYS.name(), Topics.TRACKS.name());
        });
        assertThat(status("/actuator/health/liveness")).as("the poison did not stop the app").isEqualTo(200);
    }

    @Test
    void prometheusShowsStreamsAndEngineMetricsAndNothingElseIsExposed() throws Exception {
        // Micrometer picks up metrics of tasks created after start-up on its next refresh, within a minute.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            String metrics = get("/actuator/prometheus").body();
            assertThat(metrics).contains("kafka_stream_thread_process_total").contains("plays_counted_total");
            assertThat(metrics).doesNotContain("restore_remaining_records");
        });
        assertThat(status("/actuator/env")).isEqualTo(404);
        assertThat(status("/actuator/beans")).isEqualTo(404);
    }

    private static int status(String path) throws Exception {
        return get(path).statusCode();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
