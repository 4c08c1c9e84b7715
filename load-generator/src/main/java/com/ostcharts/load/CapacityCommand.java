package com.ostcharts.load;

import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Ports;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.Stack;
import com.ostcharts.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ost-load capacity}, what {@code ./ost bench --capacity} runs: the whole stack (started by the stack launcher, as
 * the soak starts it) driven at rising rates, one step of {@code --step-seconds} each, with the soak's traffic, until a
 * step is not sustained ({@link CapacityRule}); then, unless {@code --no-retry}, one step halfway between the highest
 * sustained rate and that one, once chart-service has caught up. Reports the highest sustained rate in
 * {@code bench/results/capacity-latest.json}.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The whole stack at rising rates: the highest rate it sustains (accepted, freshness p99, lag bounded).")
final class CapacityCommand implements Callable<Integer> {

    /** chart-service's Streams application id here, set on its command line: the consumer group whose lag is read. */
    static final String CHART_GROUP = "capacity-chart-service";
    /** How long the retry waits for chart-service to catch up on the failed step's backlog. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

    @Option(names = "--step-seconds", defaultValue = "60", description = "how long each step sends (default: ${DEFAULT-VALUE})")
    int stepSeconds;
    @Option(names = "--start", defaultValue = "2500", description = "the first step's plays/s (default: ${DEFAULT-VALUE})")
    int start;
    @Option(names = "--factor", defaultValue = "1.5", description = "each step's rate over the one before (default: ${DEFAULT-VALUE})")
    double factor;
    @Option(names = "--max", defaultValue = "40000", description = "the last step's plays/s at most (default: ${DEFAULT-VALUE})")
    int max;
    @Option(names = "--freshness-p99-ms", defaultValue = "2000", description = "a sustained step's freshness p99 at most (default: ${DEFAULT-VALUE})")
    long freshnessP99Ms;
    @Option(names = "--warmup-seconds", defaultValue = "30",
            description = "unjudged traffic at half the start rate first, for the JITs (default: ${DEFAULT-VALUE})")
    int warmupSeconds;
    @Option(names = "--no-retry", description = "no step halfway between the highest sustained rate and the first that was not")
    boolean noRetry;
    @CommandLine.Mixin
    BenchWorkspace.RootOption root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (stepSeconds < 1 || start < 1 || factor <= 1 || max < start || warmupSeconds < 0 || freshnessP99Ms < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --step-seconds >= 1, 1 <= --start <= --max, --factor > 1, --warmup-seconds >= 0, --freshness-p99-ms >= 1");
        }
        BenchWorkspace workspace = BenchWorkspace.prepare(root.root, "capacity-work");
        Path work = workspace.work();
        Ports ports = workspace.ports();
        Launcher launcher = workspace.launcher();
        CapacityRule rule = CapacityRule.of(freshnessP99Ms);
        List<Integer> rates = CapacityRule.rates(start, factor, max);
        int warmupRate = Math.max(1, start / 2);
        long started = System.nanoTime();
        say("capacity: %d-s steps at %s plays/s until one is not sustained (accepted >= %.0f%%, freshness p99 <= %,d ms, lag <= %.0f s "
                + "of plays)%s; Kafka on :%d", stepSeconds, rates.stream().map(r -> String.format("%,d", r)).toList(),
                rule.minAcceptedShare() * 100, rule.freshnessP99Ms(), rule.lagSeconds(), noRetry ? "" : ", then one retry halfway",
                ports.kafka());
        List<CapacityReport.Step> steps = new ArrayList<>();
        try (Stack stack = Stack.start(launcher, work, ports, Map.of(Service.INGEST, BenchCommand.INGEST_ARGS, Service.GATEWAY, BenchCommand.GATEWAY_ARGS, Service.CHART,
                List.of("--spring.kafka.streams.state-dir=" + work.resolve("chart-state"), "--spring.kafka.streams.application-id=" + CHART_GROUP)));
             BenchTools.PlaysOffsets offsets = new BenchTools.PlaysOffsets(stack.kafka().bootstrapServers())) {
            DemoCatalog.putAll(new IngestClient(stack.ingest().uri(""), BenchCommand.API_KEY)); // drama and artist charts on
            if (warmupSeconds > 0) {
                say("capacity: warm-up, %d s at %,d plays/s (not judged)", warmupSeconds, warmupRate);
                send(stack, work, "warmup", warmupRate, warmupSeconds, 0, () -> {
                });
            }
            CapacityReport.Step sustained = null;
            CapacityReport.Step failed = null;
            for (int rate : rates) {
                CapacityReport.Step step = step(stack, offsets, work, steps.size() + 1, rate, false, rule);
                steps.add(step);
                if (!step.sustained()) {
                    failed = step;
                    break;
                }
                sustained = step;
            }
            if (failed != null && sustained != null && !noRetry) {
                int retryRate = CapacityRule.halfway(sustained.rate(), failed.rate());
                if (retryRate > sustained.rate() && caughtUp(offsets, rule.maxLag(retryRate))) {
                    steps.add(step(stack, offsets, work, steps.size() + 1, retryRate, true, rule));
                }
            }
        }
        String command = String.format("./ost bench --capacity --step-seconds %d --start %d --factor %s --max %d%s%s%s",
                stepSeconds, start, factor, max, freshnessP99Ms == 2000 ? "" : " --freshness-p99-ms " + freshnessP99Ms,
                warmupSeconds == 30 ? "" : " --warmup-seconds " + warmupSeconds, noRetry ? " --no-retry" : "");
        CapacityReport report = CapacityReport.of(LocalDate.now(ZoneOffset.UTC).toString(), command, stepSeconds, rule, warmupSeconds,
                warmupSeconds > 0 ? warmupRate : 0, steps);
        Path results = workspace.results();
        Reports.write(results.resolve("capacity-latest.json"), report);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        say("capacity done in %d min %d s", seconds / 60, seconds % 60);
        out.println(report.summary("bench/results/capacity-latest.json"));
        out.flush();
        return 0;
    }

    /** One judged step: the soak's traffic at {@code rate} with freshness probes, and chart-service's lag once it has been sent. */
    private CapacityReport.Step step(Stack stack, BenchTools.PlaysOffsets offsets, Path work, int number, int rate, boolean retry,
                                     CapacityRule rule) {
        say("capacity: step %d%s: %,d plays/s for %d s", number, retry ? " (retry, halfway)" : "", rate, stepSeconds);
        AtomicLong lag = new AtomicLong();
        RunReport run = send(stack, work, "step-" + number, rate, stepSeconds, number, () -> lag.set(lag(offsets)));
        CapacityReport.Step step = CapacityReport.Step.of(number, rate, retry, stepSeconds, run, lag.get(), rule);
        say("capacity: %s", step.summary());
        return step;
    }

