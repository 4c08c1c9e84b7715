package com.ostcharts.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** One service's executable jar running as its own process on a known port (see {@link Launcher#start}). */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final ChildProcess process;
    private final int port;

    ServiceProcess(Service service, ChildProcess process, int port) {
        this.service = service;
        this.process = process;
        this.port = port;
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return process.log();
    }

    public void checkAlive() {
        process.checkAlive();
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A bounded wait for the readiness path to answer 200; fails early, naming the log, if the process ends. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(service.readiness()) != 200) {
            process.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new StackException(service.module() + " was not ready within " + timeout.toSeconds() + " s; see " + log());
            }
            try {
                Thread.sleep(250); // polling a server's readiness, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + service.module(), e);
            }
        }
        return this;
    }

    /** The status of a GET, or 0 while the port refuses connections. */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    public HttpResponse<String> get(String path) throws IOException {
        try {
            return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Kills it (SIGKILL), as a crashed machine would. */
    public void crash() {
        process.crash();
    }

    /** Starts it again with the same arguments, port and state. */
    public void restart() {
        process.restart();
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.close();
    }
}
