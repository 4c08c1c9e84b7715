package com.ostcharts.e2e;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.testkafka.RealKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The three services as processes on one real broker, started and stopped the way {@code ./ost up} does it. */
record ServiceStack(ServiceProcess ingest, ServiceProcess chart, ServiceProcess gateway) implements AutoCloseable {

    static final String LISTENER_HASH_SECRET = "e2e-listener-hash-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Creates the contract's topics, starts the services with {@code apiKey} for writes, and waits until all are ready.
     * Their logs go to {@code target/e2e-logs/<name>/}.
     */
    static ServiceStack start(String name, RealKafka kafka, String apiKey) throws IOException {
        return start(name, kafka, apiKey, TopicLayout.LOCAL);
    }

    /** As {@link #start(String, RealKafka, String)}, with chart-service's internal topics replicated as {@code layout} says. */
    static ServiceStack start(String name, RealKafka kafka, String apiKey, TopicLayout layout) throws IOException {
        Path logs = Path.of("target", "e2e-logs", name);
        kafka.createContractTopics(layout);
        String bootstrap = kafka.bootstrapServers();
        int replicas = layout.replicationFactor();
        ServiceStack stack = new ServiceStack(
                ServiceProcess.start(logs, "ingest-service", List.of("--server.port={port}", "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--ost.ingest.api-keys=" + apiKey, "--ost.ingest.listener-hash-secret=" + LISTENER_HASH_SECRET)),
                ServiceProcess.start(logs, "chart-service", List.of("--server.port={port}", "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("e2e-chart-state"),
                        "--spring.kafka.streams.replication-factor=" + replicas,
                        "--spring.kafka.streams.properties.topic.min.insync.replicas=" + (replicas >= 3 ? 2 : 1))),
                ServiceProcess.start(logs, "api-gateway", List.of("-micronaut.server.port={port}", "-ost.kafka.bootstrap-servers=" + bootstrap)));
        try {
            stack.ingest.awaitReady("/actuator/health/readiness", START_TIMEOUT);
            stack.awaitChartServiceReady();
            stack.gateway.awaitReady("/health/readiness", START_TIMEOUT);
            return stack;
        } catch (RuntimeException e) {
            stack.close(); // the test class never gets a stack to close: stop what started
            throw e;
        }
    }

    void awaitChartServiceReady() {
        chart.awaitReady("/actuator/health/readiness", START_TIMEOUT);
    }

    /** Gateway first, ingest last: nothing is accepted that the rest cannot see. */
    @Override
    public void close() {
        for (ServiceProcess service : List.of(gateway, chart, ingest)) {
            service.close();
        }
    }
}
