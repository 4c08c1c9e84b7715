package com.ostcharts.e2e;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.testkafka.RealKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** The three services as processes on one real broker, started and stopped the way {@code ./ost up} does it. */
record ServiceStack(ServiceProcess ingest, ServiceProcess chart, ServiceProcess gateway) implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** Creates the contract's topics, starts the services with {@code apiKey} for writes, and waits until all are ready. */
    static ServiceStack start(RealKafka kafka, String apiKey) throws IOException {
        kafka.createContractTopics(TopicLayout.LOCAL);
        String bootstrap = kafka.bootstrapServers();
        ServiceStack stack = new ServiceStack(
                ServiceProcess.start("ingest-service", List.of("--server.port={port}", "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--ost.ingest.api-keys=" + apiKey, "--ost.ingest.listener-hash-secret=e2e-listener-hash-secret")),
                ServiceProcess.start("chart-service", List.of("--server.port={port}", "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("e2e-chart-state"))),
                ServiceProcess.start("api-gateway", List.of("-micronaut.server.port={port}", "-ost.kafka.bootstrap-servers=" + bootstrap)));
        stack.ingest.awaitReady("/actuator/health/readiness", START_TIMEOUT);
        stack.awaitChartServiceReady();
        stack.gateway.awaitReady("/health/readiness", START_TIMEOUT);
        return stack;
    }

    void awaitChartServiceReady() {
        chart.awaitReady("/actuator/health/readiness", START_TIMEOUT);
    }

    /** Gateway first, ingest last: nothing is accepted that the rest cannot see. */
    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : List.of(gateway, chart, ingest)) {
            service.close();
        }
    }
}
