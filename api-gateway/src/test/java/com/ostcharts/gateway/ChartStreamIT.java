package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event streams under the conditions of many dashboards, on a real broker: listeners that read slowly or not at all,
 * listeners that reconnect, and compressed streams. No timings are asserted (speed is measured by
 * {@code ost-load sse-fanout}); every wait is bounded.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChartStreamIT {

    /** Versions published while a listener is not reading: far more bytes than the sockets between it and the server hold. */
    private static final int VERSIONS = 100;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static KafkaProducer<String, ChartDocument> producer;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        kafka.createContractTopics(TopicLayout.LOCAL);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20),
                Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer());
        server = ArchiveFixtures.gateway(kafka.bootstrapServers(), null);
        await("gateway ready").atMost(Duration.ofSeconds(30)).until(() -> ArchiveFixtures.get(server, "/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        server.close();
        producer.close();
    }

    @Test
    void aListenerThatReadsNothingDoesNotHoldBackOneThatReads() throws Exception {
        String chart = "country/AR/1h";
        publishAndAwait(chart, ChartScope.country("AR"), 1);
        try (RawEventStream stuck = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream", 4096, READ_TIMEOUT);
             RawEventStream reading = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream", 0, READ_TIMEOUT)) {
            assertThat(reading.next().id()).isEqualTo(1);
            publishVersions(chart, ChartScope.country("AR"), 2, VERSIONS);

            List<Long> read = new ArrayList<>();
            long id = 1;
            while (id < VERSIONS) {
                id = reading.next().id();
                read.add(id);
            }
            assertThat(read).as("the reading listener got the newest version while the other had read nothing").endsWith((long) VERSIONS)
                    .isSorted();
            assertThat(stuck.status()).isEqualTo(200);
        }
    }

    @Test
    void aListenerThatFellBehindSkipsToTheNewestVersion() throws Exception {
        String chart = "country/BR/1h";
        publishAndAwait(chart, ChartScope.country("BR"), 1);
        try (RawEventStream slow = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream", 4096, READ_TIMEOUT)) {
            assertThat(slow.next().id()).isEqualTo(1);
            publishVersions(chart, ChartScope.country("BR"), 2, VERSIONS);
            awaitServed(chart, VERSIONS);

            List<Long> received = new ArrayList<>();
            long id = 1;
            while (id < VERSIONS) {
                RawEventStream.Event event = slow.next();
                assertThat(event.name()).isEqualTo("chart");
                assertThat(Json.MAPPER.readTree(event.data()).get("version").asLong()).isEqualTo(event.id());
                id = event.id();
                received.add(id);
            }
            assertThat(received).as("in order, ending with the newest").endsWith((long) VERSIONS).doesNotHaveDuplicates().isSorted();
            assertThat(received.size()).as("versions it was sent of the %d published after it stopped reading", VERSIONS - 1)
                    .isLessThan(VERSIONS - 1);
        }
    }

    @Test
    void aReconnectWithLastEventIdStartsAtTheNewestVersion() throws Exception {
        String chart = "platform/genie/1h";
        publishVersions(chart, ChartScope.platform("genie"), 1, 5);
        awaitServed(chart, 5);
        try (RawEventStream behind = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream", 0, READ_TIMEOUT,
                "Last-Event-ID", "2")) {
            assertThat(behind.next().id()).as("not 3, the one after its last: the newest").isEqualTo(5);
        }
        try (RawEventStream current = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream", 0, READ_TIMEOUT,
                "Last-Event-ID", "5")) {
            assertThat(current.status()).isEqualTo(200);
            publishVersions(chart, ChartScope.platform("genie"), 6, 6);
            assertThat(current.next().id()).as("it has version 5 already: the next event is the next version").isEqualTo(6);
        }
    }

    @Test
    void aListenerThatAcceptsGzipGetsTheSameEventsCompressed() throws Exception {
        String chart = "platform/bugs/24h";
        publishAndAwait(chart, ChartScope.platform("bugs"), 1);
        try (RawEventStream plain = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream?limit=50", 0, READ_TIMEOUT);
             RawEventStream gzip = new RawEventStream(server.getURI(), "/api/v1/charts/" + chart + "/stream?limit=50", 0, READ_TIMEOUT,
                     "Accept-Encoding", "br;q=1.0, gzip;q=0.8")) {
            assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(plain.header("Content-Encoding")).isNull();
            assertThat(gzip.next()).isEqualTo(plain.next());
            publishVersions(chart, ChartScope.platform("bugs"), 2, 3);
            for (int version = 2; version <= 3; version++) {
                RawEventStream.Event compressed = gzip.next();
                assertThat(compressed).isEqualTo(plain.next());
                assertThat(Json.MAPPER.readTree(compressed.data()).get("entries")).hasSize(50);
            }
        }
    }

    private static void publishAndAwait(String chartId, ChartScope scope, long version) {
        publishVersions(chartId, scope, version, version);
        awaitServed(chartId, version);
    }

    private static void publishVersions(String chartId, ChartScope scope, long from, long to) {
        try {
            for (long version = from; version <= to; version++) {
                producer.send(new ProducerRecord<>(Topics.CHARTS.name(), chartId, document(chartId, scope, version)));
            }
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitServed(String chartId, long version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> response = ArchiveFixtures.get(server, "/api/v1/charts/" + chartId);
            return response.statusCode() == 200 && Json.MAPPER.readTree(response.body()).get("version").asLong() == version;
        });
    }

    /** A chart of 100 entries with titles, artists and dramas, about 20 KB, as a busy chart's versions are. */
    private static ChartDocument document(String chartId, ChartScope scope, long version) {
        Instant now = Instant.now();
        List<ChartEntry> entries = new ArrayList<>();
        for (int rank = 1; rank <= 100; rank++) {
            entries.add(new ChartEntry(rank, "track-" + rank, "내 마음의 노래 (Song of My Heart) Part " + rank, List.of("가수 " + rank, "Artist " + rank),
                    "드라마 " + rank, 1_000_000L - rank * 100 + version, rank + 1, Movement.UP, rank, (int) version));
        }
        ChartWindow window = ChartWindow.fromLabel(chartId.substring(chartId.lastIndexOf('/') + 1)).orElseThrow();
        return new ChartDocument(chartId, window, scope, version, now, now.minus(window.length()), now, entries);
    }
}
