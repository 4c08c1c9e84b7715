package com.ostcharts.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole local stack: the broker, then ingest-service, chart-service and api-gateway, started in that order and
 * awaited ready; closed in reverse (gateway, chart, ingest, broker), so nothing is accepted that the rest cannot see.
 */
public record Stack(KafkaBroker kafka, ServiceProcess ingest, ServiceProcess chart, ServiceProcess gateway) implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Starts the broker (data under {@code data}) and the three services on {@code ports}, each with its extra
     * {@code args}, and waits until all are ready. If any part fails, what had started is stopped.
     */
    public static Stack start(Launcher launcher, Path data, Ports ports, Map<Service, List<String>> args) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            KafkaBroker kafka = launcher.startBroker(data, ports);
            started.add(kafka);
            ServiceProcess[] services = new ServiceProcess[Service.values().length];
            for (Service service : Service.values()) {
                services[service.ordinal()] = launcher.start(service, ports.of(service), kafka.bootstrapServers(),
                        args.getOrDefault(service, List.of()));
                started.add(services[service.ordinal()]);
            }
            for (ServiceProcess service : services) {
                service.awaitReady(START_TIMEOUT);
            }
            return new Stack(kafka, services[Service.INGEST.ordinal()], services[Service.CHART.ordinal()], services[Service.GATEWAY.ordinal()]);
        } catch (RuntimeException e) {
            closeNewestFirst(started);
            throw e;
        }
    }

    public List<ServiceProcess> services() {
        return List.of(ingest, chart, gateway);
    }

    @Override
    public void close() {
        closeNewestFirst(List.of(kafka, ingest, chart, gateway));
    }

    private static void closeNewestFirst(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // stop the rest all the same
            }
        }
    }
}
