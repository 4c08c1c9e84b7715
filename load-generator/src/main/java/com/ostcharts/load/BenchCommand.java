package com.ostcharts.load;

import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Topics;
import com.ostcharts.stack.ChildProcess;
import com.ostcharts.stack.Jvm;
import com.ostcharts.stack.KafkaBroker;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ost-load bench [--quick]}, what {@code ./ost bench} runs: each part of OST Charts beside its baseline, on the same
 * broker in the same run (ours, then its baseline), on the local stack's ports plus 10,000 so that a running
 * {@code ./ost up} is not disturbed. The services start through the stack launcher, as {@code ./ost up} starts them.
 * Writes {@code bench/results/latest.json}, a dated report and the table in {@code BENCHMARKS.md}; a failed
 * verification fails the command. See BENCHMARKS.md for what each pair means.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure each part against its baseline in one run (about 30 min; --quick about 6).")
final class BenchCommand implements Callable<Integer> {

    static final String API_KEY = "bench-api-key";
    /**
     * Ingest's settings for the bench's and the soak's stacks (the local profile's key is not used). The key's quota
     * (200,000 plays a second by default, above what ingest takes here) is raised out of reach, so a faster machine's
     * flat-out step still measures ingest rather than the quota, with the quota's cost in it.
     */
    static final List<String> INGEST_ARGS = List.of("--ost.ingest.api-keys=" + API_KEY, "--ost.ingest.listener-hash-secret=bench-listener-hash-secret",
            "--ost.ingest.rate-limit.quota=100000000");
    /**
     * The gateway's settings for the bench's, the soak's, the capacity, state and scale runs' stacks: every request
     * there comes from one address (wrk's 64 connections, the freshness probes, the verifier's pass over every chart,
     * the archive reads), far past a client's default read budget (1,000 answers a second). The budget is raised out of
     * reach rather than switched off, so the plain path is measured with the limiter's cost in it, as it is served.
     */
    static final List<String> GATEWAY_ARGS = List.of("-ost.gateway.rate-limit.quota=100000000");
    /** Ingest and chart-service at 1 GB here only: see {@link Jvm#serviceFlags(String)}. */
    private static final String FLAT_OUT_HEAP = "1g";
    /** Listeners of the flat-out steps' plays (about 4.5 million within the hour with the warm-up). */
    private static final String FLAT_OUT_LISTENERS = "2000000";
    private static final int NGINX_PORT = 18090;
    private static final String CHART_PATH = "/api/v1/charts/global/24h";

    /**
     * How much each step does: raw producer records, seconds of each timed step, and at most how many plays ingest writes.
     * Before their measured runs, the raw producer and ingest are each warmed with {@code warmupRecords} of the same
     * traffic (ingest for at most {@code warmupSeconds}), so both figures are of warm JVMs, as a running service is: cold,
     * ingest's JIT took about 30 s of flat-out traffic to reach its steady rate, the raw producer's a few seconds; after
     * 3,000,000 plays ingest still gained a fifth. The measured run is long enough (about 10 s) that one stall is not the figure.
     */
    record Plan(String mode, long rawRecords, long warmupRecords, int warmupSeconds, int ingestSeconds, int wrkSeconds, int freshSeconds,
                int verifySeconds, long streamRecords, int loadSeconds) {
        static final Plan QUICK = new Plan("quick", 300_000, 300_000, 5, 10, 5, 10, 10, 300_000, 5);
        static final Plan FULL = new Plan("full", 3_000_000, 6_000_000, 40, 45, 20, 45, 60, 3_000_000, 20);
    }

    /** The open-model overload: this many times ingest's measured maximum, in requests of this many plays. */
    private static final int OVERLOAD_FACTOR = 4;
    /**
     * Requests in flight at once when ingest's maximum and its latency at half of it are measured: a pool of connections,
     * as a client library or a proxy in front holds. An open loop that opens a connection per request in flight grows to
     * thousands of them at the first stall, and every request's cost with them (ingest-service/DESIGN.md); that is the
     * overload step's hostile client, not a client at half the maximum. A request that finds no free connection waits,
     * and the wait is counted: latency runs from when it was due.
     */
    static final int CLIENT_CONNECTIONS = 64;
    /** The overload step's client: a connection per request in flight, however many, as a load-test harness does. */
    private static final String UNBOUNDED = "100000";
    private static final int OVERLOAD_BATCH = 100;

