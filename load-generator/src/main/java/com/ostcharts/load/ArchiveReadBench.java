package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The bench's chart-history step (issue 15: one archived chart in p99 <= 20 ms, a track's 400-day trajectory in
 * p99 <= 100 ms). Writes 400 days of made-up archived charts ({@link SyntheticArchive}) straight to
 * {@code ost.charts.archive.v1}, waits until the gateway lists every period (polling {@code /periods}, bounded), then
 * times three requests from a few clients in a closed loop, taking turns so that all three meet the same conditions:
 * the live chart (the baseline of the same run), one archived chart of a random period, and a random track's
 * trajectory over 400 days of {@code global/1h}. The synthetic periods end at least 3 hours before the step, so none
 * is a period the stack's own plays could have archived.
 */
final class ArchiveReadBench {

    /** What the step does: which global charts, how many days, and how long it waits, warms up and measures. */
    record Plan(List<ChartWindow> windows, int days, Duration gatewayWait, Duration warmUp, Duration measure, int clients) {
        static final Plan QUICK = new Plan(List.of(ChartWindow.ONE_HOUR, ChartWindow.DAY), 400, Duration.ofMinutes(3),
                Duration.ofSeconds(10), Duration.ofSeconds(15), 2);
        static final Plan FULL = new Plan(List.of(ChartWindow.ONE_HOUR, ChartWindow.ONE_DAY, ChartWindow.DAY), 400, Duration.ofMinutes(5),
                Duration.ofSeconds(20), Duration.ofSeconds(60), 2);
    }

    /** The gateway's answer to one request. */
    record Answer(int status, String body) {
    }

    /** A GET that reads the answer, for listing periods. */
    @FunctionalInterface
    interface Fetch {
        Answer get(String path) throws Exception;
    }

    /** A GET that only waits for the whole body and keeps its status, for timing. */
    @FunctionalInterface
    interface Probe {
        int status(String path) throws Exception;
    }

    /** What was written: archived charts, bytes of JSON (before compression), seconds until all were acknowledged. */
    record Written(long charts, long bytes, double seconds) {
    }

    /** How many of a chart's periods the gateway lists, or why it could not say. */
    record Served(long periods, String problem) {
    }

    static final ChartId LIVE = new ChartId(ChartScope.GLOBAL, ChartWindow.ONE_DAY);
    static final ChartId TRAJECTORY = new ChartId(ChartScope.GLOBAL, ChartWindow.ONE_HOUR);
    /** The newest synthetic period ends this long before the step: older than anything the stack's plays can archive. */
    static final Duration CLEAR_OF_LIVE = Duration.ofHours(3);
    static final int PAGE = 1000;

    private ArchiveReadBench() {
    }

    /** The whole step; never throws: a step that cannot measure says why in {@code note}, and the bench goes on. */
    static BenchResult.ArchiveReads run(String bootstrapServers, URI gateway, Plan plan, Runnable beforeMeasuring, PrintWriter out) {
        Instant now = Instant.now();
        List<SyntheticArchive.Plan> charts = plan.windows().stream().map(w -> SyntheticArchive.plan(w, now.minus(CLEAR_OF_LIVE), plan.days())).toList();
        List<String> chartIds = charts.stream().map(c -> c.chart().value()).toList();
        long periods = charts.stream().mapToLong(SyntheticArchive.Plan::periods).sum();
        List<Track> tracks = SyntheticArchive.tracks();
        Written written = null;
        Double gatewaySeconds = null;
        try {
            written = write(bootstrapServers, charts, tracks);
            say(out, "wrote %,d archived charts (%,d MB of JSON) in %.1f s; waiting for the gateway to list them all", written.charts(),
                    written.bytes() >> 20, written.seconds());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            long waitStarted = System.nanoTime();
            String missing = awaitGateway(path -> {
                HttpResponse<String> response = http.send(request(gateway, path), HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.body());
            }, charts, plan.gatewayWait(), out);
            if (missing != null) {
                return BenchResult.ArchiveReads.notMeasured(chartIds, plan.days(), periods, written, "the gateway did not list every period within "
                        + plan.gatewayWait().toMinutes() + " min: " + missing);
            }
            gatewaySeconds = Math.round((System.nanoTime() - waitStarted) / 1e8) / 10.0;
            beforeMeasuring.run();
            Probe probe = path -> http.send(request(gateway, path), HttpResponse.BodyHandlers.discarding()).statusCode();
            List<Supplier<String>> requests = requests(charts, tracks, now.truncatedTo(ChronoUnit.SECONDS));
            say(out, "the gateway listed them after %.1f s; timing %d clients in turns: %d s of warm-up, then %d s", gatewaySeconds,
                    plan.clients(), plan.warmUp().toSeconds(), plan.measure().toSeconds());
            time(probe, requests, plan.clients(), plan.warmUp());
            List<BenchResult.Latency> latencies = time(probe, requests, plan.clients(), plan.measure());
            return new BenchResult.ArchiveReads(chartIds, plan.days(), periods, written.bytes() >> 20, written.seconds(), gatewaySeconds,
                    plan.clients(), plan.measure().toSeconds(), latencies.get(0), latencies.get(1), latencies.get(2), null);
        } catch (Exception e) {
            return BenchResult.ArchiveReads.notMeasured(chartIds, plan.days(), periods, written, "failed: " + e);
        }
    }

