package com.ostcharts.load;

import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Ports;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import com.ostcharts.stack.StackException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ost-load state}, what {@code ./ost bench --state} runs: the whole stack (started by the stack launcher, as the
 * soak starts it), a fixed number of plays at a fixed rate (the soak's traffic), and once chart-service has caught up, its
 * state per counted play: the changelogs and the repartition topic on the broker, the local stores on disk. Then a crash
 * (SIGKILL) and a restart on the same state directory, which chart-service wipes after an unclean end, so everything is
 * restored from the changelogs: the restore rate, and the restore of an hour's state at {@code --hour-rate} (an
 * extrapolation, {@link StateCost}). Writes {@code bench/results/state-latest.json}.
 */
@Command(name = "state", mixinStandardHelpOptions = true, sortOptions = false,
        description = "chart-service's state per counted play (changelogs, local stores) and its restore rate after a crash.")
final class StateCommand implements Callable<Integer> {

    /** chart-service's Streams application id here: it names the consumer group, the changelogs and the state folder. */
    static final String APPLICATION_ID = "state-chart-service";
    /** Static membership, as deployed (k8s: the pod name): the restarted instance takes its tasks back without waiting for its session to expire. */
    static final String INSTANCE_ID = "state-chart-0";
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration REPARTITION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern RUNNING = Pattern.compile("Kafka Streams \\w+ -> RUNNING");
    private static final Pattern RESTORED = Pattern.compile(
            "Finished restoring changelog (\\S+) to store (\\S+) with a total number of (\\d+) records");

