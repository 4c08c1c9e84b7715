package com.ostcharts.load;

import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Ports;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ost-load soak [--minutes N] [--rate R]}, what {@code ./ost bench --soak} runs: the whole stack (started by the
 * stack launcher, as {@code ./ost up} starts it) for N minutes at R plays/s, resident memory of each service sampled
 * every 10 s, then a verified end. Freshness probes of the first 30 s (cold JVMs, the first rebalance) are reported
 * apart, as the warm-up: in the soak of 2026-11-30 every slow probe was among them (the first 30 up to 13 s late; the
 * 570 after them within 1.3 s of the fastest). Writes {@code bench/results/soak-latest.json} and {@code soak-rss-<date>.csv};
 * a failed verification fails the command.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The whole stack for N minutes at R plays/s, memory sampled, then a verified end.")
final class SoakCommand implements Callable<Integer> {

    // 2,500/s: a first soak at 7,216/s (half of chart-service's rate alone, from the full bench) fell behind; with
    // ingest, Kafka, the gateway and the generator on the same 2 cores, chart-service kept about 4,900/s.
    @Option(names = "--minutes", defaultValue = "10", description = "how long (default: ${DEFAULT-VALUE})")
    int minutes;
    @Option(names = "--rate", defaultValue = "2500", description = "plays per second (default: ${DEFAULT-VALUE})")
    int rate;
    @CommandLine.Mixin
    BenchWorkspace.RootOption root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchWorkspace workspace = BenchWorkspace.prepare(root.root, "soak-work");
        Path work = workspace.work();
        Ports ports = workspace.ports();
        Launcher launcher = workspace.launcher();
        long started = System.nanoTime();
        out.printf("ost: soak: %d min at %,d plays/s through the whole stack, memory sampled every 10 s; Kafka on :%d%n", minutes, rate, ports.kafka());
        out.flush();
        RunReport run;
        List<RssSampler.Sample> samples;
        try (Stack stack = Stack.start(launcher, work, ports, Map.of(Service.INGEST, BenchCommand.INGEST_ARGS, Service.GATEWAY, BenchCommand.GATEWAY_ARGS,
                Service.CHART, List.of("--spring.kafka.streams.state-dir=" + work.resolve("chart-state"))))) {
            DemoCatalog.putAll(new IngestClient(stack.ingest().uri(""), BenchCommand.API_KEY)); // drama and artist charts on
            try (RssSampler rss = new RssSampler(Duration.ofSeconds(10), stack.services().stream().map(ServiceProcess::pid).toList())) {
                run = RunCommand.parse(out, "--ingest", stack.ingest().uri("").toString(), "--api-key", BenchCommand.API_KEY,
                        "--gateway", stack.gateway().uri("").toString(), "--bootstrap-servers", stack.kafka().bootstrapServers(),
                        "--rate", Integer.toString(rate), "--batch", "500", "--duration", minutes + "m", "--freshness", "--freshness-warm-up", "30s", "--verify",
                        "--settle", "180s", "--report", work.resolve("soak.json").toString()).execute();
                samples = rss.samples();
            }
        }
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        SoakReport report = new SoakReport(date, "./ost bench --soak --minutes " + minutes, minutes, rate, SoakReport.rss(samples, minutes), run);
        Path results = workspace.results();
        Reports.write(results.resolve("soak-latest.json"), report);
        Files.writeString(results.resolve("soak-rss-" + date + ".csv"), SoakReport.csv(samples));
        out.println(Reports.json(report));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.printf("ost: soak done in %d min %d s: bench/results/soak-latest.json, soak-rss-%s.csv%n", seconds / 60, seconds % 60, date);
        out.flush();
        if (!run.verified()) {
            spec.commandLine().getErr().printf("ost: VERIFY FAILED: %d acknowledged plays lost, %d charts differ%n",
                    run.verify().lost(), run.verify().mismatches());
            return 1;
        }
        return 0;
    }
}
