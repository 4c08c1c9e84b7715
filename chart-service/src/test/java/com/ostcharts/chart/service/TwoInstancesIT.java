package com.ostcharts.chart.service;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two chart-service instances on one broker share the partitions and still publish the exact charts, and archive them. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        for (int i = 0; i < 2; i++) {
            instances.add(new SpringApplicationBuilder(ChartServiceApplication.class).run(
                    "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("chart-instance-" + i)));
        }
        await("both instances RUNNING with work each").atMost(Duration.ofSeconds(90)).until(() ->
                instances.stream().allMatch(app -> streams(app).state() == KafkaStreams.State.RUNNING && activeTasks(app) > 0));
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    /**
     * First, while no play has been read: once read, live plays move each partition's archive clock to now, and a
     * backfill read after them is behind the archive (the contract's rule).
     */
    @Test
    @Order(1)
    void aBackfillIsArchivedOnceWithEveryPartitionsPlaysFromBothInstances() throws Exception {
        Instant hour = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.HOURS);
        Map<String, Long> expected = new TreeMap<>();
        try (KafkaProducer<String, PlayEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer())) {
            for (int track = 0; track < 30; track++) {
                String trackId = "old-" + track;
                int listeners = 1 + track % 5;
                for (int listener = 0; listener < listeners; listener++) {
                    send(producer, new PlayEvent("b-" + track + "-" + listener, trackId, "h1:l" + listener, "melon", "KR",
                            hour.plus(Duration.ofMinutes(10)), 60_000));
                }
                expected.put(trackId, (long) listeners);
            }
            for (int track = 0; track < 30; track++) { // three hours on, in every partition: that hour is final
                send(producer, new PlayEvent("m-" + track, "old-" + track, "h1:mover", "melon", "KR", hour.plus(Duration.ofMinutes(185)), 60_000));
            }
            producer.flush();
        }
        List<String> expectedOrder = expected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        String key = ArchivedChart.key("global/1h", hour);

        await("global/1h of " + hour + " archived").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(kafka.read(Topics.CHARTS_ARCHIVE, r -> r.key().equals(key), 1, Duration.ofSeconds(2))).isNotEmpty());
        List<ConsumerRecord<String, ArchivedChart>> archived = kafka.read(Topics.CHARTS_ARCHIVE, r -> r.key().equals(key), 1, Duration.ofSeconds(2));
        assertThat(archived).as("archived once").hasSize(1);
        assertThat(archived.getFirst().value().entries()).extracting(e -> e.trackId() + "=" + e.plays()).containsExactlyElementsOf(expectedOrder);
        assertThat(archived.getFirst().value().isFinal()).isTrue();
    }

    private static void send(KafkaProducer<String, PlayEvent> producer, PlayEvent play) {
        long arrival = play.playedAt().plusSeconds(60).toEpochMilli(); // read by ingest a minute later
        producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, arrival, play.trackId(), play));
    }

    @Test
    @Order(2)
    void twoInstancesPublishTheSameChartsAsOne() throws Exception {
        Instant now = Instant.now();
        Map<String, Long> expected = new TreeMap<>();
        try (KafkaProducer<String, PlayEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer())) {
            for (int track = 0; track < 30; track++) {
                String trackId = "track-" + track;
                int listeners = 1 + track % 7;
                for (int listener = 0; listener < listeners; listener++) {
                    PlayEvent play = new PlayEvent("e-" + track + "-" + listener, trackId, "h1:l" + listener, "melon", "KR", now, 60_000);
                    producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, now.toEpochMilli(), trackId, play));
                }
                expected.put(trackId, (long) listeners);
            }
            producer.flush();
        }
        List<String> expectedOrder = expected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();

        await("global/1h merged from both instances").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ConsumerRecord<String, ChartDocument>> charts = kafka.read(Topics.CHARTS, r -> r.key().equals("global/1h"), 1, Duration.ofSeconds(2));
            assertThat(charts).isNotEmpty();
            assertThat(charts.getLast().value().entries()).extracting(e -> e.trackId() + "=" + e.plays()).containsExactlyElementsOf(expectedOrder);
            assertThat(charts.getLast().value().entries()).extracting(ChartEntry::rank).startsWith(1, 2, 3);
        });
    }

    private static KafkaStreams streams(ConfigurableApplicationContext app) {
        return app.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
    }

    private static int activeTasks(ConfigurableApplicationContext app) {
        return streams(app).metadataForLocalThreads().stream().mapToInt((ThreadMetadata thread) -> thread.activeTasks().size()).sum();
    }
}