    @Option(names = "--quick", description = "shorter steps, about 3 minutes")
    boolean quick;
    @Option(names = "--root", description = "the clone (default: the one whose build holds this jar)")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Plan plan = quick ? Plan.QUICK : Plan.FULL;
        Path clone = root != null ? root : Launcher.defaultRoot();
        Ports ports = Ports.BENCH;
        List<Integer> needed = new ArrayList<>(ports.all());
        needed.add(NGINX_PORT);
        Ports.requireFree(needed, "is another ./ost bench running?");
        Path work = Launcher.freshFolder(clone.resolve("bench/work"));
        Launcher launcher = new Launcher(clone, work.resolve("logs"));
        Path loadJar = launcher.requireJar("load-generator");
        long started = System.nanoTime();
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            say("bench (%s): starting Kafka on :%d", plan.mode(), ports.kafka());
            KafkaBroker kafka = push(running, launcher.startBroker(work, ports));
            String bootstrap = kafka.bootstrapServers();

            say("1/8 raw producer baseline: ProducerPerformance, %,d records of ingest's own payloads after %,d to warm it",
                    plan.rawRecords(), plan.warmupRecords());
            ProducerPerformanceResult raw = rawProducer(launcher, work, bootstrap, plan);
            say("raw producer: %,.0f records/s, p99 %d ms", raw.recordsPerSecond(), raw.p99());

            say("2/8 HTTP ingest: NDJSON batches of 1,000 built before the clock starts (as ProducerPerformance reads its payloads), "
                    + "as fast as ingest acknowledges, up to %ds or %,d plays",
                    plan.ingestSeconds(), plan.streamRecords());
            ServiceProcess ingest = push(running, launcher.start(Service.INGEST, ports.ingest(), bootstrap, INGEST_ARGS, FLAT_OUT_HEAP))
                    .awaitReady(Stack.START_TIMEOUT);
            say("the demo catalog through ingest (%,d tracks): drama and artist charts on", DemoCatalog.putAll(new IngestClient(URI.create(url(ingest)), API_KEY)));
            // Not measured; its plays stay on the topic, so steps 3 and 4 count them too, both over the same plays. Millions of
            // plays within the hour come from as many listeners: from the default 100,000, a drama's plays per listener would
            // pass the contract's concentration threshold, and the verified step would find steady traffic flagged.
            say("warming ingest: up to %ds or %,d plays of the same traffic", plan.warmupSeconds(), plan.warmupRecords());
            run("--target", "ingest", "--ingest", url(ingest), "--api-key", API_KEY, "--rate", "0", "--batch", "1000", "--concurrency", "8",
                    "--duration", plan.warmupSeconds() + "s", "--events", Long.toString(plan.warmupRecords()), "--listeners", FLAT_OUT_LISTENERS,
                    "--report", work.resolve("ingest-warmup.json").toString());
            RunReport ingestRun = run("--target", "ingest", "--ingest", url(ingest), "--api-key", API_KEY, "--listeners", FLAT_OUT_LISTENERS,
                    "--rate", "0", "--batch", "1000",
                    "--concurrency", "8", "--duration", plan.ingestSeconds() + "s", "--events", Long.toString(plan.streamRecords()),
                    "--prebuilt", "--report", work.resolve("ingest.json").toString());

            say("3/8 bare Kafka Streams count() over what ingest wrote (exactly-once, same partitions)");
            BenchTools.CatchUpResult bare;
            try (ChildProcess bareCount = ChildProcess.start("bare-count", List.of(Jvm.java(), "-Xmx1g", "-XX:+UseParallelGC",
                    "-jar", loadJar.toString(), "bare-count", "--bootstrap-servers", bootstrap, "--application-id", "bench-bare-count",
                    "--state-dir", work.resolve("bare-state").toString()), launcher.log("bare-count"))) {
                bare = catchUp(bootstrap, "bench-bare-count", work.resolve("bare.json"));
            }
            say("3/8 the counting rules alone in plain Kafka Streams (parse, filter, a dedupe store), then the same count()");
            BenchTools.CatchUpResult bareRules;
            try (ChildProcess rulesCount = ChildProcess.start("bare-rules", List.of(Jvm.java(), "-Xmx1g", "-XX:+UseParallelGC",
                    "-jar", loadJar.toString(), "bare-count", "--dedupe", "--bootstrap-servers", bootstrap, "--application-id", "bench-bare-rules",
                    "--state-dir", work.resolve("bare-rules-state").toString()), launcher.log("bare-rules"))) {
                bareRules = catchUp(bootstrap, "bench-bare-rules", work.resolve("bare-rules.json"));
            }

