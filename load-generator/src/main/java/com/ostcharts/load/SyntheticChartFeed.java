package com.ostcharts.load;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New versions of one live chart written straight to {@code ost.charts.v1}, as chart-service publishes them, at a
 * fixed rate: 100 entries shaped like the bench's archived charts (the demo catalog's titles, artists and dramas), plays
 * drifting from version to version so ranks move now and then. Each version's {@code asOf} is the wall-clock moment it
 * is handed to the producer: its publication, which the listeners' delays are measured from.
 */
final class SyntheticChartFeed implements AutoCloseable {

    private final ChartId chart;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<ChartDocument> json = Topics.CHARTS.valueSerde().serializer();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "chart-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random = new Random(17);
    private final List<ChartEntry> entries;
    private final AtomicLong version;
    private final Map<Long, Long> published = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private volatile int bytes;

    /** Starts after {@code lastVersion}, the version the gateway holds now (0 for none). */
    SyntheticChartFeed(String bootstrapServers, ChartId chart, long lastVersion) {
        this.chart = chart;
        this.version = new AtomicLong(lastVersion);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20), new StringSerializer(), new ByteArraySerializer());
        // the last period of a week of synthetic history: a full chart whatever the window
        List<ChartEntry> last = new ArrayList<>();
        SyntheticArchive.generate(SyntheticArchive.plan(chart.window(), Instant.now(), 7), SyntheticArchive.tracks(), (ArchivedChart archived) -> {
            last.clear();
            last.addAll(archived.entries());
        });
        this.entries = last;
    }

    /** Publishes a version every {@code 1/perSecond} s until {@link #stop()}. */
    void start(double perSecond) {
        long periodMicros = Math.round(1_000_000 / perSecond);
        timer.scheduleAtFixedRate(this::publish, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Stops publishing; returns once the last version is sent. */
    void stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    /** Each version published: its number and its {@code asOf} in epoch microseconds. */
    Map<Long, Long> published() {
        return Map.copyOf(published);
    }

    long lastVersion() {
        return version.get();
    }

    long failed() {
        return failed.get();
    }

    /** The size of the last document's JSON. */
    int bytes() {
        return bytes;
    }

    private void publish() {
        drift();
        Instant now = Instant.now();
        long next = version.incrementAndGet();
        ChartDocument document = new ChartDocument(chart.value(), chart.window(), chart.scope(), next, now,
                now.minus(chart.window().length()), now, entries);
        byte[] value = json.serialize(Topics.CHARTS.name(), document);
        bytes = value.length;
        published.put(next, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
        producer.send(new ProducerRecord<>(Topics.CHARTS.name(), chart.value(), value), (metadata, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        });
    }

    /** A few hundred plays more, spread over the chart by its shape, then ranks again by plays. */
    private void drift() {
        List<ChartEntry> next = new ArrayList<>(entries.size());
        for (ChartEntry entry : entries) {
            long more = Math.round(random.nextDouble() * 600.0 / entry.rank());
            next.add(new ChartEntry(entry.rank(), entry.trackId(), entry.title(), entry.artists(), entry.drama(), entry.plays() + more,
                    entry.previousRank(), entry.movement(), entry.peakRank(), entry.periodsOnChart()));
        }
        next.sort(Comparator.comparingLong(ChartEntry::plays).reversed().thenComparing(ChartEntry::trackId));
        entries.clear();
        for (int i = 0; i < next.size(); i++) {
            ChartEntry entry = next.get(i);
            entries.add(new ChartEntry(i + 1, entry.trackId(), entry.title(), entry.artists(), entry.drama(), entry.plays(),
                    entry.previousRank(), entry.movement(), Math.min(entry.peakRank(), i + 1), entry.periodsOnChart()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close();
    }
}
