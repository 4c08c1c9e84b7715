package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;
import com.ostcharts.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The OST Charts traffic tool: {@code catalog} loads the demo catalog, {@code demo} sends gentle live traffic,
 * {@code run} sends scenario traffic and verifies it; the rest are the benchmark's instruments.
 */
@Command(name = "ost-load", mixinStandardHelpOptions = true, version = "ost-load 0.1",
        subcommands = {LoadGenerator.Catalog.class, LoadGenerator.Demo.class, RunCommand.class, BenchTools.BareCount.class,
                BenchTools.CatchUp.class, BenchTools.Payloads.class, BenchCommand.class, SoakCommand.class, CapacityCommand.class,
                StateCommand.class, ScaleCommand.class, SseFanoutCommand.class},
        description = "Traffic for OST Charts, shaped like real streaming.")
public final class LoadGenerator {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new LoadGenerator());
        // A stack that cannot start, or a tool that fails, is one line naming what failed and its log, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof StackException || e instanceof UncheckedIOException) {
                line.getErr().println("ost: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }

    static class Target {
        @Option(names = "--ingest", defaultValue = "http://localhost:8081", description = "ingest-service base URL (default: ${DEFAULT-VALUE})")
        URI ingest;

        @Option(names = "--api-key", required = true, description = "API key for ingest-service writes")
        String apiKey;

        IngestClient client() {
            return new IngestClient(ingest, apiKey);
        }
    }

    @Command(name = "catalog", mixinStandardHelpOptions = true, description = "PUT every track of the demo catalog.")
    static final class Catalog implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int loaded;
            try {
                loaded = DemoCatalog.putAll(target.client());
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
            out.printf("loaded %d tracks of the demo catalog%n", loaded);
            out.flush();
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Send gentle, steady traffic over the demo catalog until stopped.")
    static final class Demo implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;

        @Option(names = "--rate", defaultValue = "20", description = "plays per second (default: ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--listeners", defaultValue = "5000", description = "distinct listeners (default: ${DEFAULT-VALUE})")
        int listeners;

        @Option(names = "--zipf", defaultValue = "0.8", description = "Zipf exponent of track popularity (default: ${DEFAULT-VALUE})")
        double zipf;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> trackIds = DemoCatalog.load().stream().map(Track::trackId).toList();
            PlayFactory plays = new PlayFactory(trackIds, zipf, listeners, new Random());
            IngestClient client = target.client();
            Duration interval = Duration.ofMillis(500);
            int perBatch = Math.max(1, rate / 2);
            long sent = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long started = System.nanoTime();
                List<PlayEvent> batch = new ArrayList<>(perBatch);
                for (int i = 0; i < perBatch; i++) {
                    batch.add(plays.next(Instant.now()));
                }
                try {
                    IngestClient.Answer response = client.postPlays(batch);
                    if (response.status() == 202) {
                        sent += batch.size();
                    } else {
                        spec.commandLine().getErr().printf("ingest answered %d: %s%n", response.status(), response.body());
                    }
                } catch (IOException e) {
                    spec.commandLine().getErr().printf("ingest unreachable: %s%n", e.getMessage());
                }
                if (sent % 1000 < perBatch) {
                    spec.commandLine().getOut().printf("%d plays sent%n", sent);
                    spec.commandLine().getOut().flush();
                }
                long spent = Duration.ofNanos(System.nanoTime() - started).toMillis();
                Thread.sleep(Math.max(0, interval.toMillis() - spent)); // pacing, not waiting for a broker
            }
            return 0;
        }
    }
}
