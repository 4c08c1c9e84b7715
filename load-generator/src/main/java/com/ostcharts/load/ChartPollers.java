package com.ostcharts.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Dashboards that poll instead of listening: each asks for the chart every {@code interval} with the {@code ETag} it
 * last got ({@code If-None-Match}), as the dashboard page does while its stream is down. Counts the answers and
 * their latency.
 */
final class ChartPollers implements AutoCloseable {

    /** What the pollers got. */
    record Result(long requests, long ok, long notModified, long other, long failed, long p50Ms, long p99Ms, long maxMs) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI chart;
    private final Duration interval;
    private final List<Thread> threads = new ArrayList<>();
    private final Recorder latency = new Recorder(3);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopped;

    ChartPollers(URI chart, int pollers, Duration interval) {
        this.chart = chart;
        this.interval = interval;
        for (int i = 0; i < pollers; i++) {
            threads.add(Thread.ofVirtual().name("poller-" + i).start(this::poll));
        }
    }

    private void poll() {
        String etag = null;
        long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(interval.toNanos());
        while (!stopped) {
            LockSupport.parkNanos(next - System.nanoTime());
            if (stopped) {
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(chart).timeout(Duration.ofSeconds(10));
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            long started = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                latency.recordValue((System.nanoTime() - started) / 1_000);
                switch (response.statusCode()) {
                    case 200 -> {
                        ok.incrementAndGet();
                        etag = response.headers().firstValue("ETag").orElse(null);
                    }
                    case 304 -> notModified.incrementAndGet();
                    default -> other.incrementAndGet();
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            next += interval.toNanos();
        }
    }

    /** Resets the counts: what came before (the warm-up) is not reported. */
    void reset() {
        latency.getIntervalHistogram();
        ok.set(0);
        notModified.set(0);
        other.set(0);
        failed.set(0);
    }

    Result result() {
        Histogram histogram = latency.getIntervalHistogram();
        return new Result(ok.get() + notModified.get() + other.get() + failed.get(), ok.get(), notModified.get(), other.get(), failed.get(),
                histogram.getValueAtPercentile(50) / 1_000, histogram.getValueAtPercentile(99) / 1_000, histogram.getMaxValue() / 1_000);
    }

    @Override
    public void close() {
        stopped = true;
        threads.forEach(Thread::interrupt);
        http.close();
    }
}
