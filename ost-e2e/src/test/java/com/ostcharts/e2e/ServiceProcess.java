package com.ostcharts.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** One service's executable jar, run as its own process the way {@code ./ost up} runs it. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;
    final int port;

    private ServiceProcess(String name, List<String> command, Path log, int port) throws IOException {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.port = port;
        this.process = launch();
    }

    private Process launch() throws IOException {
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // Children outlive a test JVM that dies or is stopped: never leave a service running after the build.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        return started;
    }

    /** Starts {@code <module>/target/<module>-<version>-exec.jar} with the given arguments ({@code {port}} is replaced), logging to {@code logs/<module>.log}. */
    static ServiceProcess start(Path logs, String module, List<String> args) throws IOException {
        Path jar = jar(module);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build from the root (./ost test, or ./mvnw verify)");
        }
        int port = freePort();
        String java = java();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        args.forEach(arg -> command.add(arg.replace("{port}", Integer.toString(port))));
        Path log = logs.resolve(module + ".log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        return new ServiceProcess(module, command, log, port);
    }

    /** Kills the process without a chance to shut down cleanly (SIGKILL), as a crashed machine would. */
    void crash() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts it again with the same arguments, port and state. */
    void restart() throws IOException {
        process = launch();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static Path jar(String module) {
        Path root = Path.of(System.getProperty("ost.root", ".."));
        return root.resolve(module).resolve("target").resolve(module + "-" + System.getProperty("ost.version") + "-exec.jar");
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A bounded wait for the readiness endpoint to answer 200; fails early if the process died. */
    ServiceProcess awaitReady(String readinessPath, Duration timeout) {
        await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            return status(readinessPath) == 200;
        });
        return this;
    }

    /** The status of a GET, or 0 while the port refuses connections. */
    int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Graceful first (SIGTERM), as an orchestrator would stop it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