    /** Every archived chart of {@code charts}, each keyed as chart-service keys it; zstd, as the topic is. */
    static Written write(String bootstrapServers, List<SyntheticArchive.Plan> charts, List<Track> tracks) throws Exception {
        long started = System.nanoTime();
        Serializer<ArchivedChart> json = Topics.CHARTS_ARCHIVE.valueSerde().serializer();
        AtomicLong count = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000), new StringSerializer(), new ByteArraySerializer())) {
            for (SyntheticArchive.Plan chart : charts) {
                SyntheticArchive.generate(chart, tracks, archived -> {
                    byte[] value = json.serialize(Topics.CHARTS_ARCHIVE.name(), archived);
                    bytes.addAndGet(value.length);
                    count.incrementAndGet();
                    producer.send(new ProducerRecord<>(Topics.CHARTS_ARCHIVE.name(), archived.key(), value), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Written(count.get(), bytes.get(), Math.round((System.nanoTime() - started) / 1e8) / 10.0);
    }

    /** Polls until the gateway lists every period of every chart; null once it does, else what it lacked at the deadline. */
    static String awaitGateway(Fetch fetch, List<SyntheticArchive.Plan> charts, Duration wait, PrintWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long nextSay = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lacking = new ArrayList<>();
            for (SyntheticArchive.Plan chart : charts) {
                Served served = countServed(fetch, chart);
                if (served.problem() != null || served.periods() != chart.periods()) {
                    lacking.add(chart.chart().value() + ": " + (served.problem() != null ? served.problem()
                            : "%,d of %,d periods".formatted(served.periods(), chart.periods())));
                }
            }
            if (lacking.isEmpty()) {
                return null;
            }
            if (System.nanoTime() >= deadline) {
                return String.join("; ", lacking);
            }
            if (System.nanoTime() >= nextSay) {
                say(out, "the gateway lists %s", String.join("; ", lacking));
                nextSay += Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(1000); // the gateway follows the topic; this is polling a server, not waiting for a broker
        }
    }

    /** The periods of {@code chart} the gateway lists in its range, page by page (newest first: the next page ends at the oldest). */
    static Served countServed(Fetch fetch, SyntheticArchive.Plan chart) {
        long count = 0;
        Instant to = chart.end();
        while (true) {
            String path = HistoryPaths.periods(chart.chart(), chart.firstStart(), to, PAGE);
            try {
                Answer answer = fetch.get(path);
                if (answer.status() != 200) {
                    return new Served(count, "GET " + path + " answered " + answer.status());
                }
                JsonNode periods = Json.MAPPER.readTree(answer.body()).path("periods");
                if (!periods.isArray()) {
                    return new Served(count, "GET " + path + " answered no periods array");
                }
                count += periods.size();
                if (periods.size() < PAGE) {
                    return new Served(count, null);
                }
                to = Instant.parse(periods.get(periods.size() - 1).path("periodStart").asText());
            } catch (Exception e) {
                return new Served(count, "GET " + path + ": " + e.getMessage());
            }
        }
    }

    /**
     * The three requests, in the order they take turns: the live chart; one archived chart, a random period of a random
     * chart (each period as likely); a random track's 400-day trajectory on {@code global/1h} up to {@code now}.
     */
    static List<Supplier<String>> requests(List<SyntheticArchive.Plan> charts, List<Track> tracks, Instant now) {
        long periods = charts.stream().mapToLong(SyntheticArchive.Plan::periods).sum();
        Supplier<String> live = () -> HistoryPaths.live(LIVE);
        Supplier<String> archived = () -> {
            long pick = ThreadLocalRandom.current().nextLong(periods);
            for (SyntheticArchive.Plan chart : charts) {
                if (pick < chart.periods()) {
                    return HistoryPaths.period(chart.chart(), chart.periodStart((int) pick));
                }
                pick -= chart.periods();
            }
            throw new IllegalStateException("no period " + pick);
        };
        Supplier<String> trajectory = () -> HistoryPaths.trajectory(tracks.get(ThreadLocalRandom.current().nextInt(tracks.size())).trackId(),
                TRAJECTORY, now.minus(Duration.ofDays(400)), now);
        return List.of(live, archived, trajectory);
    }

    /**
     * {@code clients} closed loops for {@code duration}, the requests taking turns; the latency of each answer 200 (to
     * the last byte of its body), others counted as errors. One latency per request, in order.
     */
    static List<BenchResult.Latency> time(Probe probe, List<Supplier<String>> requests, int clients, Duration duration) {
        List<Recorder> recorders = requests.stream().map(r -> new Recorder(3)).toList();
        AtomicLongArray errors = new AtomicLongArray(requests.size());
        AtomicLong turn = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        try (ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                loops.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        int kind = (int) (turn.getAndIncrement() % requests.size());
                        String path = requests.get(kind).get();
                        long started = System.nanoTime();
                        try {
                            if (probe.status(path) == 200) {
                                recorders.get(kind).recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
                            } else {
                                errors.incrementAndGet(kind);
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet(kind);
                        }
                    }
                });
            }
        }
        List<BenchResult.Latency> latencies = new ArrayList<>();
        for (int kind = 0; kind < requests.size(); kind++) {
            latencies.add(BenchResult.Latency.of(recorders.get(kind).getIntervalHistogram(), errors.get(kind)));
        }
        return latencies;
    }

    private static HttpRequest request(URI gateway, String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10)).build();
    }

    private static void say(PrintWriter out, String format, Object... args) {
        out.printf("ost: " + format + "%n", args);
        out.flush();
    }
}