    @Option(names = "--rate", defaultValue = "5000", description = "plays per second (default: ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--minutes", defaultValue = "2", description = "how long to send (default: ${DEFAULT-VALUE})")
    int minutes;
    @Option(names = "--hour-rate", defaultValue = "10000",
            description = "plays/s of the hour whose state and restore are extrapolated (default: ${DEFAULT-VALUE})")
    int hourRate;
    @CommandLine.Mixin
    BenchWorkspace.RootOption root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (rate < 1 || minutes < 1 || hourRate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need --rate >= 1, --minutes >= 1, --hour-rate >= 1");
        }
        BenchWorkspace workspace = BenchWorkspace.prepare(root.root, "state-work");
        Path work = workspace.work();
        Ports ports = workspace.ports();
        Path stateDir = work.resolve("chart-state");
        Launcher launcher = workspace.launcher();
        long started = System.nanoTime();
        say("state: %,d plays/s for %d min through the whole stack, then chart-service's state per counted play and a crash; Kafka on :%d",
                rate, minutes, ports.kafka());
        StateReport report;
        try (Stack stack = Stack.start(launcher, work, ports, Map.of(Service.INGEST, BenchCommand.INGEST_ARGS, Service.GATEWAY, BenchCommand.GATEWAY_ARGS, Service.CHART,
                List.of("--spring.kafka.streams.state-dir=" + stateDir, "--spring.kafka.streams.application-id=" + APPLICATION_ID,
                        "--ost.chart.instance-id=" + INSTANCE_ID)));
             BenchTools.PlaysOffsets offsets = new BenchTools.PlaysOffsets(stack.kafka().bootstrapServers());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            RunReport run = RunCommand.parse(out, "--ingest", stack.ingest().uri("").toString(), "--api-key", BenchCommand.API_KEY,
                    "--gateway", stack.gateway().uri("").toString(), "--bootstrap-servers", stack.kafka().bootstrapServers(),
                    "--rate", Integer.toString(rate), "--batch", "500", "--duration", minutes + "m",
                    "--report", work.resolve("run.json").toString()).execute();
            awaitCaughtUp(offsets, admin);

            StateReport.Plays plays = plays(stack.chart());
            StateCost cost = new StateCost(plays.counted());
            Map<String, TopicState> topics = topics(admin);
            Map<String, Long> local = localStores(stateDir.resolve(APPLICATION_ID));
            say("state: %,d plays counted; %d changelogs, %s on the broker; local stores %,.1f MB; now the crash (SIGKILL)",
                    plays.counted(), topics.values().stream().filter(TopicState::changelog).count(),
                    String.format("%,.1f MB", topics.values().stream().filter(TopicState::changelog).mapToLong(TopicState::bytes).sum() / 1e6),
                    local.values().stream().mapToLong(Long::longValue).sum() / 1e6);

            Restart restart = crashAndRestart(stack.chart());
            Map<String, Long> restoredByStore = restoredByStore(restart.log());
            Map<String, Long> localAfter = localStores(stateDir.resolve(APPLICATION_ID));
            report = report(run, plays, cost, topics, local, localAfter, restart, restoredByStore);
        }
        Path results = workspace.results();
        Reports.write(results.resolve("state-latest.json"), report);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        say("state done in %d min %d s", seconds / 60, seconds % 60);
        out.println(report.summary("bench/results/state-latest.json"));
        out.flush();
        return 0;
    }

    private StateReport report(RunReport run, StateReport.Plays plays, StateCost cost, Map<String, TopicState> topics,
                               Map<String, Long> local, Map<String, Long> localAfter, Restart restart, Map<String, Long> restoredByStore) {
        List<StateReport.Part> changelogs = new ArrayList<>();
        StateReport.Part repartition = null;
        for (TopicState topic : topics.values()) {
            if (topic.changelog()) {
                changelogs.add(StateReport.Part.topic(topic.part(), topic.topic(), topic.partitions(), topic.bytes(), topic.records(),
                        restoredByStore.get(topic.part()), cost));
            } else if (topic.part().equals("partials")) {
                repartition = StateReport.Part.topic(topic.part(), topic.topic(), topic.partitions(), topic.bytes(), topic.records(), null, cost);
            }
        }
        long changelogBytes = changelogs.stream().mapToLong(StateReport.Part::bytes).sum();
        long changelogRecords = changelogs.stream().mapToLong(StateReport.Part::records).sum();
        Long restored = restoredByStore.isEmpty() ? null : restoredByStore.values().stream().mapToLong(Long::longValue).sum();
        StateReport.Part changelogTotal = StateReport.Part.topic("total", APPLICATION_ID + "-*-changelog",
                changelogs.stream().mapToInt(StateReport.Part::partitions).sum(), changelogBytes, changelogRecords, restored, cost);
        long localBytes = local.values().stream().mapToLong(Long::longValue).sum();
        List<StateReport.Part> localStores = local.entrySet().stream().map(e -> StateReport.Part.local(e.getKey(), e.getValue(), cost)).toList();

        double recordsPerSecond = StateCost.restoreRate(changelogRecords, restart.restoreSeconds());
        StateReport.Restore restore = new StateReport.Restore(round(restart.startupSeconds()), round(restart.restoreSeconds()),
                round(restart.readySeconds()), round(restart.firstReadinessSeconds()), changelogRecords, restored, Math.round(recordsPerSecond),
                Math.round(StateCost.restoreRate(changelogRecords, restart.readySeconds())));
        StateReport.Hour hour = StateReport.Hour.of(cost, hourRate, changelogRecords, changelogBytes, localBytes, recordsPerSecond,
                restart.startupSeconds());
        String command = String.format("./ost bench --state --minutes %d --rate %d%s", minutes, rate, hourRate == 10000 ? "" : " --hour-rate " + hourRate);
        List<String> notes = List.of(
                "changelog sizes are before compaction: the log cleaner compacts closed segments only (1 GiB or 7 days by default), so a "
                        + "short run's changelogs are all in their active segment, every record written still there; this is what the broker "
                        + "holds until compaction, after which a changelog keeps one record per live key",
                "changelog records are end offsets less start offsets: under exactly-once they include one transaction marker per "
                        + "partition per commit; restored_records is what Kafka Streams logged it restored (data records only)",
                "the repartition topic is purged (deleteRecords) as stage 2 commits; its size on the broker is what the broker still "
                        + "held, including segments below the purge point not yet deleted",
                "local stores are RocksDB's files on disk under the state directory: writes still in memtables (bounded by "
                        + "ost.chart.rocksdb-memory) or in the write-behind store's buffer are not counted",
                "restore: chart-service (static membership, instance id " + INSTANCE_ID + ", as deployed) killed with SIGKILL and started "
                        + "on the same state directory, which it wipes after an unclean end; the restore rate is the changelog records over "
                        + "the time from its HTTP port answering to readiness 200 with Kafka Streams RUNNING (joining the group included, "
                        + "JVM and Spring start-up not)",
                "one hour at --hour-rate is an extrapolation, linear in plays from this run's mix and at this run's restore rate");
        return new StateReport(LocalDate.now(ZoneOffset.UTC).toString(), command, APPLICATION_ID, rate, minutes, run, plays, changelogs,
                changelogTotal, repartition, localStores, StateReport.Part.local("total", localBytes, cost),
                StateReport.Part.local("total", localAfter.values().stream().mapToLong(Long::longValue).sum(), cost), restore, hour, notes);
    }

    /** Waits until chart-service has committed everything on ost.plays.v1, then (bounded, best effort) on its repartition topic. */
    private void awaitCaughtUp(BenchTools.PlaysOffsets offsets, Admin admin) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        long lag = offsets.lag(APPLICATION_ID);
        say("state: waiting for chart-service to catch up (lag %,d plays; at most %d min)", lag, CATCH_UP_TIMEOUT.toMinutes());
        while (lag > 0) {
            if (System.nanoTime() >= deadline) {
                throw new StackException(String.format("chart-service still lags %,d plays after %d min", lag, CATCH_UP_TIMEOUT.toMinutes()));
            }
            Thread.sleep(1000); // polling the group's lag, as an operator's dashboard does
            lag = offsets.lag(APPLICATION_ID);
        }
        deadline = System.nanoTime() + REPARTITION_TIMEOUT.toNanos();
        long internal = internalLag(admin);
        while (internal > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500); // polling the group's lag on the partials between the stages
            internal = internalLag(admin);
        }
        say("state: chart-service caught up%s", internal > 0 ? String.format(" (stage 2 still %,d partials behind)", internal) : "");
    }

    /** chart-service's lag on its own topics (the partials between the stages): their end less its committed offsets. */
    private static long internalLag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> internal = committed.keySet().stream().filter(p -> p.topic().startsWith(APPLICATION_ID + "-"))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        if (internal.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(internal).all().get();
        return ends.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset())).sum();
    }

    /** chart-service's counters from its Prometheus endpoint, summed over tasks. */
    private static StateReport.Plays plays(ServiceProcess chart) throws IOException {
        HttpResponse<String> response = chart.get("/actuator/prometheus");
        if (response.statusCode() != 200) {
            throw new StackException("chart-service's /actuator/prometheus answered " + response.statusCode() + "; see " + chart.log());
        }
        String body = response.body();
        return new StateReport.Plays(counter(body, "plays_counted_total"), counter(body, "plays_duplicate_total"),
                counter(body, "plays_ineligible_total"), counter(body, "plays_late_total"));
    }

    /**
     * The sum of every sample in Prometheus text {@code exposition} of a metric whose name ends with {@code _<suffix>}
     * (Micrometer names the engine's {@code plays-counted} of group {@code ost-chart-metrics}
     * {@code kafka_ost_chart_plays_counted_total}, one sample per task).
     */
    static long counter(String exposition, String suffix) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = line.indexOf(' ');
            int nameEnd = labels >= 0 && labels < space ? labels : space;
            if (nameEnd < 0 || !line.substring(0, nameEnd).endsWith("_" + suffix)) {
                continue;
            }
            int valueStart = labels >= 0 && labels < space ? line.indexOf('}', labels) + 1 : nameEnd;
            sum += Double.parseDouble(line.substring(valueStart).trim().split("\\s+")[0]);
        }
        return Math.round(sum);
    }

    /** One of chart-service's topics on the broker: which store (or "partials"), its bytes and its records (offsets). */
    record TopicState(String topic, String part, boolean changelog, int partitions, long bytes, long records) {
    }

    /** Every {@code <application.id>-*-changelog} and {@code -repartition} topic: size on the broker (log dirs) and offsets. */
    private static Map<String, TopicState> topics(Admin admin) throws Exception {
        String prefix = APPLICATION_ID + "-";
        List<String> names = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix))
                .filter(t -> t.endsWith("-changelog") || t.endsWith("-repartition")).sorted().toList();
        List<TopicPartition> partitions = admin.describeTopics(names).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        Map<TopicPartition, Long> sizes = new HashMap<>();
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                dir.replicaInfos().forEach((partition, replica) -> sizes.merge(partition, replica.size(), Long::sum));
            }
        }
        Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
        Map<String, TopicState> topics = new TreeMap<>();
        for (String name : names) {
            List<TopicPartition> of = partitions.stream().filter(p -> p.topic().equals(name)).toList();
            boolean changelog = name.endsWith("-changelog");
            String part = name.substring(prefix.length(), name.length() - (changelog ? "-changelog" : "-repartition").length());
            topics.put(name, new TopicState(name, part, changelog, of.size(), of.stream().mapToLong(p -> sizes.getOrDefault(p, 0L)).sum(),
                    of.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum()));
        }
        return topics;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec))).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Bytes on disk under the application's state folder, per store: a task's {@code rocksdb/<store>/} (all tasks
     * together); anything else (checkpoints, locks, metadata) is "other". Files RocksDB deletes while it is walked are skipped.
     */
    static Map<String, Long> localStores(Path applicationDir) {
        Map<String, Long> stores = new TreeMap<>();
        if (!Files.isDirectory(applicationDir)) {
            return stores;
        }
        try {
            Files.walkFileTree(applicationDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path relative = applicationDir.relativize(file);
                    boolean store = relative.getNameCount() > 3 && relative.getName(1).toString().equals("rocksdb");
                    stores.merge(store ? relative.getName(2).toString() : "other", attributes.size(), Long::sum);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted by a compaction while walked
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + applicationDir, e);
        }
        return stores;
    }

    /**
     * What the crash and the restart took, in seconds from the restart, and chart-service's log since it.
     *
     * @param startupSeconds        until its HTTP port answered
     * @param firstReadinessSeconds until readiness first answered 200
     * @param readySeconds          until readiness answered 200 with Kafka Streams RUNNING in its log
     */
    record Restart(double startupSeconds, double firstReadinessSeconds, double readySeconds, String log) {
        double restoreSeconds() {
            return readySeconds - startupSeconds;
        }
    }

    /** SIGKILL, then a restart with the same arguments and state directory, timed until it is ready again. */
    private Restart crashAndRestart(ServiceProcess chart) throws InterruptedException {
        long logStart = size(chart.log());
        chart.crash();
        say("state: chart-service killed; restarting it on the same state directory");
        long restarted = System.nanoTime();
        chart.restart();
        long deadline = restarted + RESTORE_TIMEOUT.toNanos();
        double up = -1;
        double firstReady = -1;
        double running = -1;
        String log = "";
        while (true) {
            chart.checkAlive();
            int status = chart.status(Service.CHART.readiness());
            double now = (System.nanoTime() - restarted) / 1e9;
            if (status != 0 && up < 0) {
                up = now;
            }
            if (status == 200 && firstReady < 0) {
                firstReady = now;
            }
            if (running < 0) {
                log = tail(chart.log(), logStart);
                if (RUNNING.matcher(log).find()) {
                    running = now;
                }
            }
            if (status == 200 && running >= 0) {
                Restart restart = new Restart(up, firstReady, Math.max(now, running), tail(chart.log(), logStart));
                say("state: chart-service ready %.1f s after the restart (HTTP up after %.1f s)", restart.readySeconds(), up);
                return restart;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("chart-service was not ready within " + RESTORE_TIMEOUT.toMinutes() + " min of its restart; see " + chart.log());
            }
            Thread.sleep(100); // polling readiness and the log, bounded by the deadline above
        }
    }

    /** Records Kafka Streams said it restored, per store, from its "Finished restoring changelog" lines in {@code log}. */
    static Map<String, Long> restoredByStore(String log) {
        Map<String, Long> stores = new TreeMap<>();
        Matcher matcher = RESTORED.matcher(log);
        while (matcher.find()) {
            stores.merge(matcher.group(2), Long.parseLong(matcher.group(3)), Long::sum);
        }
        return stores;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** The file from {@code offset} on. */
    private static String tail(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] bytes = new byte[(int) Math.max(0, length - offset)];
            in.seek(Math.min(offset, length));
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static double round(double seconds) {
        return StateReport.round(seconds, 2);
    }

    private void say(String format, Object... args) {
        out.printf("ost: " + format + "%n", args);
        out.flush();
    }
}
