package com.ostcharts.stack;

import java.util.List;

/**
 * The three services: the module whose executable jar runs, its heap, where it says it is ready, and how it is told its
 * port and broker.
 */
public enum Service {
    INGEST("ingest-service", Jvm.DEFAULT_HEAP, "/actuator/health/readiness"),
    /**
     * 1 GB, about what Compose and Kubernetes give it (75 % of 1,280 MiB: 960 MiB): it keeps listener sketches and dedupe filters in its
     * heap, about 250 MB live under load with the demo catalog, and at 512 MB it collected in full every 10 s or so.
     */
    CHART("chart-service", "1g", "/actuator/health/readiness"),
    GATEWAY("api-gateway", Jvm.DEFAULT_HEAP, "/health/readiness");

    private final String module;
    private final String heap;
    private final String readiness;

    Service(String module, String heap, String readiness) {
        this.module = module;
        this.heap = heap;
        this.readiness = readiness;
    }

    public String module() {
        return module;
    }

    /** Its maximum heap ({@code -Xmx}) wherever the launcher starts it. */
    public String heap() {
        return heap;
    }

    /** The path that answers 200 once the service takes traffic. */
    public String readiness() {
        return readiness;
    }

    /** The port and the broker, as each framework takes them on its command line (Spring Boot: {@code --}, Micronaut: {@code -}). */
    public List<String> args(int port, String bootstrapServers) {
        return switch (this) {
            case INGEST, CHART -> List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + bootstrapServers);
            case GATEWAY -> List.of("-micronaut.server.port=" + port, "-ost.kafka.bootstrap-servers=" + bootstrapServers);
        };
    }
}
