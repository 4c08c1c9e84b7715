package com.ostcharts.stack;

import java.util.List;

/** The three services: the module whose executable jar runs, where it says it is ready, and how it is told its port and broker. */
public enum Service {
    INGEST("ingest-service", "/actuator/health/readiness"),
    CHART("chart-service", "/actuator/health/readiness"),
    GATEWAY("api-gateway", "/health/readiness");

    private final String module;
    private final String readiness;

    Service(String module, String readiness) {
        this.module = module;
        this.readiness = readiness;
    }

    public String module() {
        return module;
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
