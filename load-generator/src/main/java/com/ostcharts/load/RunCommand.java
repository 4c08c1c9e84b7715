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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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
    @Option(names = "--rate", paramLabel = "<rate>", description = "events per second; 0 = as fast as the target takes them (default: 1000; 0 with --history-days)")
    Integer rateOption;
    @Option(names = "--duration", paramLabel = "<duration>", converter = DurationConverter.class, description = "how long to send, e.g. 30s, 2m (default: 30s)")
    Duration durationOption;
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
    @Option(names = "--history-days", defaultValue = "0",
            description = "with --target kafka: --events plays spread over the past N days up to now (1..30), written in time order "
                    + "with the record timestamps ingest would have given them, as fast as Kafka takes them unless --rate is given")
    int historyDays;
    @Option(names = "--behind-live", description = "with --history-days: write the backfill even though ost.plays.v1 already holds "
            + "newer plays (they count live, but periods already archived never change, so the archive is not verified)")
    boolean behindLive;
    @Option(names = "--listener-hash-secret", defaultValue = ListenerHash.LOCAL_SECRET,
            description = "ingest's listener hash secret, for --target kafka (default: the local stack's)")
    String listenerHashSecret;
    @Option(names = "--seed", defaultValue = "1", description = "random seed, for repeatable traffic")
    long seed;
    @Option(names = "--verify", description = "afterwards, check that nothing acknowledged was lost and every chart equals the contract's")
    boolean verify;
    @Option(names = "--settle", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long --verify waits for the live charts to settle, and then for the archived ones to appear")
    Duration settle;
    @Option(names = "--freshness", description = "probe the time from a 202 to the play being visible at the gateway (every --freshness-every)")
    boolean freshness;
    @Option(names = "--freshness-every", defaultValue = "1s", converter = DurationConverter.class,
            description = "how often --freshness sends a probe (default: ${DEFAULT-VALUE})")
    Duration freshnessEvery;
    @Option(names = "--freshness-warm-up", defaultValue = "0s", converter = DurationConverter.class,
            description = "probes sent in this first part of the run are reported apart, as the warm-up (default: none)")
    Duration freshnessWarmUp;
    @Option(names = "--report", description = "write the JSON report here")
    Path report;
    @Option(names = "--prebuilt", description = "build every request (its plays and its body) before the clock starts, as "
            + "ProducerPerformance reads its payloads first: the run then measures the target, not the generator (needs --events)")
    boolean prebuilt;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    /** At most this many plays prebuilt: about 400 bytes each in memory, plays and bodies. */
    private static final long MAX_PREBUILT = 5_000_000;
    /** A paced backfill's longest pause between batches: well inside the 30 s after which chart-service follows the wall clock. */
    private static final Duration MAX_BACKFILL_GAP = Duration.ofSeconds(10);

    private final Recorder latencies = new Recorder(3);
    /** At a fixed rate, how late each request left this client after it was due (its own share of the latency). */
    private final Recorder lateness = new Recorder(3);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, LongAdder> failedBy = new ConcurrentSkipListMap<>();
    private Consumer<List<FreshnessProbe.Seen>> probesSeen = seen -> {
    };
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

    /** Hands {@code consumer} every freshness probe of the run with its time, once all are in (with {@code --freshness}). */
    RunCommand probesSeen(Consumer<List<FreshnessProbe.Seen>> consumer) {
        this.probesSeen = consumer;
        return this;
    }

    /** Exit code 1 if a verification found a lost play or a chart unlike the reference. */
    @Override
    public Integer call() {
        RunReport result = execute();
        if (!result.verified()) {
            Verifier.Result v = result.verify();
            spec.commandLine().getErr().println("VERIFY FAILED: " + v.lost() + " acknowledged plays lost, " + v.mismatches() + " charts differ"
                    + (v.archive() == null ? "" : "; archive: " + v.archive().mismatches() + " archived charts differ, "
                    + v.archive().missing() + " final periods not archived, " + v.archive().doubled() + " keys written twice with different content"));
            return 1;
        }
        return 0;
    }

    /** Sends the traffic, then probes and verifies as asked; prints a summary and writes {@code --report} if given. */
    RunReport execute() {
        PrintWriter out = spec.commandLine().getOut();
        validate();
        boolean history = historyDays > 0;
        int rate = rateOption != null ? rateOption : history ? 0 : 1000;
        Duration duration = durationOption != null ? durationOption : Duration.ofSeconds(30);
        IngestClient client = new IngestClient(ingest, apiKey);
        Gateway reader = new Gateway(gateway);
        List<String> trackIds = TrackCatalog.trackIds(tracks);
        PlayFactory plays = new PlayFactory(trackIds, zipf, listeners, scenario, new Random(seed));
        HistoryPlays backfill = history ? new HistoryPlays(plays, Instant.now(), historyDays, maxEvents, new Random(seed + 1)) : null;
        FreshnessProbe probe = freshness ? new FreshnessProbe(client, reader, freshnessWarmUp) : null;
        Histogram total = new Histogram(3);
        boolean overHttp = "ingest".equals(target); // only ingest takes a request body: none is built for Kafka
        Queue<Batch> ready = prebuilt ? prebuild(overHttp, plays, out) : null;
        long started = System.nanoTime();
        try (Target sink = overHttp ? new IngestTarget(client) : new KafkaTarget(bootstrapServers, listenerHashSecret);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(concurrency);
            Pacer pacer = new Pacer(started, rate, batch, dayNight ? dayLength : null);
            if (backfill != null) {
                refuseBackfillBehindLivePlays(backfill.start(), out);
                out.printf("history: %,d plays arriving from %s to %s%n", maxEvents, backfill.start(), backfill.start().plus(Duration.ofDays(historyDays)));
                sendHistory((KafkaTarget) sink, backfill, workers, inFlight, pacer, rate, started, total, out);
            } else {
                sendLive(sink, overHttp, plays, ready, probe, workers, inFlight, pacer, rate, duration, started, total, out);
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
            probesSeen.accept(probe.timeline());
            freshnessMs = RunReport.Freshness.of(probe.latencies().getIntervalHistogram(), probe.timedOut());
            if (!freshnessWarmUp.isZero()) {
                warmUpFreshnessMs = RunReport.Freshness.of(probe.warmUpLatencies().getIntervalHistogram(), probe.warmUpTimedOut());
            }
        }
        Verifier.Result verdict = null;
        if (verify) {
            try {
                verdict = new Verifier(bootstrapServers, reader).verify(acknowledged, settle, out, !behindLive);
                verdict = verdict.withProblem(scenario.signalProblem(trackIds, verdict));
            } catch (Exception e) {
                throw new IllegalStateException("verification could not run: " + e.getMessage(), e);
            }
        }
        RunReport result = new RunReport(scenario.label(), target, rate, batch, round(seconds), sent.get(), accepted.get(),
                rejected.get(), unavailable.get(), failed.get(), failures(), round(accepted.get() / seconds), RunReport.Percentiles.of(total),
                rate > 0 ? RunReport.Percentiles.of(lateness.getIntervalHistogram()) : null, freshnessMs, warmUpFreshnessMs, verdict, history ? historyDays : null);
        summarize(out, result);
        if (report != null) {
            Reports.write(report, result);
        }
        return result;
    }

    /**
     * A backfill written behind newer plays (a stack with live traffic) counts in live charts, but the periods it covers
     * are already past the archive clock and never change (CONTRACT section 3): refused, unless {@code --behind-live}.
     */
    private void refuseBackfillBehindLivePlays(Instant firstArrival, PrintWriter out) {
        Optional<Instant> newest = KafkaTarget.newestPlay(bootstrapServers);
        if (newest.isEmpty() || !newest.get().isAfter(firstArrival)) {
            return;
        }
        if (!behindLive) {
            throw new CommandLine.ParameterException(spec.commandLine(), "ost.plays.v1 already holds plays up to " + newest.get()
                    + ", after this backfill's first arrival (" + firstArrival + "): its plays would count in live charts but never "
                    + "change the periods already archived (docs/CONTRACT.md, chart history). Start from empty data "
                    + "(./ost up --clean --no-demo), or pass --behind-live to write it anyway (the archive is then not verified)");
        }
        out.printf("history: behind plays up to %s (--behind-live): the archive is not verified%n", newest.get());
    }

    /** Every option checked before anything is sent, each refusal saying what to change. */
    private void validate() {
        List<String> problems = new ArrayList<>();
        if (!"ingest".equals(target) && !"kafka".equals(target)) {
            problems.add("--target is ingest or kafka, not " + target);
        }
        if (tracks < 1 || tracks > 100_000 || batch < 1 || concurrency < 1 || (rateOption != null && rateOption < 0)) {
            problems.add("need 1 <= --tracks <= 100000, --batch >= 1, --concurrency >= 1, --rate >= 0");
        }
        if (historyDays != 0) {
            if (historyDays < 1 || historyDays > HistoryPlays.MAX_DAYS) {
                problems.add("--history-days is 1.." + HistoryPlays.MAX_DAYS + " (ingest refuses a playedAt older than 30 days), not " + historyDays);
            }
            if (!"kafka".equals(target)) {
                problems.add("--history-days needs --target kafka: ingest stamps every play with its own time of arrival, now");
            }
            if (maxEvents < 1) {
                problems.add("--history-days needs --events N: how many plays to spread over the days");
            }
            if (rateOption != null && rateOption > 0 && (double) batch / rateOption > MAX_BACKFILL_GAP.toSeconds()) {
                problems.add("--history-days needs batches at most " + MAX_BACKFILL_GAP.toSeconds() + " s apart (--batch / --rate), not "
                        + batch / rateOption + " s: chart-service follows the wall clock on a partition that has read nothing for 30 s, "
                        + "and would archive the backfill's periods before their plays");
            }
            if (durationOption != null || dayNight) {
                problems.add("--history-days sends --events and stops: it takes no --duration or --day-night");
            }
            if (freshness) {
                problems.add("--history-days takes no --freshness: a probe played now, in the middle of the backfill, would move the engine's "
                        + "stream time to now and make every period of the backfill final before its plays");
            }
        }
        if (prebuilt && (maxEvents < 1 || maxEvents > MAX_PREBUILT || historyDays != 0)) {
            problems.add("--prebuilt needs --events N (1.." + MAX_PREBUILT + ", all held in memory) and no --history-days");
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
    }

    /** One request's plays (prebuilt over HTTP without {@code --verify}: as many nulls), and its body for a target that sends one. */
    private record Batch(List<PlayEvent> plays, byte[] body) {
    }

    private Batch batch(boolean withBody, PlayFactory plays, Instant now, double progress) {
        List<PlayEvent> events = new ArrayList<>(batch);
        for (int e = 0; e < batch; e++) {
            events.add(plays.next(now, progress));
        }
        return new Batch(events, withBody ? plays.body(events) : null);
    }

    /** Every batch of the run ({@code --events} plays), played now: built before the clock starts. */
    private Queue<Batch> prebuild(boolean withBodies, PlayFactory plays, PrintWriter out) {
        long batches = (maxEvents + batch - 1) / batch;
        Queue<Batch> ready = new ArrayDeque<>();
        Instant now = Instant.now();
        for (long i = 0; i < batches; i++) {
            Batch built = batch(withBodies, plays, now, (double) i / batches);
            // Over HTTP without --verify only the body and its count are sent and counted: millions of play objects held
            // would make each young collection of the measured run scan them (one took 1.5 s of a 15-s run).
            ready.add(withBodies && !verify ? new Batch(Collections.nCopies(built.plays().size(), null), built.body()) : built);
        }
        // A full collection now moves them to the old generation: else the young collections of the measured run copy
        // them (a profile of a 3-million-play run had 56 % of the generator's CPU in the collector).
        System.gc();
        out.printf("prebuilt %,d requests of %,d plays in %.1f s%n", batches, batch, Duration.between(now, Instant.now()).toMillis() / 1e3);
        return ready;
    }

    /**
     * Live traffic: every play played just now (or, prebuilt, when its batch was built), for {@code duration} or
     * {@code --events}, whichever comes first.
     */
    private void sendLive(Target sink, boolean withBodies, PlayFactory plays, Queue<Batch> ready, FreshnessProbe probe, ExecutorService workers, Semaphore inFlight,
                          Pacer pacer, int rate, Duration duration, long started, Histogram total, PrintWriter out) {
        long end = started + duration.toNanos();
        long nextReport = started + REPORT_EVERY.toNanos();
        long nextProbe = started;
        for (long i = 0; ; i++) {
            long due = pacer.nextDue();
            if (due >= end || System.nanoTime() >= end || (maxEvents > 0 && sent.get() >= maxEvents)) {
                break;
            }
            waitUntil(due);
            if (probe != null && System.nanoTime() >= nextProbe) {
                probe.probe();
                nextProbe += freshnessEvery.toNanos();
            }
            Batch next = ready != null ? ready.poll() : batch(withBodies, plays, Instant.now(), (double) (System.nanoTime() - started) / duration.toNanos());
            if (next == null) {
                break;
            }
            List<PlayEvent> events = next.plays();
            byte[] body = next.body();
            sent.addAndGet(batch);
            long dueAt = rate > 0 ? due : System.nanoTime();
            inFlight.acquireUninterruptibly();
            boolean resend = scenario.resends(i);
            workers.submit(() -> {
                try {
                    if (rate > 0) {
                        lateness.recordValue((System.nanoTime() - dueAt) / 1_000_000);
                    }
                    record(() -> sink.send(events, body), events, dueAt);
                    if (resend) {
                        record(() -> sink.send(events, body), events, System.nanoTime());
                    }
                } finally {
                    inFlight.release();
                }
            });
            nextReport = reportProgress(out, started, nextReport, total, "");
        }
    }

    /**
     * The backfill: batches handed to the producer from this one thread in time order (so the topic holds them in
     * record-timestamp order, as ingest would have appended them), their acknowledgements awaited on workers. A batch
     * the scenario resends is written again at once, stamped with the batch's last arrival, keeping the order.
     */
    private void sendHistory(KafkaTarget sink, HistoryPlays backfill, ExecutorService workers, Semaphore inFlight, Pacer pacer, int rate,
                             long started, Histogram total, PrintWriter out) {
        long nextReport = started + REPORT_EVERY.toNanos();
        for (long i = 0; backfill.hasNext(); i++) {
            long due = pacer.nextDue();
            waitUntil(due);
            List<HistoryPlays.Timed> timed = backfill.next(batch);
            List<PlayEvent> events = timed.stream().map(HistoryPlays.Timed::play).toList();
            List<Instant> arrivals = timed.stream().map(HistoryPlays.Timed::arrival).toList();
            sent.addAndGet(events.size());
            long dueAt = rate > 0 ? due : System.nanoTime();
            inFlight.acquireUninterruptibly();
            Callable<Target.Outcome> written = sink.write(events, arrivals);
            Callable<Target.Outcome> resent = scenario.resends(i) ? sink.write(events, Collections.nCopies(events.size(), arrivals.getLast())) : null;
            workers.submit(() -> {
                try {
                    record(written, events, dueAt);
                    if (resent != null) {
                        record(resent, events, dueAt);
                    }
                } finally {
                    inFlight.release();
                }
            });
            nextReport = reportProgress(out, started, nextReport, total, "  arrived up to " + arrivals.getLast());
        }
    }

    private static void waitUntil(long due) {
        while (System.nanoTime() < due) {
            LockSupport.parkNanos(due - System.nanoTime());
        }
    }

    /** Every {@link #REPORT_EVERY}, a line of progress (ending with {@code more}); returns when the next one is due. */
    private long reportProgress(PrintWriter out, long started, long nextReport, Histogram total, String more) {
        if (System.nanoTime() < nextReport) {
            return nextReport;
        }
        Histogram interval = latencies.getIntervalHistogram();
        total.add(interval);
        out.printf("%5.0fs  sent %,d  accepted %,d  %,.0f events/s  p99 %d ms  503s %d%s%n",
                (System.nanoTime() - started) / 1e9, sent.get(), accepted.get(),
                accepted.get() / ((System.nanoTime() - started) / 1e9), interval.getValueAtPercentile(99), unavailable.get(), more);
        out.flush();
        return nextReport + REPORT_EVERY.toNanos();
    }

    /** Awaits one batch's answer and counts it; latency from when the batch was due. */
    private void record(Callable<Target.Outcome> attempt, List<PlayEvent> events, long dueAt) {
        try {
            Target.Outcome outcome = attempt.call();
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
                default -> fail(RunReport.failure(outcome.status()), events.size());
            }
        } catch (Exception e) {
            fail(RunReport.failure(e), events.size());
        }
    }

    private void fail(String why, int events) {
        failed.addAndGet(events);
        failedBy.computeIfAbsent(why, k -> new LongAdder()).add(events);
    }

    private Map<String, Long> failures() {
        Map<String, Long> counts = new LinkedHashMap<>();
        failedBy.forEach((why, events) -> counts.put(why, events.sum()));
        return counts;
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
        if (result.failed() > 0) {
            out.printf("failed, by why: %s%n", result.failedBy());
        }
        out.printf("latency from when each batch was due (ms): %s%n", result.latencyMs());
        if (result.clientLateMs() != null) {
            out.printf("of it this client's own: how late each request left after it was due (ms): %s%n", result.clientLateMs());
        }
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
            out.printf("verify: %d entries marked concentrated, of tracks %s%n", v.flagged(), v.concentrated());
            if (v.archive() != null) {
                ArchiveCheck.Result a = v.archive();
                out.printf("verify: archive: %,d archived charts on the topic, %,d of this run's periods checked, %d differ; "
                        + "%,d final periods expected, %d not archived; %d keys written twice with different content %s%n",
                        a.archived(), a.checked(), a.mismatches(), a.expected(), a.missing(), a.doubled(), a.examples().isEmpty() ? "" : a.examples());
            }
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
