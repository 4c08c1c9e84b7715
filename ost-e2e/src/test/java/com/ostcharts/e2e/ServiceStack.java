package com.ostcharts.e2e;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import com.ostcharts.testkafka.RealKafka;

import java.io.IOException;
import java.net.ServerSocket;
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
        Launcher launcher = new Launcher(Launcher.defaultRoot(), logs(name));
        kafka.createContractTopics(layout);
        String bootstrap = kafka.bootstrapServers();
        int replicas = layout.replicationFactor();
        List<ServiceProcess> started = new ArrayList<>();
        try {
            started.add(launcher.start(Service.INGEST, freePort(), bootstrap, List.of(
                    "--ost.ingest.api-keys=" + apiKey, "--ost.ingest.listener-hash-secret=" + LISTENER_HASH_SECRET)));
            started.add(launcher.start(Service.CHART, freePort(), bootstrap, List.of(
                    "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("e2e-chart-state"),
                    "--spring.kafka.streams.replication-factor=" + replicas,
                    "--spring.kafka.streams.properties.topic.min.insync.replicas=" + (replicas >= 3 ? 2 : 1))));
            started.add(launcher.start(Service.GATEWAY, freePort(), bootstrap, List.of()));
            started.forEach(service -> service.awaitReady(Stack.START_TIMEOUT));
            return new ServiceStack(started.get(0), started.get(1), started.get(2));
        } catch (RuntimeException | IOException e) {
            started.reversed().forEach(ServiceProcess::close); // the test class never gets a stack to close: stop what started
            throw e;
        }
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