            say("4/8 chart-service, all charts on (tracks, dramas, artists, listeners), over the same plays");
            ServiceProcess chartService = push(running, launcher.start(Service.CHART, ports.chart(), bootstrap, List.of("--spring.kafka.streams.application-id=bench-chart-service",
                    "--spring.kafka.streams.state-dir=" + work.resolve("chart-state")), FLAT_OUT_HEAP));
            BenchTools.CatchUpResult chart = catchUp(bootstrap, "bench-chart-service", work.resolve("chart.json"));

            say("5/8 gateway vs nginx on the same bytes: GET %s, wrk -t2 -c64 -d%ds", CHART_PATH, plan.wrkSeconds());
            ServiceProcess gateway = push(running, launcher.start(Service.GATEWAY, ports.gateway(), bootstrap, GATEWAY_ARGS)).awaitReady(Stack.START_TIMEOUT);
            push(running, nginx(launcher, work, get(url(gateway) + CHART_PATH).body()));
            String gatewayUrl = url(gateway) + CHART_PATH;
            String nginxUrl = "http://127.0.0.1:" + NGINX_PORT + CHART_PATH;
            String gatewayEtag = etag(gatewayUrl);
            String nginxEtag = etag(nginxUrl);
            // Warm both servers first (the JIT, caches), so the timed runs compare steady states.
            wrk(launcher, work, "warm-gateway", plan, gatewayUrl);
            wrk(launcher, work, "warm-nginx", plan, nginxUrl);
            WrkResult gateway200;
            long gatewayRssKib;
            try (RssSampler rss = new RssSampler(Duration.ofMillis(500), List.of(gateway.pid()))) {
                gateway200 = wrk(launcher, work, "gateway", plan, "--latency", gatewayUrl);
                gatewayRssKib = rss.maxKib(0);
            }
            WrkResult nginx200 = wrk(launcher, work, "nginx", plan, "--latency", nginxUrl);
            WrkResult gateway304 = wrk(launcher, work, "gateway-304", plan, "--latency", "-H", "If-None-Match: " + gatewayEtag, gatewayUrl);
            WrkResult nginx304 = wrk(launcher, work, "nginx-304", plan, "--latency", "-H", "If-None-Match: " + nginxEtag, nginxUrl);
            say("requests/s: gateway %,.0f, nginx %,.0f; 304s: gateway %,.0f, nginx %,.0f", gateway200.requestsPerSecond(),
                    nginx200.requestsPerSecond(), gateway304.requestsPerSecond(), nginx304.requestsPerSecond());

            int rate = (int) Math.min(ingestRun.acceptedPerSecond(), chart.perSecond()) / 2;
            say("6/8 freshness at half the sustainable rate (%,d plays/s), then a verified steady run", rate);
            RunReport freshness = run("--ingest", url(ingest), "--api-key", API_KEY, "--gateway", url(gateway), "--rate", Integer.toString(rate),
                    "--batch", "500", "--duration", plan.freshSeconds() + "s", "--freshness", "--report", work.resolve("freshness.json").toString());
            RunReport verified = run("--ingest", url(ingest), "--api-key", API_KEY, "--gateway", url(gateway), "--bootstrap-servers", bootstrap,
                    "--rate", "500", "--batch", "100", "--duration", plan.verifySeconds() + "s", "--verify", "--settle", "120s",
                    "--report", work.resolve("verify.json").toString());

            say("7/8 ingest under load: open-loop latency at half its own maximum (requests of 1,000, 100 and 1 play), then an "
                    + "open-model overload at %dx its maximum; chart-service stopped meanwhile, as in step 2", OVERLOAD_FACTOR);
            // Ingest alone on the cores with the broker, as when its maximum (step 2) and the raw producer were measured: with
            // chart-service counting this step's own plays flat out beside it, the latency measured the 2-core machine's sharing.
            chartService.close();
            BenchResult.IngestUnderLoad underLoad = ingestUnderLoad(ingest, ingestRun, work, plan);
            chartService.restart();
            chartService.awaitReady(Stack.START_TIMEOUT);

