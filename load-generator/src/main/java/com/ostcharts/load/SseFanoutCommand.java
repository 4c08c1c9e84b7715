package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.Json;
import com.ostcharts.stack.Jvm;
import com.ostcharts.stack.KafkaBroker;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import com.ostcharts.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * {@code ost-load sse-fanout}: many dashboards on one gateway. Opens {@code --listeners} event streams of one chart
 * (and a few deliberately slow ones, and a few that reconnect with {@code Last-Event-ID} now and then) while new
 * versions of the chart are published at a fixed rate and {@code --pollers} others poll it, then reports, for every
 * version published in the measured interval, how long until each listener had it or a newer one, what was skipped,
 * who never got the newest, the gateway's memory per connection and CPU, and this client's own CPU. Without
 * {@code --gateway} it starts its own broker and gateway (the bench's ports) and publishes the versions itself
 * ({@link SyntheticChartFeed}). With {@code --processes 2} the listeners are split over two client processes, to show
 * whether the client was the bottleneck. Writes {@code bench/results/sse-fanout-latest.json}.
 */
@Command(name = "sse-fanout", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Many SSE listeners of one chart on one gateway: newest-version delay per listener, skips, memory per connection.")
final class SseFanoutCommand implements Callable<Integer> {

    @Option(names = "--gateway", description = "a running gateway (default: start a broker and a gateway on the bench's ports)")
    URI gateway;
    @Option(names = "--bootstrap-servers", description = "with --gateway: its broker, to publish versions to (default: publish nothing, measure "
            + "what is published)")
    String bootstrapServers;
    @Option(names = "--gateway-pid", description = "with --gateway: its process, for its memory and CPU")
    Long gatewayPid;
    @Option(names = "--gateway-arg", description = "an argument for the gateway this command starts (repeatable)")
    List<String> gatewayArgs = new ArrayList<>();
    @Option(names = "--chart", defaultValue = "global/1h", description = "the chart (default: ${DEFAULT-VALUE})")
    String chart;
    @Option(names = "--listeners", defaultValue = "10000", description = "listeners measured (default: ${DEFAULT-VALUE})")
    int listeners;
    @Option(names = "--slow", defaultValue = "0", description = "slow listeners besides them (default: ${DEFAULT-VALUE})")
    int slow;
    @Option(names = "--slow-rate", defaultValue = "8192", description = "bytes a second a slow listener reads (default: ${DEFAULT-VALUE})")
    int slowRate;
    @Option(names = "--reconnecting", defaultValue = "0", description = "listeners that reconnect with Last-Event-ID (default: ${DEFAULT-VALUE})")
    int reconnecting;
    @Option(names = "--reconnect-every", defaultValue = "5s", converter = RunCommand.DurationConverter.class, description = "how often each of them reconnects (default: ${DEFAULT-VALUE})")
    Duration reconnectEvery;
    @Option(names = "--pollers", defaultValue = "0", description = "dashboards polling with If-None-Match (default: ${DEFAULT-VALUE})")
    int pollers;
    @Option(names = "--poll-every", defaultValue = "1s", converter = RunCommand.DurationConverter.class, description = "each poller's interval (default: ${DEFAULT-VALUE})")
    Duration pollEvery;
    @Option(names = "--versions-per-second", defaultValue = "2", description = "versions published a second (default: ${DEFAULT-VALUE})")
    double versionsPerSecond;
    @Option(names = "--duration", defaultValue = "60s", converter = RunCommand.DurationConverter.class, description = "the measured interval (default: ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--warmup", defaultValue = "10s", converter = RunCommand.DurationConverter.class, description = "publishing with everyone connected, before measuring (default: ${DEFAULT-VALUE})")
    Duration warmup;
    @Option(names = "--settle", defaultValue = "10s", converter = RunCommand.DurationConverter.class, description = "after the last version, how long listeners have to get it (default: ${DEFAULT-VALUE})")
    Duration settle;
    @Option(names = "--threads", defaultValue = "4", description = "listener threads per client process (default: ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--connect-rate", defaultValue = "2000", description = "connections opened a second (default: ${DEFAULT-VALUE})")
    int connectRate;
    @Option(names = "--gzip", description = "ask for gzip (Accept-Encoding), as browsers do")
    boolean gzip;
    @Option(names = "--processes", defaultValue = "1", description = "client processes the listeners are split over (default: ${DEFAULT-VALUE})")
    int processes;
    @Option(names = "--report", description = "where the report goes (default: bench/results/sse-fanout-latest.json)")
    Path report;
    @Option(names = "--listen-only", hidden = true, description = "a client process of another sse-fanout: listen, report raw logs to --raw")
    boolean listenOnly;
    @Option(names = "--raw", hidden = true)
    Path raw;
    @CommandLine.Mixin
    BenchWorkspace.RootOption root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        ChartId chartId = ChartId.parse(chart).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--chart: a chart like global/1h, not " + chart));
        if (listeners < 1 || slow < 0 || reconnecting < 0 || threads < 1 || processes < 1 || versionsPerSecond <= 0 || slowRate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need --listeners >= 1, --threads >= 1, --processes >= 1, "
                    + "--versions-per-second > 0, --slow-rate >= 1, and no negative counts");
        }
        if (listenOnly) {
            return listenOnly(chartId);
        }
        if (gateway != null) {
            return measure(chartId, gateway, bootstrapServers, gatewayPid, null);
        }
        BenchWorkspace workspace = BenchWorkspace.prepare(root.root, "sse-fanout-work");
        say("sse-fanout: starting Kafka on :%d and the gateway on :%d", workspace.ports().kafka(), workspace.ports().gateway());
        try (KafkaBroker kafka = workspace.launcher().startBroker(workspace.work(), workspace.ports());
             ServiceProcess started = workspace.launcher().start(Service.GATEWAY, workspace.ports().gateway(), kafka.bootstrapServers(),
                     ownGatewayArgs()).awaitReady(Stack.START_TIMEOUT)) {
            return measure(chartId, started.uri(""), kafka.bootstrapServers(), started.pid(), workspace);
        }
    }

    /**
     * The gateway's settings here: every listener and poller comes from this one address, far past a client's stream cap
     * and read budget, and the streams of the run are more than the gateway's default cap; all three are raised out of
     * reach, so the fan-out is measured with the limiter's cost in it, as {@link BenchCommand#GATEWAY_ARGS} does for reads.
     * Then {@code --gateway-arg}s.
     */
    private List<String> ownGatewayArgs() {
        int streams = listeners + slow + reconnecting;
        List<String> args = new ArrayList<>(BenchCommand.GATEWAY_ARGS);
        args.addAll(List.of("-ost.gateway.rate-limit.streams-per-client=" + (streams + 1000), "-ost.gateway.max-streams=" + (streams + 1000),
                "-ost.gateway.max-connections=" + Math.max(20_000, streams + pollers + 1000)));
        args.addAll(gatewayArgs);
        return args;
    }

    private int measure(ChartId chartId, URI base, String bootstrap, Long pid, BenchWorkspace workspace) throws Exception {
        URI document = base.resolve("/api/v1/charts/" + chartId.value());
        URI stream = base.resolve("/api/v1/charts/" + chartId.value() + "/stream");
        SseListeners.Clock clock = new SseListeners.Clock();
        SyntheticChartFeed feed = bootstrap == null ? null : new SyntheticChartFeed(bootstrap, chartId, currentVersion(document));
        List<ClientProcess> children = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (RssSampler rss = pid == null ? null : new RssSampler(Duration.ofMillis(500), List.of(pid));
             ChartPollers polling = new ChartPollers(document, pollers, pollEvery);
             SseListeners client = processes == 1 ? new SseListeners(stream, threads, gzip, slowRate, clock) : null) {
            if (feed != null) {
                feed.start(versionsPerSecond);
                say("sse-fanout: publishing %s at %.1f versions/s", chartId.value(), versionsPerSecond);
                awaitPublished(document, feed);
            }
            long rssBefore = pid == null ? 0 : RssSampler.rssKib(pid);
            long connectStarted = System.nanoTime();
            say("sse-fanout: connecting %,d listeners (+%d slow, +%d reconnecting) at %,d/s in %d process(es)", listeners, slow, reconnecting,
                    connectRate, processes);
            if (client != null) {
                connect(client, listeners, slow, reconnecting);
                awaitStreaming(client::streaming, listeners + slow + reconnecting);
            } else {
                for (int i = 0; i < processes; i++) {
                    children.add(ClientProcess.start(this, stream, i));
                }
                for (ClientProcess child : children) {
                    child.awaitLine("connected");
                }
            }
            double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
            long rssConnected = pid == null ? 0 : RssSampler.rssKib(pid);
            say("sse-fanout: all connected in %.1f s; gateway RSS %,d MB before, %,d MB now; warming up %d s", connectSeconds, rssBefore / 1024,
                    rssConnected / 1024, warmup.toSeconds());
            if (client != null && reconnecting > 0) {
                scheduleReconnects(timer, client);
            }
            Thread.sleep(warmup.toMillis());

            polling.reset();
            long measureFrom = clock.nowMicros();
            long cpuFrom = processCpuNanos();
            long gcFrom = gcMillis();
            long[] threadsFrom = client == null ? new long[0] : client.threadCpuNanos();
            long gatewayCpuFrom = pid == null ? 0 : GatewayCpu.ticks(pid);
            for (ClientProcess child : children) {
                child.send("mark");
            }
            say("sse-fanout: measuring %d s", duration.toSeconds());
            Thread.sleep(duration.toMillis());
            long measureTo = clock.nowMicros();
            double seconds = (measureTo - measureFrom) / 1e6;
            double cpuPercent = 100.0 * (processCpuNanos() - cpuFrom) / 1e9 / seconds;
            long gcMs = gcMillis() - gcFrom;
            long[] threadsTo = client == null ? new long[0] : client.threadCpuNanos();
            double gatewayCpu = pid == null ? 0 : 100.0 * (GatewayCpu.ticks(pid) - gatewayCpuFrom) / GatewayCpu.TICKS_PER_SECOND / seconds;
            ChartPollers.Result polled = polling.result();
            long newest;
            if (feed != null) {
                feed.stop();
                newest = feed.lastVersion();
            } else {
                newest = client != null ? client.newestId() : -1;
            }
            timer.shutdownNow();
            say("sse-fanout: published up to version %d; settling up to %d s", newest, settle.toSeconds());

            List<FanoutAnalysis.Log> logs;
            Map<Long, Long> asOf = new HashMap<>();
            List<SseListeners.Reconnect> reconnects = new ArrayList<>();
            long refused = 0;
            long dropped = 0;
            long failed = 0;
            double[] busy;
            if (client != null) {
                long deadline = System.nanoTime() + settle.toNanos();
                while (System.nanoTime() < deadline && !allHave(client, newest)) {
                    Thread.sleep(100);
                }
                logs = FanoutAnalysis.logs(client.listeners());
                asOf.putAll(client.asOfMicros());
                reconnects.addAll(client.reconnects());
                refused = client.refused();
                dropped = client.dropped();
                failed = client.failed();
                busy = new double[threadsTo.length];
                for (int i = 0; i < busy.length; i++) {
                    busy[i] = 100.0 * (threadsTo[i] - threadsFrom[i]) / 1e9 / seconds;
                }
            } else {
                Thread.sleep(settle.toMillis());
                logs = new ArrayList<>();
                List<Double> childBusy = new ArrayList<>();
                for (ClientProcess child : children) {
                    ClientProcess.Raw childRaw = child.finish();
                    logs.addAll(childRaw.logs());
                    asOf.putAll(childRaw.asOf());
                    reconnects.addAll(childRaw.reconnects());
                    refused += childRaw.refused();
                    dropped += childRaw.dropped();
                    failed += childRaw.failed();
                    cpuPercent += 100.0 * childRaw.cpuNanos() / 1e9 / seconds;
                    gcMs += childRaw.gcMillis();
                    for (long nanos : childRaw.threadCpuNanos()) {
                        childBusy.add(100.0 * nanos / 1e9 / seconds);
                    }
                }
                busy = childBusy.stream().mapToDouble(Double::doubleValue).toArray();
            }
            if (feed != null) {
                asOf.putAll(feed.published());
            }
            Map<Long, Long> measured = FanoutAnalysis.publishedBetween(asOf, measureFrom, measureTo);
            List<SseListeners.Reconnect> measuredReconnects = reconnects.stream()
                    .filter(r -> r.connectMicros() >= measureFrom && r.connectMicros() < measureTo).toList();
            long[] firstEvent = FanoutAnalysis.firstEventMs(measuredReconnects);
            long rssPeak = rss == null ? 0 : rss.maxKib(0);
            SseFanoutReport result = new SseFanoutReport(LocalDate.now(ZoneOffset.UTC).toString(), commandLine(), chartId.value(), listeners, slow,
                    slowRate, reconnecting, processes, threads, gzip, versionsPerSecond, Math.round(seconds), feed == null ? 0 : feed.bytes(),
                    Math.round(connectSeconds * 10) / 10.0, refused, dropped, failed,
                    FanoutAnalysis.delivery(logs, SseListeners.Kind.NORMAL, measured, newest),
                    FanoutAnalysis.spread(logs, SseListeners.Kind.NORMAL, measured),
                    FanoutAnalysis.delivery(logs, SseListeners.Kind.SLOW, measured, newest),
                    new SseFanoutReport.Reconnects(measuredReconnects.size(), (int) measuredReconnects.stream().filter(FanoutAnalysis::resumedAtNewest).count(),
                            firstEvent[0], firstEvent[1], firstEvent[2]),
                    polled,
                    pid == null ? null : new SseFanoutReport.GatewayProcess(pid, rssBefore / 1024, rssConnected / 1024, rssPeak / 1024,
                            (rssConnected - rssBefore) / Math.max(1, listeners + slow + reconnecting), gatewayCpu),
                    new SseFanoutReport.ClientCpu(Math.round(cpuPercent), busy, gcMs));
            Path file = report != null ? report : (workspace != null ? workspace.results() : Path.of("bench/results")).resolve("sse-fanout-latest.json");
            Reports.write(file, result);
            out.println(result.summary());
            say("sse-fanout: report in %s", file);
            return 0;
        } finally {
            timer.shutdownNow();
            children.forEach(ClientProcess::close);
            if (feed != null) {
                feed.close();
            }
        }
    }

    /** A client process of a split run: connect, say so, and at {@code stop} write every log to {@code --raw}. */
    private int listenOnly(ChartId chartId) throws Exception {
        URI stream = gateway.resolve("/api/v1/charts/" + chartId.value() + "/stream");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (SseListeners client = new SseListeners(stream, threads, gzip, slowRate, new SseListeners.Clock())) {
            connect(client, listeners, slow, reconnecting);
            awaitStreaming(client::streaming, listeners + slow + reconnecting);
            out.println("connected");
            out.flush();
            if (reconnecting > 0) {
                scheduleReconnects(timer, client);
            }
            long cpuFrom = 0;
            long gcFrom = 0;
            long[] threadsFrom = new long[0];
            String command;
            while ((command = commands.readLine()) != null) {
                if (command.equals("mark")) {
                    cpuFrom = processCpuNanos();
                    gcFrom = gcMillis();
                    threadsFrom = client.threadCpuNanos();
                } else if (command.equals("stop")) {
                    long cpu = processCpuNanos() - cpuFrom;
                    long[] threadCpu = client.threadCpuNanos();
                    for (int i = 0; i < threadCpu.length; i++) {
                        threadCpu[i] -= threadsFrom.length > i ? threadsFrom[i] : 0;
                    }
                    timer.shutdownNow();
                    ClientProcess.write(raw, new ClientProcess.Raw(FanoutAnalysis.logs(client.listeners()), client.asOfMicros(), client.reconnects(),
                            client.refused(), client.dropped(), client.failed(), cpu, gcMillis() - gcFrom, threadCpu));
                    out.println("written");
                    out.flush();
                    return 0;
                }
            }
            return 1;
        } finally {
            timer.shutdownNow();
        }
    }

    private void connect(SseListeners client, int normal, int slowOnes, int reconnectingOnes) throws InterruptedException {
        int total = normal + slowOnes + reconnectingOnes;
        int special = slowOnes + reconnectingOnes;
        List<SseListeners.Kind> kinds = new ArrayList<>(Collections.nCopies(total, SseListeners.Kind.NORMAL));
        int slowLeft = slowOnes;
        for (int i = 0; i < special; i++) {
            // spread the slow and the reconnecting ones among the others, alternating, so every thread has a few of each
            boolean slowTurn = slowLeft > 0 && (i % 2 == 0 || special - i <= slowLeft);
            kinds.set((int) ((long) i * total / special), slowTurn ? SseListeners.Kind.SLOW : SseListeners.Kind.RECONNECTING);
            slowLeft -= slowTurn ? 1 : 0;
        }
        long started = System.nanoTime();
        for (int i = 0; i < kinds.size(); i++) {
            long due = started + (long) (i * 1e9 / connectRate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            client.open(kinds.get(i));
        }
    }

    private void scheduleReconnects(ScheduledExecutorService timer, SseListeners client) {
        List<SseListeners.Listener> movers = client.listeners().stream().filter(l -> l.kind == SseListeners.Kind.RECONNECTING).toList();
        if (movers.isEmpty()) {
            return;
        }
        long periodMicros = Math.max(1, reconnectEvery.toNanos() / 1_000 / movers.size());
        AtomicInteger next = new AtomicInteger();
        timer.scheduleAtFixedRate(() -> movers.get(next.getAndIncrement() % movers.size()).reconnect(), periodMicros, periodMicros,
                TimeUnit.MICROSECONDS);
    }

    private static void awaitStreaming(LongSupplier streaming, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (streaming.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new StackException("only " + streaming.getAsLong() + " of " + expected + " listeners streaming after 120 s");
            }
            Thread.sleep(100);
        }
    }

    private static boolean allHave(SseListeners client, long newest) {
        return client.listeners().stream().filter(l -> l.kind != SseListeners.Kind.RECONNECTING).allMatch(l -> l.lastId() >= newest);
    }

    private static long currentVersion(URI document) throws IOException, InterruptedException {
        JsonNode chart = Json.MAPPER.readTree(new Gateway(document).get(document.getPath()).body());
        return chart.path("version").asLong(0);
    }

    /** Waits until the gateway serves a version the feed published, so every listener starts from one. */
    private static void awaitPublished(URI document, SyntheticChartFeed feed) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long version = currentVersion(document);
            if (!feed.published().isEmpty() && feed.published().containsKey(version)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new StackException("the gateway did not serve a published version within 30 s");
    }

    /** Milliseconds this JVM has spent in garbage collection, all collectors. */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private String commandLine() {
        StringBuilder text = new StringBuilder("ost-load"); // the original arguments begin with the subcommand
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            text.append(' ').append(arg);
        }
        return text.toString();
    }

    private void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }

    /** A process's CPU time from {@code /proc/<pid>/stat} (utime + stime), in clock ticks. */
    static final class GatewayCpu {
        static final long TICKS_PER_SECOND = 100;

        private GatewayCpu() {
        }

        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** A client process of a split run, and the raw logs it hands back. */
    static final class ClientProcess implements AutoCloseable {

        /** What a client process received, and its CPU over the measured interval. */
        record Raw(List<FanoutAnalysis.Log> logs, Map<Long, Long> asOf, List<SseListeners.Reconnect> reconnects, long refused, long dropped,
                   long failed, long cpuNanos, long gcMillis, long[] threadCpuNanos) {
        }

        private final Process process;
        private final BufferedReader lines;
        private final Writer commands;
        private final Path raw;

        private ClientProcess(Process process, Path raw) {
            this.process = process;
            this.raw = raw;
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static ClientProcess start(SseFanoutCommand parent, URI stream, int index) throws IOException {
            Path raw = Files.createTempFile("sse-fanout-" + index + "-", ".bin");
            Path jar = Path.of(SseFanoutCommand.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            int share = parent.processes;
            List<String> command = new ArrayList<>(List.of(Jvm.java(), "-Xmx1g", "-XX:+UseParallelGC", "-jar", jar.toString(), "sse-fanout",
                    "--listen-only", "--raw", raw.toString(), "--gateway", stream.resolve("/").toString(), "--chart", parent.chart,
                    "--listeners", Integer.toString(split(parent.listeners, share, index)), "--slow", Integer.toString(split(parent.slow, share, index)),
                    "--slow-rate", Integer.toString(parent.slowRate), "--reconnecting", Integer.toString(split(parent.reconnecting, share, index)),
                    "--reconnect-every", parent.reconnectEvery.toMillis() / 1000.0 + "s", "--threads", Integer.toString(parent.threads),
                    "--connect-rate", Integer.toString(Math.max(1, parent.connectRate / share))));
            if (parent.gzip) {
                command.add("--gzip");
            }
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ClientProcess(process, raw);
        }

        private static int split(int total, int parts, int index) {
            return total / parts + (index < total % parts ? 1 : 0);
        }

        void awaitLine(String expected) throws IOException {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(expected)) {
                    return;
                }
            }
            throw new StackException("a client process ended before saying '" + expected + "'");
        }

        void send(String command) throws IOException {
            commands.write(command + "\n");
            commands.flush();
        }

        Raw finish() throws IOException {
            send("stop");
            awaitLine("written");
            return read(raw);
        }

        static void write(Path file, Raw raw) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(raw.logs().size());
                for (FanoutAnalysis.Log log : raw.logs()) {
                    out.writeByte(log.kind().ordinal());
                    out.writeInt(log.ids().length);
                    for (int i = 0; i < log.ids().length; i++) {
                        out.writeLong(log.ids()[i]);
                        out.writeLong(log.micros()[i]);
                    }
                    out.writeLong(log.bytesRead());
                    out.writeLong(log.heartbeats());
                }
                out.writeInt(raw.asOf().size());
                for (Map.Entry<Long, Long> entry : raw.asOf().entrySet()) {
                    out.writeLong(entry.getKey());
                    out.writeLong(entry.getValue());
                }
                out.writeInt(raw.reconnects().size());
                for (SseListeners.Reconnect reconnect : raw.reconnects()) {
                    out.writeLong(reconnect.lastEventId());
                    out.writeLong(reconnect.newestAtConnectId());
                    out.writeLong(reconnect.connectMicros());
                    out.writeLong(reconnect.firstId());
                    out.writeLong(reconnect.firstMicros());
                }
                out.writeLong(raw.refused());
                out.writeLong(raw.dropped());
                out.writeLong(raw.failed());
                out.writeLong(raw.cpuNanos());
                out.writeLong(raw.gcMillis());
                out.writeInt(raw.threadCpuNanos().length);
                for (long nanos : raw.threadCpuNanos()) {
                    out.writeLong(nanos);
                }
            }
        }

        static Raw read(Path file) throws IOException {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                int count = in.readInt();
                List<FanoutAnalysis.Log> logs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    SseListeners.Kind kind = SseListeners.Kind.values()[in.readByte()];
                    int events = in.readInt();
                    long[] ids = new long[events];
                    long[] micros = new long[events];
                    for (int j = 0; j < events; j++) {
                        ids[j] = in.readLong();
                        micros[j] = in.readLong();
                    }
                    logs.add(new FanoutAnalysis.Log(kind, ids, micros, in.readLong(), in.readLong()));
                }
                Map<Long, Long> asOf = new HashMap<>();
                int versions = in.readInt();
                for (int i = 0; i < versions; i++) {
                    asOf.put(in.readLong(), in.readLong());
                }
                List<SseListeners.Reconnect> reconnects = new ArrayList<>();
                int reconnectCount = in.readInt();
                for (int i = 0; i < reconnectCount; i++) {
                    reconnects.add(new SseListeners.Reconnect(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
                }
                long refused = in.readLong();
                long dropped = in.readLong();
                long failed = in.readLong();
                long cpu = in.readLong();
                long gc = in.readLong();
                long[] threadCpu = new long[in.readInt()];
                for (int i = 0; i < threadCpu.length; i++) {
                    threadCpu[i] = in.readLong();
                }
                return new Raw(logs, asOf, reconnects, refused, dropped, failed, cpu, gc, threadCpu);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            try {
                Files.deleteIfExists(raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
