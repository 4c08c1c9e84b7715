package com.ostcharts.load;

import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long from a {@code 202} until the play is visible at the gateway. Each probe is a play on a platform
 * of its own, so its chart ({@code platform/<slug>/1h}) appears exactly when the probe has been counted.
 */
final class FreshnessProbe {

    private static final long EAGER_FOR_NANOS = Duration.ofSeconds(1).toNanos();

    private final IngestClient ingest;
    private final Gateway gateway;
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    private final AtomicInteger sequence = new AtomicInteger();
    private final Recorder latencies = new Recorder(3);
    private final AtomicInteger timedOut = new AtomicInteger();
    private final Recorder warmUpLatencies = new Recorder(3);
    private final AtomicInteger warmUpTimedOut = new AtomicInteger();
    private final long warmUpEnds;
    private final List<Thread> probes = new CopyOnWriteArrayList<>();
    private final Queue<Seen> timeline = new ConcurrentLinkedQueue<>();

    /** One probe: when its 202 came (epoch ms) and how long until the gateway showed it ({@code -1}: never, within 60 s). */
    record Seen(long acceptedAtMs, long latencyMs) {
    }

    /** Probes sent within {@code warmUp} of now (cold JVMs, first rebalance) are counted apart from the others. */
    FreshnessProbe(IngestClient ingest, Gateway gateway, Duration warmUp) {
        this.ingest = ingest;
        this.gateway = gateway;
        this.warmUpEnds = System.nanoTime() + warmUp.toNanos();
    }

    /** Sends one probe and waits (on its own virtual thread) until the gateway shows it. */
    void probe() {
        boolean warmingUp = System.nanoTime() < warmUpEnds;
        Recorder recorder = warmingUp ? warmUpLatencies : latencies;
        AtomicInteger gaveUp = warmingUp ? warmUpTimedOut : timedOut;
        probes.add(Thread.ofVirtual().start(() -> {
            String slug = "probe-" + run + "-" + sequence.incrementAndGet();
            PlayEvent play = new PlayEvent("probe-" + slug, "freshness-probe", slug, slug, "KR", Instant.now(), 60_000);
            try {
                if (ingest.postJson(Json.MAPPER.writeValueAsString(play)).statusCode() != 202) {
                    return;
                }
                long accepted = System.nanoTime();
                long acceptedAtMs = System.currentTimeMillis();
                long deadline = accepted + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    if (gateway.get("/api/v1/charts/platform/" + slug + "/1h").statusCode() == 200) {
                        long latencyMs = Math.max(1, (System.nanoTime() - accepted) / 1_000_000);
                        recorder.recordValue(latencyMs);
                        timeline.add(new Seen(acceptedAtMs, latencyMs));
                        return;
                    }
                    // A very eager dashboard's polling for the first second, then ten times less often: probes that
                    // stay unseen (a chart-service far behind) must not pile up into a flood of requests of their own.
                    Thread.sleep(System.nanoTime() - accepted < EAGER_FOR_NANOS ? 10 : 100);
                }
                timeline.add(new Seen(acceptedAtMs, -1));
                gaveUp.incrementAndGet();
            } catch (Exception e) {
                gaveUp.incrementAndGet();
            }
        }));
    }

    /**
     * Waits until every probe sent has been seen or has given up (each gives up after 60 s), so a slow last probe
     * counts in the percentiles instead of being left out of them.
     */
    void awaitAll() throws InterruptedException {
        for (Thread probe : probes) {
            probe.join(Duration.ofSeconds(65));
        }
    }

    /** Every probe accepted so far, in no particular order (complete after {@link #awaitAll}). */
    List<Seen> timeline() {
        return List.copyOf(timeline);
    }

    Recorder latencies() {
        return latencies;
    }

    int timedOut() {
        return timedOut.get();
    }

    Recorder warmUpLatencies() {
        return warmUpLatencies;
    }

    int warmUpTimedOut() {
        return warmUpTimedOut.get();
    }
}
