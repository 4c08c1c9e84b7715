package com.ostcharts.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the resident memory of a few processes at a fixed interval, from {@code /proc/<pid>/status} (VmRSS),
 * until closed. A process that has ended reads as 0.
 */
final class RssSampler implements AutoCloseable {

    /** Seconds since sampling began, and each process's resident set in KiB, in the order the pids were given. */
    record Sample(long seconds, List<Long> kib) {
    }

    private final List<Long> pids;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();

    RssSampler(Duration interval, List<Long> pids) {
        this.pids = List.copyOf(pids);
        timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        List<Long> kib = pids.stream().map(RssSampler::rssKib).toList();
        synchronized (samples) {
            samples.add(new Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), kib));
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The largest resident set seen of the process at {@code index}, in KiB. */
    long maxKib(int index) {
        return samples().stream().mapToLong(s -> s.kib().get(index)).max().orElse(0);
    }

    /** VmRSS of {@code pid} in KiB, 0 if it has ended. */
    static long rssKib(long pid) {
        try {
            return parseVmRss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return 0;
        }
    }

    static long parseVmRss(String status) {
        return status.lines().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