    /**
     * The soak's traffic (RunCommand's catalog and scenario, batches of 500) at {@code rate} for {@code seconds}, with
     * freshness probes; a seed of its own for each step, so no step repeats another's listeners and tracks in order.
     */
    private RunReport send(Stack stack, Path work, String name, int rate, int seconds, int seed, Runnable afterSending) {
        return RunCommand.parse(out, "--ingest", stack.ingest().uri("").toString(), "--api-key", BenchCommand.API_KEY,
                "--gateway", stack.gateway().uri("").toString(), "--bootstrap-servers", stack.kafka().bootstrapServers(),
                "--rate", Integer.toString(rate), "--batch", "500", "--duration", seconds + "s", "--seed", Integer.toString(seed),
                "--freshness", "--report", work.resolve(name + ".json").toString()).afterSending(afterSending).execute();
    }

    /** Waits (bounded) until chart-service's lag is at most {@code bound}, so the retry starts without the failed step's backlog. */
    private boolean caughtUp(BenchTools.PlaysOffsets offsets, long bound) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long lag = lag(offsets);
        say("capacity: before the retry, waiting for chart-service to catch up (lag %,d plays; at most %d min)", lag, DRAIN_TIMEOUT.toMinutes());
        while (lag > bound) {
            if (System.nanoTime() >= deadline) {
                say("capacity: chart-service still lags %,d plays after %d min: no retry", lag, DRAIN_TIMEOUT.toMinutes());
                return false;
            }
            Thread.sleep(1000); // polling the group's lag, as an operator's dashboard does
            lag = lag(offsets);
        }
        return true;
    }

    private static long lag(BenchTools.PlaysOffsets offsets) {
        try {
            return offsets.lag(CHART_GROUP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while reading chart-service's lag", e);
        } catch (Exception e) {
            throw new StackException("could not read chart-service's lag on ost.plays.v1: " + e.getMessage(), e);
        }
    }

    private void say(String format, Object... args) {
        out.printf("ost: " + format + "%n", args);
        out.flush();
    }
}
