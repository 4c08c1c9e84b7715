package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import com.ostcharts.testkafka.RealKafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three services as processes on a test's real broker, started by the stack launcher that {@code ./ost up} uses
 * (same jars, same JVM flags), on free ports. Only the broker differs: the test's in-JVM one, which fault tests stop.
 */
record ServiceStack(ServiceProcess ingest, ServiceProcess chart, ServiceProcess gateway) implements AutoCloseable {

    static final String LISTENER_HASH_SECRET = "e2e-listener-hash-secret";

    /**
     * Creates the contract's topics ({@code layout}), starts the services with {@code apiKey} for writes, and waits
     * until all are ready. Their logs go to {@code target/e2e-logs/<name>/}.
     */
    static ServiceStack start(String name, RealKafka kafka, String apiKey, TopicLayout layout) throws IOException {
        return start(name, kafka, apiKey, layout, List.of());
    }

    /** As {@link #start(String, RealKafka, String, TopicLayout)}, with {@code chartArgs} added to chart-service's. */
    static ServiceStack start(String name, RealKafka kafka, String apiKey, TopicLayout layout, List<String> chartArgs)
            throws IOException {
        Launcher launcher = new Launcher(Launcher.defaultRoot(), logs(name));
        kafka.createContractTopics(layout);
        String bootstrap = kafka.bootstrapServers();
        List<ServiceProcess> started = new ArrayList<>();
        try {
            started.add(launcher.start(Service.INGEST, freePort(), bootstrap, List.of(
                    "--ost.ingest.api-keys=" + apiKey, "--ost.ingest.listener-hash-secret=" + LISTENER_HASH_SECRET)));
            started.add(startChart(launcher, Service.CHART.module(), kafka, layout, chartArgs));
            started.add(startGateway(launcher, Service.GATEWAY.module(), kafka));
            started.forEach(service -> service.awaitReady(Stack.START_TIMEOUT));
            return new ServiceStack(started.get(0), started.get(1), started.get(2));
        } catch (RuntimeException | IOException e) {
            started.reversed().forEach(ServiceProcess::close); // the test class never gets a stack to close: stop what started
            throw e;
        }
    }

    /**
     * A chart-service instance named {@code name} (its log), same application id, a state directory of its own;
     * does not wait.
     */
    static ServiceProcess startChart(Launcher launcher, String name, RealKafka kafka, TopicLayout layout, List<String> args)
            throws IOException {
        int replicas = layout.replicationFactor();
        List<String> all = new ArrayList<>(List.of(
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("e2e-chart-state"),
                "--spring.kafka.streams.replication-factor=" + replicas,
                "--spring.kafka.streams.properties.topic.min.insync.replicas=" + (replicas >= 3 ? 2 : 1)));
        all.addAll(args);
        return launcher.start(name, Service.CHART, freePort(), kafka.bootstrapServers(), all);
    }

    /**
     * An api-gateway replica named {@code name} (its log); does not wait. Every request of a test comes from one
     * address, where in production it would come from many clients: its read budget is raised out of reach, as the
     * benchmark's is (the limits themselves are tested by the gateway's {@code RateLimitIT}).
     */
    static ServiceProcess startGateway(Launcher launcher, String name, RealKafka kafka) throws IOException {
        return launcher.start(name, Service.GATEWAY, freePort(), kafka.bootstrapServers(),
                List.of("-ost.gateway.rate-limit.quota=100000000"));
    }

    /** The plays on {@code gateway}'s {@code global/24h} chart, 0 until it has one. */
    static long playsOnGlobalChart(ServiceProcess gateway) throws IOException {
        HttpResponse<String> response = gateway.get("/api/v1/charts/global/24h");
        if (response.statusCode() != 200) {
            return 0;
        }
        long plays = 0;
        for (JsonNode entry : Json.MAPPER.readTree(response.body()).get("entries")) {
            plays += entry.get("plays").asLong();
        }
        return plays;
    }

    static Path logs(String name) {
        return Path.of("target", "e2e-logs", name);
    }

    void awaitChartServiceReady() {
        chart.awaitReady(Stack.START_TIMEOUT);
    }

    /** Gateway first, ingest last: nothing is accepted that the rest cannot see. */
    @Override
    public void close() {
        for (ServiceProcess service : List.of(gateway, chart, ingest)) {
            service.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
