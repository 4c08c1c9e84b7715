package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Topics;
import com.ostcharts.stack.ServiceProcess;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus ({@code src/test/resources/hostile}) replayed against the running services: every request gets
 * its documented status as {@code application/problem+json} naming what was wrong, never a stack trace; afterwards
 * every service is healthy, and nothing of these requests reached a topic or a chart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class HostileInputIT {

    private static final String API_KEY = "hostile-test-key";

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY);

    static List<HostileRequest> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(HostileInputIT.class.getResource("/hostile")).toURI());
        List<HostileRequest> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                cases.addAll(HostileRequest.read(file));
            }
        }
        return cases;
    }

    @Test
    @Order(0)
    void theCorpusHoldsAtLeastAHundredRequests() throws Exception {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(100);
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyHostileRequestGetsItsDocumentedProblem() throws Exception {
        return corpus().stream().map(request -> DynamicTest.dynamicTest(request.file() + ": " + request.title(), () -> {
            ServiceProcess service = request.file().startsWith("gateway") ? stack.gateway() : stack.ingest();
            HostileRequest.Response response = request.send(service.port(), API_KEY);

            assertThat(response.status()).as("status; body: %s", response.body()).isEqualTo(request.expectedStatus());
            assertThat(response.headers().get("content-type")).as("content type").startsWith("application/problem+json");
            JsonNode problem = Json.MAPPER.readTree(response.body());
            assertThat(problem.path("status").asInt()).as("the problem's status").isEqualTo(response.status());
            assertThat(problem.path("title").asText()).as("the problem's title").isNotBlank();
            if (request.expectedWord() != null) {
                assertThat(response.body()).as("the problem names what was wrong").contains(request.expectedWord());
            }
            assertThat(response.body()).as("no stack trace or internals")
                    .doesNotContain("\tat ", "Exception", "java.", "com.ostcharts", "io.micronaut", "org.springframework");
        }));
    }

    @Test
    @Order(2)
    void afterTheCorpusEveryServiceIsHealthyAndNothingReachedKafkaOrAChart() throws Exception {
        assertThat(stack.ingest().status("/actuator/health/liveness")).isEqualTo(200);
        assertThat(stack.ingest().status("/actuator/health/readiness")).isEqualTo(200);
        assertThat(stack.chart().status("/actuator/health/readiness")).isEqualTo(200);
        assertThat(stack.gateway().status("/health/readiness")).isEqualTo(200);

        assertThat(stack.kafka().read(Topics.PLAYS, 1, Duration.ofSeconds(3))).as("plays on the topic").isEmpty();
        assertThat(stack.kafka().read(Topics.TRACKS, 1, Duration.ofSeconds(1))).as("tracks on the topic").isEmpty();
        assertThat(stack.kafka().read(Topics.PLAYS_DLQ, 1, Duration.ofSeconds(1))).as("dead letters").isEmpty();
        JsonNode charts = Json.MAPPER.readTree(stack.gateway().get("/api/v1/charts").body()).get("charts");
        for (JsonNode chart : charts) {
            assertThat(chart.get("scope").get("type").asText()).as("only the global charts, which always exist").isEqualTo("global");
            JsonNode served = Json.MAPPER.readTree(stack.gateway().get("/api/v1/charts/" + chart.get("chartId").asText()).body());
            assertThat(served.get("entries")).as(chart.get("chartId").asText()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void noSecretReachedALog() throws Exception {
        for (String service : List.of("ingest-service", "chart-service", "api-gateway")) {
            String log = Files.readString(Path.of("target", "e2e-logs", "HostileInputIT", service + ".log"));
            assertThat(log).as(service + ".log").isNotEmpty().doesNotContain(API_KEY, ServiceStack.LISTENER_HASH_SECRET);
        }
    }
}