            // Last, so that the steps before it run as they did before chart history existed: their figures stay comparable.
            ArchiveReadBench.Plan archivePlan = quick ? ArchiveReadBench.Plan.QUICK : ArchiveReadBench.Plan.FULL;
            say("8/8 chart history: %d days of global %s archived straight to %s, then the gateway's read latency beside its live chart",
                    archivePlan.days(), archivePlan.windows().stream().map(ChartWindow::label).toList(), Topics.CHARTS_ARCHIVE.name());
            BenchResult.ArchiveReads archive = ArchiveReadBench.run(bootstrap, URI.create(url(gateway)), archivePlan,
                    () -> awaitCaughtUp(bootstrap, "bench-chart-service"), out);
            say(archive.note() == null ? "chart history: p99 one archived chart %s ms, 400-day trajectory %s ms; live chart %s ms"
                    : "chart history: not measured (%4$s)", archive.archivedChart() == null ? "n/a" : archive.archivedChart().p99Ms(),
                    archive.trajectory() == null ? "n/a" : archive.trajectory().p99Ms(), archive.liveChart() == null ? "n/a" : archive.liveChart().p99Ms(),
                    archive.note());

            BenchResult result = new BenchResult(LocalDate.now(ZoneOffset.UTC).toString(), plan.mode(), Runtime.getRuntime().availableProcessors(),
                    "./ost bench" + (quick ? " --quick" : ""),
                    BenchResult.ratio(ingestRun.acceptedPerSecond(), raw.recordsPerSecond()),
                    new BenchResult.Ingest(ingestRun.acceptedPerSecond(), raw.recordsPerSecond(), ingestRun.latencyMs(), BenchResult.RawLatency.of(raw)),
                    BenchResult.ratio(chart.perSecond(), bare.perSecond()),
                    new BenchResult.Chart(chart.perSecond(), bare.perSecond(), bareRules.perSecond(), chart.records()),
                    BenchResult.ratio(gateway200.requestsPerSecond(), nginx200.requestsPerSecond()),
                    new BenchResult.Gateway(gateway200.requestsPerSecond(), nginx200.requestsPerSecond(), gateway304.requestsPerSecond(),
                            nginx304.requestsPerSecond(), gateway200.latency(), nginx200.latency(), Math.round(gatewayRssKib / 1024.0)),
                    freshness.freshnessMs().p99(), new BenchResult.Freshness(rate, freshness.freshnessMs()),
                    verified.verify().mismatches(), verified.verify().lost(), verified.verify(), underLoad,
                    archive.ratioToLive(archive.archivedChart()), archive.ratioToLive(archive.trajectory()), archive);
            out.print(BenchReport.write(result, clone.resolve("bench/results"), clone.resolve("BENCHMARKS.md")));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            say("bench done in %d min %d s: bench/results/latest.json, BENCHMARKS.md", seconds / 60, seconds % 60);
            if (!verified.verified()) {
                spec.commandLine().getErr().printf("ost: VERIFY FAILED: %d acknowledged plays lost, %d charts differ (see %s)%n",
                        verified.verify().lost(), verified.verify().mismatches(), work.resolve("verify.json"));
                return 1;
            }
            return 0;
        } finally {
            while (!running.isEmpty()) {
                running.pop().close();
            }
        }
    }

    /**
     * Latency at half ingest's own maximum for each request size (the maximum measured for that size first, except for
     * batches of 1,000, which step 2 measured), open loop; then an open-model overload: requests at a fixed rate whatever
     * the answers, {@link #OVERLOAD_FACTOR} times the maximum, with ingest's resident memory sampled, and the seconds
     * until a single play is accepted again once it ends.
     */
    private BenchResult.IngestUnderLoad ingestUnderLoad(ServiceProcess ingest, RunReport flatOut, Path work, Plan plan) throws Exception {
        List<BenchResult.LatencyAtHalfRate> latencies = new ArrayList<>();
        for (int batch : List.of(1000, 100, 1)) {
            RunReport max = batch == 1000 ? flatOut : run("--target", "ingest", "--ingest", url(ingest), "--api-key", API_KEY, "--rate", "0",
                    "--batch", Integer.toString(batch), "--concurrency", Integer.toString(CLIENT_CONNECTIONS), "--duration", plan.loadSeconds() + "s",
                    "--report", work.resolve("ingest-max-" + batch + ".json").toString());
            int half = (int) Math.max(1, max.acceptedPerSecond() / 2);
            RunReport open = run("--target", "ingest", "--ingest", url(ingest), "--api-key", API_KEY, "--rate", Integer.toString(half),
                    "--batch", Integer.toString(batch), "--concurrency", Integer.toString(CLIENT_CONNECTIONS), "--duration", plan.loadSeconds() + "s",
                    "--report", work.resolve("ingest-half-" + batch + ".json").toString());
            latencies.add(new BenchResult.LatencyAtHalfRate(batch, Math.round(max.acceptedPerSecond()), half, open.latencyMs(), open.clientLateMs()));
            say("requests of %,d: maximum %,.0f plays/s; at %,d/s open loop p50 %d ms, p99 %d ms, p99.9 %d ms", batch,
                    max.acceptedPerSecond(), half, open.latencyMs().p50(), open.latencyMs().p99(), open.latencyMs().p999());
        }
        int offered = (int) (flatOut.acceptedPerSecond() * OVERLOAD_FACTOR);
        RunReport overload;
        long peakRssKib;
        long peakHeapMb;
        KernelTcpCounters tcpBefore = KernelTcpCounters.read();
        try (RssSampler rss = new RssSampler(Duration.ofMillis(250), List.of(ingest.pid()));
             HeapSampler heap = new HeapSampler(URI.create(url(ingest)), Duration.ofMillis(250))) {
            overload = run("--target", "ingest", "--ingest", url(ingest), "--api-key", API_KEY, "--rate", Integer.toString(offered),
                    "--batch", Integer.toString(OVERLOAD_BATCH), "--concurrency", UNBOUNDED, "--duration", plan.loadSeconds() + "s",
                    "--report", work.resolve("ingest-overload.json").toString());
            peakRssKib = rss.maxKib(0);
            peakHeapMb = heap.peakMb();
        }
        say("the kernel's TCP counters over the overload: %s", KernelTcpCounters.read().since(tcpBefore));
        double secondsToNormal = secondsUntilAPlayIsAccepted(ingest);
        BenchResult.Overload result = new BenchResult.Overload(offered, OVERLOAD_BATCH, overload.seconds(), overload.sent(), overload.accepted(),
                overload.unavailable(), overload.failed(), overload.failedBy(), Math.round(peakRssKib / 1024.0), peakHeapMb, ingest.isAlive(), secondsToNormal);
        say("overload: offered %,d plays/s (sent %,d), accepted %,d, refused with 503 %,d, failed %,d %s; ingest peak RSS %,d MB, peak heap %,d MB, "
                + "alive %s; a single play accepted again %.1f s after", offered, result.sent(), result.accepted(), result.refused(),
                result.failed(), result.failedBy(), result.peakRssMb(), result.peakHeapMb(), result.alive(), secondsToNormal);
        return new BenchResult.IngestUnderLoad(latencies, result);
    }

    /**
     * Waits (at most 2 minutes) until chart-service has committed every play, so that the overload step's backlog is not
     * still being counted on the same cores while the gateway is timed.
     */
    private void awaitCaughtUp(String bootstrap, String group) {
        try (BenchTools.PlaysOffsets offsets = new BenchTools.PlaysOffsets(bootstrap)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            long lag = offsets.lag(group);
            while (lag > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500); // polling the group's committed offsets, as an operator's lag dashboard does
                lag = offsets.lag(group);
            }
            if (lag > 0) {
                say("chart-service still %,d plays behind after 2 min; timing the gateway anyway", lag);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            say("could not read chart-service's lag (%s); timing the gateway anyway", e.getMessage());
        }
    }

    /** Seconds until ingest answers a single play with 202 (a bounded wait: -1 after a minute). */
    private double secondsUntilAPlayIsAccepted(ServiceProcess ingest) throws InterruptedException {
        long start = System.nanoTime();
        for (int attempt = 0; System.nanoTime() - start < Duration.ofMinutes(1).toNanos(); attempt++) {
            String play = """
                    {"eventId":"bench-normal-%d","trackId":"bench-normal","listenerId":"bench-normal","platform":"melon","country":"KR","playedAt":"%s","msPlayed":200000}"""
                    .formatted(attempt, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ingest.uri("/api/v1/plays")).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(play)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException e) {
                // not answering yet: try again
            }
            Thread.sleep(100); // a client's retry pause, not a wait for a broker
        }
        return -1;
    }

    private ProducerPerformanceResult rawProducer(Launcher launcher, Path work, String bootstrap, Plan plan) throws IOException {
        Path payloads = work.resolve("payloads.txt");
        BenchTools.Payloads.write(payloads, 20_000);
        ChildProcess.run("creating topic bench.raw", launcher.kafkaCommand(List.of(), "org.apache.kafka.tools.TopicCommand",
                List.of("--bootstrap-server", bootstrap, "--create", "--topic", "bench.raw", "--partitions", "6", "--replication-factor", "1")),
                launcher.log("raw-topic"), Duration.ofMinutes(2));
        Path output = work.resolve("raw-producer.txt");
        ChildProcess.run("ProducerPerformance", launcher.kafkaCommand(List.of("-Xmx1g"), "org.apache.kafka.tools.ProducerPerformance",
                List.of("--bootstrap-server", bootstrap, "--topic", "bench.raw", "--num-records", Long.toString(plan.warmupRecords() + plan.rawRecords()),
                        "--warmup-records", Long.toString(plan.warmupRecords()),
                        "--payload-file", payloads.toString(), "--throughput", "-1", "--command-property", "acks=all", "enable.idempotence=true",
                        "compression.type=lz4", "linger.ms=5", "batch.size=131072")), output, Duration.ofMinutes(10));
        return ProducerPerformanceResult.parse(Files.readString(output))
                .orElseThrow(() -> new StackException("ProducerPerformance printed no summary line; see " + output));
    }

    private RunReport run(String... args) {
        return RunCommand.parse(out, args).execute();
    }

    private BenchTools.CatchUpResult catchUp(String bootstrap, String group, Path report) throws Exception {
        BenchTools.CatchUpResult result = BenchTools.CatchUp.measure(bootstrap, group, Duration.ofMinutes(10), 0);
        Reports.write(report, result);
        say("%s: %,d records in %.1f s, %,d/s%s", group, result.records(), result.seconds(), result.perSecond(),
                result.caughtUp() ? "" : " (did NOT catch up within 10 min)");
        return result;
    }

    /** nginx serving {@code body} at {@link #CHART_PATH}, with the cache header the gateway sends. */
    private ChildProcess nginx(Launcher launcher, Path work, String body) throws IOException {
        Path dir = work.resolve("nginx");
        Path file = dir.resolve("html" + CHART_PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, body);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %1$s/html;
                    location / { default_type application/json; add_header Cache-Control "public, max-age=1, must-revalidate"; }
                  }
                }
                """.formatted(dir, NGINX_PORT));
        ChildProcess nginx = ChildProcess.start("nginx", List.of("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;"),
                launcher.log("nginx"));
        nginx.awaitListening(NGINX_PORT, Duration.ofSeconds(10));
        return nginx;
    }

    private WrkResult wrk(Launcher launcher, Path work, String name, Plan plan, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c64", "-d" + plan.wrkSeconds() + "s"));
        command.addAll(List.of(args));
        Path output = name.startsWith("warm") ? launcher.log("wrk-" + name) : work.resolve("wrk-" + name + ".txt");
        ChildProcess.run("wrk (" + name + ")", command, output, Duration.ofSeconds(plan.wrkSeconds() + 60L));
        return WrkResult.parse(Files.readString(output)).orElseThrow(() -> new StackException("wrk printed no Requests/sec; see " + output));
    }

    private String etag(String url) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("ETag").orElseThrow(() -> new StackException(url + " sent no ETag"));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new StackException("GET " + url + " answered " + response.statusCode());
        }
        return response;
    }

    private static String url(ServiceProcess service) {
        return service.uri("").toString();
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> running, T started) {
        running.push(started);
        return started;
    }

    private void say(String format, Object... args) {
        out.printf("ost: " + format + "%n", args);
        out.flush();
    }
}
