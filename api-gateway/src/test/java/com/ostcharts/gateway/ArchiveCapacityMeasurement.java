package com.ostcharts.gateway;

import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: the archive store's capacity figures in api-gateway/DESIGN.md, measured. Run it by name (neither
 * surefire nor failsafe picks a {@code *Measurement} up):
 * {@code ./mvnw -o -pl api-gateway verify -Dit.test=ArchiveCapacityMeasurement -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dost.measure.scopes=20 -Dost.measure.days=30} by default: about 30,000 charts). It writes
 * {@link RealisticArchive}'s charts to the archive topic of a real broker, starts a gateway on an empty archive
 * directory, samples how many records its follower has stored, and when it has caught up measures the store's files
 * per column family; the report goes to standard output and {@code target/archive-capacity.txt}.
 */
class ArchiveCapacityMeasurement {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    @TempDir
    Path dir;

    @Test
    void storedBytesPerArchivedChartAndTheFollowersIngestRate() throws Exception {
        int scopes = Integer.getInteger("ost.measure.scopes", 20);
        int days = Integer.getInteger("ost.measure.days", 30);
        kafka.createContractTopics(TopicLayout.LOCAL);
        Instant start = Instant.ofEpochMilli(ChartWindow.WEEK.periodStart(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), Duration.ofDays(7)));

        long[] written = new long[2]; // charts, JSON bytes
        long produceStart = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd", ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20),
                new StringSerializer(), new ByteArraySerializer())) {
            new RealisticArchive(42).charts(scopes, days, start, chart -> {
                assertThat(chart.entries()).hasSize(100);
                byte[] json = ArchiveFixtures.json(chart);
                written[0]++;
                written[1] += json.length;
                producer.send(new ProducerRecord<>(Topics.CHARTS_ARCHIVE.name(), chart.key(), json));
            });
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        long charts = written[0];
        long jsonBytes = written[1];

        List<long[]> samples = new ArrayList<>(); // {nanos since start, records stored}
        long gatewayStart = System.nanoTime();
        StringBuilder report = new StringBuilder();
        try (EmbeddedServer gateway = ArchiveFixtures.gateway(kafka.bootstrapServers(), dir.resolve("archive"))) {
            ArchiveFollower follower = ArchiveFixtures.follower(gateway);
            long deadline = gatewayStart + TimeUnit.MINUTES.toNanos(30);
            while (!(follower.caughtUp() && follower.lag() == 0) && System.nanoTime() < deadline) {
                samples.add(new long[] {System.nanoTime() - gatewayStart, follower.recordsRead()});
                Thread.sleep(500); // sampling the follower's progress for the rate, bounded by the deadline
            }
            samples.add(new long[] {System.nanoTime() - gatewayStart, follower.recordsRead()});
            assertThat(follower.caughtUp()).as("caught up within 30 minutes").isTrue();
            double totalSeconds = (System.nanoTime() - gatewayStart) / 1e9;
            long[] first = samples.stream().filter(s -> s[1] > 0).findFirst().orElseThrow();
            long[] last = samples.getLast();
            double steadyRate = (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);

            ArchiveStore store = gateway.getApplicationContext().getBean(ArchiveStore.class);
            store.flush();
            Map<String, Long> disk = store.diskBytes();
            long diskTotal = disk.values().stream().mapToLong(Long::longValue).sum();
            long dirBytes;
            try (var files = Files.walk(dir.resolve("archive"))) {
                dirBytes = files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
            }
            int cores = Runtime.getRuntime().availableProcessors();
            double perDay = 617 * (24 + 24 + 1 + 1 + 1.0 / 7);
            double bytesPerChart = (double) diskTotal / charts;
            report.append(String.format("""
                    archive capacity measurement (%s, %d cores, %d scopes x %d days from %s)
                    charts: %,d (100 entries each); JSON %,.0f bytes per chart on average (%,d in all)
                    made and produced to the topic (zstd) in %.1f s
                    follower: caught up %.1f s after the gateway started; %,d records read; %,.0f charts/s from its first stored batch to caught up
                    store on disk after a flush: %s = %,d bytes (directory, with WAL and logs: %,d)
                      per chart: %,.0f bytes in all (charts %,.0f, periods %,.0f, tracks index %,.0f)
                    extrapolated to 617 scopes (%,.0f charts a day):
                      a year: %,.0f charts, %,.1f GB; 400 days: %,.0f charts, %,.1f GB
                      rebuilding a year at %,.0f charts/s: %,.0f s (%.1f h)
                    """, Instant.now(), cores, scopes, days, start, charts, (double) jsonBytes / charts, jsonBytes, produceSeconds,
                    totalSeconds, follower.recordsRead(), steadyRate, disk, diskTotal, dirBytes,
                    bytesPerChart, (double) disk.get("charts") / charts, (double) disk.get("periods") / charts, (double) disk.get("tracks") / charts,
                    perDay, perDay * 365, perDay * 365 * bytesPerChart / 1e9, perDay * 400, perDay * 400 * bytesPerChart / 1e9,
                    steadyRate, perDay * 365 / steadyRate, perDay * 365 / steadyRate / 3600));
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "archive-capacity.txt"), report);
    }
}
