package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ostcharts.contract.Json;
import com.ostcharts.stack.Jvm;
import com.ostcharts.stack.Launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ost-load run --verify} as a process against a running stack: steady plays at a fixed rate, then the
 * verdict that every acknowledged play is on the topic and every chart equals the contract's reference charts.
 */
final class LoadRun implements AutoCloseable {

    private final Process process;
    private final Path report;
    private final Path log;
    private final long sendingUntil;

    private LoadRun(Process process, Path report, Path log, Duration duration) {
        this.process = process;
        this.report = report;
        this.log = log;
        this.sendingUntil = System.nanoTime() + duration.toNanos();
    }

    /**
     * 1,000 plays a second in batches of 100 over 300 tracks and 20,000 listeners, for {@code duration}. Steady traffic
     * must read as steady: with 2,000 listeners, two minutes put more than 4 plays per listener on the top track of the
     * 1-h chart, and the verifier rightly refuses steady entries marked concentrated.
     */
    static LoadRun start(String name, StackExtension stack, String apiKey, Duration duration) throws IOException {
        Path report = Path.of("target", "e2e-logs", name + "-verify.json");
        Path log = Path.of("target", "e2e-logs", name + "-load.log");
        Files.deleteIfExists(report); // never judge a run by an earlier run's report
        Process process = new ProcessBuilder(Jvm.java(), "-jar", new Launcher(Launcher.defaultRoot(), log.getParent()).requireJar("load-generator").toString(), "run",
                "--ingest", stack.ingest().uri("").toString(), "--api-key", apiKey, "--gateway", stack.gateway().uri("").toString(),
                "--bootstrap-servers", stack.kafka().bootstrapServers(), "--rate", "1000", "--batch", "100",
                "--duration", duration.toSeconds() + "s", "--tracks", "300", "--listeners", "20000",
                "--verify", "--settle", "90s", "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LoadRun(process, report, log, duration);
    }

    /**
     * A backfill: {@code events} plays spread over the past {@code days} days written straight to {@code ost.plays.v1}
     * in time order, as fast as Kafka takes them, then every live and archived chart verified. As many listeners as
     * the live runs have: with 2,000, a smaller country of the generator's mix has a fifteenth of them, and the top
     * track of its 7d chart comes, by the mix's arithmetic, to about 9.5 plays per listener against the contract's
     * threshold of 10: CI once saw this steady traffic marked concentrated.
     */
    static LoadRun backfill(String name, StackExtension stack, int days, int events) throws IOException {
        Path report = Path.of("target", "e2e-logs", name + "-verify.json");
        Path log = Path.of("target", "e2e-logs", name + "-load.log");
        Files.deleteIfExists(report);
        Process process = new ProcessBuilder(Jvm.java(), "-Xmx1g", "-jar",
                new Launcher(Launcher.defaultRoot(), log.getParent()).requireJar("load-generator").toString(), "run",
                "--target", "kafka", "--bootstrap-servers", stack.kafka().bootstrapServers(), "--gateway", stack.gateway().uri("").toString(),
                "--history-days", Integer.toString(days), "--events", Integer.toString(events), "--tracks", "300", "--listeners", "20000",
                "--verify", "--settle", "150s", "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LoadRun(process, report, log, Duration.ZERO);
    }

    /** Still within its sending time (after it, the process settles and verifies). */
    boolean isSending() {
        return process.isAlive() && System.nanoTime() < sendingUntil;
    }

    /** Waits (bounded) for the run and its verification to end; the report, with the exit code as {@code exit}. */
    JsonNode awaitVerdict(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ost-load did not finish within " + timeout + "; see " + log.toAbsolutePath());
        }
        if (!report.toFile().isFile()) {
            throw new AssertionError("ost-load exited with " + process.exitValue() + " and no report; see " + log.toAbsolutePath());
        }
        ObjectNode verdict = (ObjectNode) Json.MAPPER.readTree(report.toFile());
        return verdict.put("exit", process.exitValue());
    }

    /** A test that fails early must not leave the generator running. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
