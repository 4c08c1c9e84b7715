package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends plays at a fixed rate (open loop: latency is measured from when each batch was due, so a slow server
 * cannot hide its delay, no coordinated omission) or as fast as the server takes them ({@code --rate 0}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send traffic shaped by a scenario; optionally verify the charts and probe freshness.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--target", defaultValue = "ingest", description = "ingest (HTTP) or kafka (straight to ost.plays.v1)")
    String target;
    @Option(names = "--ingest", defaultValue = "http://localhost:8081", description = "ingest-service URL")
    URI ingest;
    @Option(names = "--api-key", defaultValue = "local-dev-key", description = "ingest API key")
    String apiKey;
    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka, for --target kafka and --verify")
    String bootstrapServers;
    @Option(names = "--gateway", defaultValue = "http://localhost:8080", description = "api-gateway URL, for --verify and --freshness")
    URI gateway;
    @Option(names = "--scenario", defaultValue = "steady", converter = ScenarioConverter.class,
            description = "steady, release-spike, streaming-party, bot-farm, skips, late, resends, malformed")
    Scenario scenario;
    @Option(names = "--rate", defaultValue = "1000", description = "events per second; 0 = as fast as the target takes them")
    int rate;
    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, description = "how long to send, e.g. 30s, 2m")
    Duration duration;
    @Option(names = "--events", defaultValue = "0", description = "stop after this many events (0: no limit)")
    long maxEvents;
    @Option(names = "--batch", defaultValue = "1000", description = "events per request")
    int batch;
    @Option(names = "--concurrency", defaultValue = "8", description = "requests in flight at most")
    int concurrency;
    @Option(names = "--tracks", defaultValue = "1000", description = "catalog size: the demo catalog plus synthetic tracks (up to 100000)")
    int tracks;
    @Option(names = "--zipf", defaultValue = "0.8", description = "Zipf exponent of track popularity")
    double zipf;
    @Option(names = "--listeners", defaultValue = "100000", description = "distinct listeners")
    int listeners;
    @Option(names = "--day-night", description = "vary the rate along a day: from 0.4x at night to 1.6x at peak")
    boolean dayNight;
    @Option(names = "--day-length", defaultValue = "10m", converter = DurationConverter.class, description = "how long one simulated day lasts, for --day-night")
    Duration dayLength;
    @Option(names = "--seed", defaultValue = "1", description = "random seed, for repeatable traffic")
    long seed;
    @Option(names = "--verify", description = "afterwards, check that nothing acknowledged was lost and every chart equals the contract's")
    boolean verify;
    @Option(names = "--settle", defaultValue = "60s", converter = DurationConverter.class, description = "how long --verify waits for the charts to settle")
    Duration settle;
    @Option(names = "--freshness", description = "probe the time from a 202 to the play being visible at the gateway, once a second")
    boolean freshness;
    @Option(names = "--freshness-warm-up", defaultValue = "0s", converter = DurationConverter.class,
            description = "probes sent in this first part of the run are reported apart, as the warm-up (default: none)")
    Duration freshnessWarmUp;
    @Option(names = "--report", description = "write the JSON report here")
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Recorder latencies = new Recorder(3);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Runnable afterSending = () -> {
    };

    /** A run parsed from command-line arguments, printing to {@code out}: how the benchmark and the soak run traffic. */
    static RunCommand parse(PrintWriter out, String... args) {
        RunCommand command = new RunCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(out);
        commandLine.setErr(out);
        commandLine.parseArgs(args);
        return command;
    }

    /**
     * Runs {@code action} once the last request has been answered, before the freshness probes are awaited: the moment
     * the capacity search reads chart-service's lag.
     */
    RunCommand afterSending(Runnable action) {
        this.afterSending = action;
        return this;
    }

    /** Exit code 1 if a verification found a lost play or a chart unlike the reference. */
    @Override
    public Integer call() {
        RunReport result = execute();
        if (!result.verified()) {
            spec.commandLine().getErr().println("VERIFY FAILED: " + result.verify().lost() + " acknowledged plays lost, "
                    + result.verify().mismatches() + " charts differ");
            return 1;
        }
        return 0;
    }

    /** Sends the traffic, then probes and verifies as asked; prints a summary and writes {@code --report} if given. */
    RunReport execute() {
        PrintWriter out = spec.commandLine().getOut();
        if (tracks < 1 || tracks > 100_000 || batch < 1 || concurrency < 1 || rate < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need 1 <= --tracks <= 100000, --batch >= 1, --concurrency >= 1, --rate >= 0");
        }
        IngestClient client = new IngestClient(ingest, apiKey);
        Gateway reader = new Gateway(gateway);
        PlayFactory plays = new PlayFactory(TrackCatalog.trackIds(tracks), zipf, listeners, scenario, new Random(seed));
        FreshnessProbe probe = freshness ? new FreshnessProbe(client, reader, freshnessWarmUp) : null;
        Histogram total = new Histogram(3);
        long started = System.nanoTime();
        try (Target sink = "kafka".equals(target) ? new KafkaTarget(bootstrapServers) : new IngestTarget(client);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(concurrency);
            Pacer pacer = new Pacer(started, rate, batch, dayNight ? dayLength : null);
            long end = started + duration.toNanos();
            long nextReport = started + Duration.ofSeconds(5).toNanos();
            long nextProbe = started;
            for (long i = 0; ; i++) {
                long due = pacer.nextDue();
                if (due >= end || System.nanoTime() >= end || (maxEvents > 0 && sent.get() >= maxEvents)) {
                    break;
                }
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                if (probe != null && System.nanoTime() >= nextProbe) {
                    probe.probe();
                    nextProbe += Duration.ofSeconds(1).toNanos();
                }
                double progress = (double) (System.nanoTime() - started) / duration.toNanos();
                List<PlayEvent> events = new ArrayList<>(batch);
                List<String> lines = new ArrayList<>(batch);
                Instant now = Instant.now();
                for (int e = 0; e < batch; e++) {
                    PlayEvent play = plays.next(now, progress);
                    events.add(play);
                    lines.add(plays.json(play));
                }
                sent.addAndGet(batch);
                long dueAt = rate > 0 ? due : System.nanoTime();
                inFlight.acquireUninterruptibly();
                boolean resend = scenario.resends(i);
                workers.submit(() -> {
                    try {
                        send(sink, events, lines, dueAt);
                        if (resend) {
                            send(sink, events, lines, System.nanoTime());
                        }
                    } finally {
                        inFlight.release();
                    }
                });
                if (System.nanoTime() >= nextReport) {
                    Histogram interval5s = latencies.getIntervalHistogram();
                    total.add(interval5s);
                    out.printf("%5.0fs  sent %,d  accepted %,d  %,.0f events/s  p99 %d ms  503s %d%n",
                            (System.nanoTime() - started) / 1e9, sent.get(), accepted.get(),
                            accepted.get() / ((System.nanoTime() - started) / 1e9), interval5s.getValueAtPercentile(99), unavailable.get());
                    out.flush();
                    nextReport += Duration.ofSeconds(5).toNanos();
                }
            }
            workers.shutdown();
            workers.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        afterSending.run();
        total.add(latencies.getIntervalHistogram());

        RunReport.Freshness freshnessMs = null;
        RunReport.Freshness warmUpFreshnessMs = null;
        if (probe != null) {
            awaitProbes(probe);
            freshnessMs = RunReport.Freshness.of(probe.latencies().getIntervalHistogram(), probe.timedOut());
            if (!freshnessWarmUp.isZero()) {
                warmUpFreshnessMs = RunReport.Freshness.of(probe.warmUpLatencies().getIntervalHistogram(), probe.warmUpTimedOut());
            }
        }
        Verifier.Result verdict = null;
        if (verify) {
            try {
                verdict = new Verifier(bootstrapServers, reader).verify(acknowledged, settle);
            } catch (Exception e) {
                throw new IllegalStateException("verification could not run: " + e.getMessage(), e);
            }
        }
        RunReport result = new RunReport(scenario.label(), target, rate, batch, round(seconds), sent.get(), accepted.get(),
                rejected.get(), unavailable.get(), failed.get(), round(accepted.get() / seconds), RunReport.Percentiles.of(total),
                freshnessMs, warmUpFreshnessMs, verdict);
        summarize(out, result);
        if (report != null) {
            Reports.write(report, result);
        }
        return result;
    }

    private void send(Target sink, List<PlayEvent> events, List<String> lines, long dueAt) {
        try {
            Target.Outcome outcome = sink.send(events, lines);
            latencies.recordValue(Math.max(1, (System.nanoTime() - dueAt) / 1_000_000));
            switch (outcome.status()) {
                case 202 -> {
                    accepted.addAndGet(outcome.acknowledged().size());
                    rejected.addAndGet(events.size() - outcome.acknowledged().size());
                    if (verify) {
                        outcome.acknowledged().forEach(i -> acknowledged.add(events.get(i).eventId()));
                    }
                }
                case 503 -> unavailable.addAndGet(events.size());
                default -> failed.addAndGet(events.size());
            }
        } catch (Exception e) {
            failed.addAndGet(events.size());
        }
    }

    private static void awaitProbes(FreshnessProbe probe) {
        try {
            probe.awaitAll(); // the last probes of the run count too, however late they become visible
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private void summarize(PrintWriter out, RunReport result) {
        out.printf("%n%s via %s: %,d sent, %,d accepted (%,.0f/s), %,d rejected, %,d got 503, %,d failed%n",
                result.scenario(), target, result.sent(), result.accepted(), result.acceptedPerSecond(),
                result.rejected(), result.unavailable(), result.failed());
        out.printf("latency from when each batch was due (ms): %s%n", result.latencyMs());
        if (result.freshnessMs() != null) {
            out.printf("freshness, 202 to visible at the gateway (ms): %s%n", result.freshnessMs());
            if (result.warmUpFreshnessMs() != null) {
                out.printf("freshness of the probes sent during the warm-up (ms): %s%n", result.warmUpFreshnessMs());
            }
        }
        if (result.verify() != null) {
            Verifier.Result v = result.verify();
            out.printf("verify: %,d acknowledged, %d lost; %d charts compared, %d differ %s%n",
                    v.acknowledged(), v.lost(), v.charts(), v.mismatches(), v.examples().isEmpty() ? "" : v.examples());
        }
        out.flush();
    }

    static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            return Scenario.valueOf(value.toUpperCase().replace('-', '_'));
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Duration.parse("PT" + value.toUpperCase());
        }
    }
}
