package com.ostcharts.gateway;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.Topics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Archived charts as chart-service writes them, and a gateway to ask about them, for the archive's tests. */
final class ArchiveFixtures {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private ArchiveFixtures() {
    }

    /**
     * An archived chart of the window's default period starting at {@code periodStart}; its tracks (ids) have 100, 99,
     * ... plays; a track named {@code known-*} has a title, artists and a drama.
     */
    static ArchivedChart chart(String chartId, Instant periodStart, long version, String... tracks) {
        ChartId id = ChartId.parse(chartId).orElseThrow();
        ChartWindow window = id.window();
        Instant periodEnd = periodStart.plus(window.defaultPeriod());
        List<ChartEntry> entries = new ArrayList<>();
        for (String track : tracks) {
            int rank = entries.size() + 1;
            boolean known = track.startsWith("known-");
            entries.add(new ChartEntry(rank, track, known ? "Stay With Me, \"Live\"" : null, known ? List.of("Chanyeol", "Punch") : null,
                    known ? "Goblin" : null, 101 - rank, rank == 1 ? 2 : null, rank == 1 ? Movement.UP : Movement.NEW, rank, rank == 1 ? 3 : 1));
        }
        return new ArchivedChart(chartId, window, id.scope(), version, periodEnd.plus(Duration.ofMinutes(121)),
                window.calendar() ? periodStart : periodEnd.minus(window.length()), periodEnd, periodStart, periodEnd, true, entries);
    }

    /** An archived drama or artist chart, as {@link #chart} builds a track chart: its dramas (slugs) have 100, 99, ... plays. */
    static ArchivedEntityChart entityChart(String chartId, Instant periodStart, long version, String... slugs) {
        EntityChartId id = EntityChartId.parse(chartId).orElseThrow();
        ChartWindow window = id.window();
        Instant periodEnd = periodStart.plus(window.defaultPeriod());
        List<EntityChartDocument.EntityEntry> entries = new ArrayList<>();
        for (String slug : slugs) {
            int rank = entries.size() + 1;
            entries.add(new EntityChartDocument.EntityEntry(rank, slug, slug.toUpperCase(Locale.ROOT), 101 - rank, 90L - rank, 1.1,
                    false, List.of(new EntityChartDocument.TopTrack(slug + "-song", "Song", 101 - rank)), null, Movement.NEW, rank, 1));
        }
        return new ArchivedEntityChart(chartId, window, id.scope(), version, periodEnd.plus(Duration.ofMinutes(121)),
                window.calendar() ? periodStart : periodEnd.minus(window.length()), periodEnd, periodStart, periodEnd, true, entries);
    }

    static byte[] json(Object chart) {
        try {
            return Json.MAPPER.writeValueAsBytes(chart);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KafkaProducer<String, ArchivedChart> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Topics.CHARTS_ARCHIVE.keySerde().serializer(), Topics.CHARTS_ARCHIVE.valueSerde().serializer());
    }

    /** Publishes and waits for the broker's acknowledgement. */
    static void publish(KafkaProducer<String, ArchivedChart> producer, ArchivedChart... charts) {
        try {
            for (ArchivedChart chart : charts) {
                producer.send(new ProducerRecord<>(Topics.CHARTS_ARCHIVE.name(), chart.key(), chart)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KafkaProducer<String, ArchivedEntityChart> entityProducer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Topics.ENTITY_CHARTS_ARCHIVE.keySerde().serializer(), Topics.ENTITY_CHARTS_ARCHIVE.valueSerde().serializer());
    }

    /** Publishes drama or artist charts to their archive and waits for the broker's acknowledgement. */
    static void publish(KafkaProducer<String, ArchivedEntityChart> producer, ArchivedEntityChart... charts) {
        try {
            for (ArchivedEntityChart chart : charts) {
                producer.send(new ProducerRecord<>(Topics.ENTITY_CHARTS_ARCHIVE.name(), chart.key(), chart)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gateway on a random port; its archive in {@code archiveDir}, or a temporary directory when {@code null}. */
    static EmbeddedServer gateway(String bootstrapServers, Path archiveDir) {
        Map<String, Object> config = new HashMap<>(Map.of("micronaut.server.port", -1, "ost.kafka.bootstrap-servers", bootstrapServers));
        if (archiveDir != null) {
            config.put("ost.gateway.archive.dir", archiveDir.toString());
        }
        return ApplicationContext.run(EmbeddedServer.class, config);
    }

    static ArchiveFollower follower(EmbeddedServer server) {
        return server.getApplicationContext().getBean(ArchiveFollower.class);
    }

    static HttpResponse<String> get(EmbeddedServer server, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURI() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
