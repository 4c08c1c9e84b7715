package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 4: the gateway restarted while dashboards poll it. It must not say ready before it has caught up with the
 * charts topic, and from the moment it does, it must serve exactly the charts on the topic, with the same ETags as
 * before, so dashboards' cached copies stay valid.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GatewayRestartIT {

    private static final String API_KEY = "gateway-restart-key";
    private static final int POLLERS = 4;

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY);

    @Test
    void aRestartedGatewayIsNotReadyUntilCaughtUpThenServesTheSameCharts() throws Exception {
        WallClock.awayFromTheHourBoundary(Duration.ofMinutes(2));
        postPlays(40);
        await("charts for every play").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> Json.MAPPER.readTree(stack.gateway().get("/api/v1/charts/global/1h").body()).get("entries").size() == 10);
        // Settled: the gateway serves every chart on the topic at the topic's version (no plays come after this).
        Map<String, ChartDocument> onTopic = await("the gateway serving the topic's charts").atMost(Duration.ofSeconds(30))
                .until(GatewayRestartIT::latestOnTopic, charts -> servesVersions(charts));
        Map<String, String> etagsBefore = etags(onTopic.keySet());

        AtomicBoolean polling = new AtomicBoolean(true);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        try (ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, POLLERS).forEach(i -> pollers.submit(() -> poll(polling, statuses)));
            try {
                stack.gateway().close();
                stack.gateway().restart();
                await("gateway ready again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> stack.gateway().status("/health/readiness") == 200);

                // The first moment it says ready, it must already hold every chart on the topic, at the topic's version.
                for (ChartDocument expected : onTopic.values()) {
                    HttpResponse<String> served = stack.gateway().get("/api/v1/charts/" + expected.chartId());
                    assertThat(served.statusCode()).as(expected.chartId()).isEqualTo(200);
                    JsonNode chart = Json.MAPPER.readTree(served.body());
                    assertThat(chart.get("version").asLong()).as("version of %s", expected.chartId()).isEqualTo(expected.version());
                    assertThat(chart.get("entries")).as("entries of %s", expected.chartId())
                            .isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(expected.entries())));
                }
                assertThat(etags(onTopic.keySet())).as("ETags survive the restart").isEqualTo(etagsBefore);
            } finally {
                polling.set(false);
            }
        }
        assertThat(statuses.keySet()).as("statuses the pollers saw (0: connection refused while restarting)")
                .allMatch(status -> status == 0 || status == 200 || status == 304 || status == 503);
        assertThat(statuses.get(200)).as("polls answered").isNotNull();
    }

    /** A dashboard: GET a chart, then conditional GETs with the ETag it got, until told to stop. */
    private static void poll(AtomicBoolean polling, Map<Integer, AtomicLong> statuses) {
        String etag = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (polling.get() && System.nanoTime() < deadline) {
            HttpRequest.Builder request = HttpRequest.newBuilder(stack.gateway().uri("/api/v1/charts/global/1h")).timeout(Duration.ofSeconds(5));
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            int status;
            try {
                HttpResponse<String> response = stack.gateway().send(request.build());
                status = response.statusCode();
                etag = response.headers().firstValue("ETag").orElse(etag);
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
    }

    private static boolean servesVersions(Map<String, ChartDocument> charts) {
        try {
            for (ChartDocument chart : charts.values()) {
                HttpResponse<String> served = stack.gateway().get("/api/v1/charts/" + chart.chartId());
                if (served.statusCode() != 200 || Json.MAPPER.readTree(served.body()).get("version").asLong() != chart.version()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false; // not answering is not serving
        }
    }

    private static void postPlays(int count) throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String plays = IntStream.range(0, count).mapToObj(i -> """
                {"eventId":"restart-%d","trackId":"track-%d","listenerId":"fan-%d","platform":"%s","country":"%s","playedAt":"%s","msPlayed":45000}"""
                .formatted(i, i % 10, i, i % 2 == 0 ? "melon" : "spotify", i % 3 == 0 ? "KR" : "ID", now))
                .collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> response = stack.ingest().send(HttpRequest.newBuilder(stack.ingest().uri("/api/v1/plays"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(plays)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    /** The newest version of every chart on the charts topic (the topic is the truth the gateway follows). */
    private static Map<String, ChartDocument> latestOnTopic() {
        List<ConsumerRecord<String, ChartDocument>> records = stack.kafka().read(Topics.CHARTS, Integer.MAX_VALUE, Duration.ofSeconds(2));
        Map<String, ChartDocument> latest = new HashMap<>();
        records.forEach(record -> latest.merge(record.key(), record.value(), (a, b) -> b.version() >= a.version() ? b : a));
        return latest;
    }

    private static Map<String, String> etags(Iterable<String> chartIds) throws IOException {
        Map<String, String> etags = new HashMap<>();
        for (String chartId : chartIds) {
            etags.put(chartId, stack.gateway().get("/api/v1/charts/" + chartId).headers().firstValue("ETag").orElseThrow());
        }
        return etags;
    }
}
