package com.ostcharts.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * A process this JVM started, its output (stdout and stderr) appended to its own log file. No child outlives the
 * JVM: one shutdown hook stops every child still running, newest first (so services stop before their broker),
 * gracefully (SIGTERM, then SIGKILL after 30 s), whether the JVM ends normally or by SIGTERM or SIGINT.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Deque<ChildProcess> RUNNING = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAll, "ost-stack-stop-children"));
    }

    private final String name;
    private final List<String> command;
    private final Path log;
    private volatile Process process;

    private ChildProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /** Starts {@code command}, its output going to {@code log} (emptied first). */
    public static ChildProcess start(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess child = new ChildProcess(name, command, log);
        child.launch();
        return child;
    }

    /** Runs {@code command} to its end, bounded by {@code timeout}; fails, naming the log, unless it exits 0. */
    public static ChildProcess run(String name, List<String> command, Path log, Duration timeout) {
        ChildProcess child = start(name, command, log);
        int exit = child.awaitExit(timeout);
        if (exit != 0) {
            throw new StackException(name + " failed (exit " + exit + "); see " + log.toAbsolutePath());
        }
        return child;
    }

    private void launch() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new StackException("could not start " + name + " (" + command.getFirst() + "): " + e.getMessage(), e);
        }
        RUNNING.add(this);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log.toAbsolutePath();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails, naming the log, if the process has ended. */
    public void checkAlive() {
        Process current = process;
        if (!current.isAlive()) {
            throw new StackException(name + " exited with " + current.exitValue() + "; see " + log());
        }
    }

    /** A bounded wait until something accepts connections on {@code port}; fails early, naming the log, if this process ends. */
    public ChildProcess awaitListening(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.inUse(port)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new StackException(name + " did not listen on :" + port + " within " + timeout.toSeconds() + " s; see " + log());
            }
            try {
                Thread.sleep(250); // polling a port, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + name, e);
            }
        }
        return this;
    }

    /** Its exit code, waiting at most {@code timeout}; a process still running then is killed and fails. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new StackException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new StackException("interrupted while waiting for " + name, e);
        }
        RUNNING.remove(this);
        return process.exitValue();
    }

    /** Kills it without a chance to shut down cleanly (SIGKILL), as a crashed machine would. */
    public void crash() {
        RUNNING.remove(this);
        try {
            process.destroyForcibly().waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again, same command, same log (appended to). */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    /** Graceful first (SIGTERM), as an orchestrator would stop it; SIGKILL if it is still running after 30 s. */
    @Override
    public void close() {
        RUNNING.remove(this);
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void stopAll() {
        ChildProcess newest;
        while ((newest = RUNNING.pollLast()) != null) {
            stop(newest.process);
        }
    }
}
