package com.ostcharts.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a Spring Boot service's used heap at a fixed interval from its Prometheus endpoint
 * ({@code jvm_memory_used_bytes} of the heap pools, summed) until closed, and keeps the peak: what the overload step
 * reports beside resident memory, since the heap is what an {@code OutOfMemoryError} would exhaust. A sample that
 * gets no answer (the service too busy to serve it) is skipped, not counted as zero.
 */
final class HeapSampler implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final HttpRequest request;
    private final AtomicLong peakBytes = new AtomicLong(-1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });

    HeapSampler(URI service, Duration interval) {
        request = HttpRequest.newBuilder(service.resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(1)).build();
        timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                long used = heapUsed(response.body());
                peakBytes.accumulateAndGet(used, Math::max);
            }
        } catch (Exception e) {
            // no answer in time: this sample is skipped
        }
    }

    /** The sum of {@code jvm_memory_used_bytes{area="heap",...}} in a Prometheus text exposition; -1 if absent. */
    static long heapUsed(String exposition) {
        long sum = -1;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum = Math.max(sum, 0) + Math.round(value);
            }
        }
        return sum;
    }

    /** The peak heap used over the samples answered, in MB; -1 if none was. */
    long peakMb() {
        long peak = peakBytes.get();
        return peak < 0 ? -1 : Math.round(peak / (1024.0 * 1024));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
