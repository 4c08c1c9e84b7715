package com.ostcharts.load;

import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Ports;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import com.ostcharts.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code ost-load scale}, what {@code ./ost bench --scale} runs: the whole stack under the soak's traffic at a fixed
 * rate while chart-service's instances come and go as on Kubernetes (static membership, one standby of every task, the
 * deployment's settings), freshness probed once a second. Phases, each {@code --phase-seconds} long: one
 * instance; two more added (scale out); one of them killed with SIGKILL and not restarted (a lost node: its tasks move
 * to the standbys once its session expires); the other killed and restarted at once (as Kubernetes restarts a pod);
 * then that one stopped gracefully (scale in, it leaves the group); then every chart verified. Writes {@code bench/results/scale-latest.json}.
 */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "chart-service 1 -> 3 -> 2 (one lost) -> 2 (one restarted) -> 1 instances under load: freshness through each step, then verified.")
final class ScaleCommand implements Callable<Integer> {

    static final String APPLICATION_ID = "scale-chart-service";
    private static final int PHASES = 5;

    // Half of the highest rate the whole stack sustained with one instance (BENCHMARKS.md, ./ost bench --capacity).
    @Option(names = "--rate", defaultValue = "9500", description = "plays per second (default: ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--phase-seconds", defaultValue = "120",
            description = "how long each phase lasts; more than the 60-s probing rebalance and the 45-s session (default: ${DEFAULT-VALUE})")
    int phaseSeconds;
    @Option(names = "--standby-replicas", defaultValue = "1",
            description = "warm copies of each task on other instances, as deployed (default: ${DEFAULT-VALUE}); 0 to compare")
    int standbyReplicas;
    @Option(names = "--warmup-seconds", defaultValue = "30", description = "traffic before the first phase, for the JITs (default: ${DEFAULT-VALUE})")
    int warmupSeconds;
    @CommandLine.Mixin
    BenchWorkspace.RootOption root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (rate < 1 || phaseSeconds < 10 || warmupSeconds < 0 || standbyReplicas < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --rate >= 1, --phase-seconds >= 10, --warmup-seconds >= 0, --standby-replicas >= 0");
        }
        BenchWorkspace workspace = BenchWorkspace.prepare(root.root, "scale-work");
        Path work = workspace.work();
        Ports ports = workspace.ports();
        Launcher launcher = workspace.launcher();
        long started = System.nanoTime();
        int seconds = warmupSeconds + PHASES * phaseSeconds;
        say("scale: %,d plays/s for %d s through the whole stack; chart-service 1 -> 3 -> 2 (one lost) -> 2 (one restarted) -> 1 instances, %d s apart; Kafka on :%d",
                rate, seconds, phaseSeconds, ports.kafka());
        List<FreshnessProbe.Seen> probes = new CopyOnWriteArrayList<>();
        List<Long> events = new ArrayList<>(); // epoch ms of each phase's start, then the run's end
        RunReport run;
        try (Stack stack = Stack.start(launcher, work, ports, Map.of(Service.INGEST, BenchCommand.INGEST_ARGS, Service.GATEWAY, BenchCommand.GATEWAY_ARGS,
                Service.CHART, instance("chart-0", work)))) {
            DemoCatalog.putAll(new IngestClient(stack.ingest().uri(""), BenchCommand.API_KEY)); // drama and artist charts on
            CompletableFuture<RunReport> sending = CompletableFuture.supplyAsync(() -> RunCommand.parse(out,
                    "--ingest", stack.ingest().uri("").toString(), "--api-key", BenchCommand.API_KEY,
                    "--gateway", stack.gateway().uri("").toString(), "--bootstrap-servers", stack.kafka().bootstrapServers(),
                    "--rate", Integer.toString(rate), "--batch", "500", "--duration", seconds + "s",
                    "--freshness", "--verify", "--settle", "180s",
                    "--report", work.resolve("run.json").toString()).probesSeen(probes::addAll).execute());
            long runStart = System.currentTimeMillis();
            List<ServiceProcess> added = new ArrayList<>();
            try {
                events.add(awaitPhase(sending, runStart, 0));
                say("scale: steady, one instance");

                events.add(awaitPhase(sending, runStart, 1));
                say("scale: scale out: chart-1 and chart-2 start");
                for (String id : List.of("chart-1", "chart-2")) {
                    added.add(launcher.start("chart-service-" + id, Service.CHART, freePort(), stack.kafka().bootstrapServers(),
                            instance(id, work)));
                }

                events.add(awaitPhase(sending, runStart, 2));
                say("scale: lost node: chart-2 killed (SIGKILL), not restarted");
                added.get(1).crash();

                events.add(awaitPhase(sending, runStart, 3));
                say("scale: crash and restart: chart-1 killed (SIGKILL) and started again at once");
                added.get(0).crash();
                added.get(0).restart();

                events.add(awaitPhase(sending, runStart, 4));
                say("scale: scale in: chart-1 stopped (SIGTERM)");
                added.get(0).close();
            } finally {
                added.forEach(ServiceProcess::close);
            }
            run = sending.join();
            events.add(runStart + seconds * 1000L);
        }
        List<ScaleReport.Phase> phases = List.of(
                phase("steady", "one instance", 1, events, 0, probes),
                phase("scale-out", "two instances added", 3, events, 1, probes),
                phase("lost-node", "one killed (SIGKILL), not restarted", 2, events, 2, probes),
                phase("restarted", "one killed (SIGKILL) and restarted at once", 2, events, 3, probes),
                phase("scale-in", "one stopped (SIGTERM)", 1, events, 4, probes));
        String command = String.format("./ost bench --scale --rate %d --phase-seconds %d%s", rate, phaseSeconds,
                standbyReplicas == 1 ? "" : " --standby-replicas " + standbyReplicas);
        ScaleReport report = new ScaleReport(LocalDate.now(ZoneOffset.UTC).toString(), command, rate, phaseSeconds, phases, run);
        Path results = workspace.results();
        Reports.write(results.resolve("scale-latest.json"), report);
        phases.forEach(phase -> say("scale: %s", phase.summary()));
        long took = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        say("scale done in %d min %d s: bench/results/scale-latest.json", took / 60, took % 60);
        if (!run.verified()) {
            spec.commandLine().getErr().printf("ost: VERIFY FAILED: %d acknowledged plays lost, %d charts differ%n",
                    run.verify().lost(), run.verify().mismatches());
            return 1;
        }
        return 0;
    }

    /** A chart-service instance as the StatefulSet runs it: its pod name as {@code group.instance.id}, a standby of each task. */
    private List<String> instance(String id, Path work) {
        return List.of("--spring.kafka.streams.state-dir=" + work.resolve("state-" + id),
                "--spring.kafka.streams.application-id=" + APPLICATION_ID, "--ost.chart.instance-id=" + id,
                "--ost.chart.standby-replicas=" + standbyReplicas);
    }

    private static ScaleReport.Phase phase(String name, String event, int instances, List<Long> events, int index,
                                           List<FreshnessProbe.Seen> probes) {
        return ScaleReport.Phase.of(name, event, instances, events.get(index), events.get(index + 1), probes);
    }

    /**
     * Waits until phase {@code phase} is due (after the warm-up, {@code --phase-seconds} each); returns that moment
     * (epoch ms). Fails at once if the traffic has stopped: a phase without traffic would measure nothing.
     */
    private long awaitPhase(CompletableFuture<RunReport> sending, long runStartMs, int phase) throws InterruptedException {
        long at = runStartMs + (warmupSeconds + (long) phase * phaseSeconds) * 1000L;
        while (System.currentTimeMillis() < at) {
            if (sending.isDone()) {
                sending.join(); // throws what stopped it
                throw new StackException("the traffic ended before phase " + (phase + 1) + " of " + PHASES);
            }
            Thread.sleep(Math.min(1000, Math.max(1, at - System.currentTimeMillis()))); // the benchmark's own schedule
        }
        return at;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void say(String format, Object... args) {
        out.printf("ost: " + format + "%n", args);
        out.flush();
    }
}
