package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scaling as on Kubernetes, under load: chart-service goes from one instance to three and back to one (static
 * membership, a standby of every task, each instance its own state directory) while plays stream in, and the charts
 * stay exact ({@code ost-load run --verify}). Then three gateway replicas serve the same chart with the same version
 * and the same strong ETag, so a dashboard whose requests hop between replicas gets {@code 304}s. The figures (freshness
 * during each scale event) come from {@code ./ost bench --scale}; this is the short version that guards exactness.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ScaleOutIT {

    private static final String API_KEY = "scale-test-key";
    /** Rebalance notes of Kafka Streams' log: the tasks an instance was given to process. */
    private static final Pattern GIVEN_ACTIVE_TASKS = Pattern.compile("New active tasks: \\[\\d+_\\d+");

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY, instance("chart-0"));

    /**
     * An instance as the StatefulSet runs it: its pod name as {@code group.instance.id}, a standby of each task.
     * A new instance takes its tasks at once and restores them (a large acceptable recovery lag) rather than warming
     * up for the ten minutes of Streams' first probing rebalance, so the moves happen within the test.
     */
    private static List<String> instance(String id) {
        return List.of("--ost.chart.instance-id=" + id, "--ost.chart.standby-replicas=1",
                "--spring.kafka.streams.properties.acceptable.recovery.lag=100000000");
    }

    @Test
    void chartsStayExactWhileChartServiceScalesFromOneToThreeInstancesAndBack() throws Exception {
        Launcher launcher = new Launcher(Launcher.defaultRoot(), ServiceStack.logs(ScaleOutIT.class.getSimpleName()));
        // Long enough to outlast the scale-out on 2 busy cores: two instances starting beside the load take up to
        // 40 s to start and 45 s to be given tasks (50 s of load ran out before that in CI).
        try (LoadRun load = LoadRun.start("scale", stack, API_KEY, Duration.ofSeconds(120))) {
            await("plays flowing into the charts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> ServiceStack.playsOnGlobalChart(stack.gateway()) >= 2_000);

            List<ServiceProcess> added = new ArrayList<>();
            try {
                for (String id : List.of("chart-1", "chart-2")) {
                    added.add(ServiceStack.startChart(launcher, "chart-service-" + id, stack.kafka(), stack.layout(), instance(id)));
                }
                for (ServiceProcess instance : added) {
                    instance.awaitReady(Stack.START_TIMEOUT);
                    await("tasks given to " + instance.log().getFileName()).atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(500)).until(() -> processesTasks(instance));
                }
                assertThat(load.isSending()).as("still sending when the scale-out is done").isTrue();
            } finally {
                added.forEach(ServiceProcess::close); // scale in: SIGTERM, a clean close that leaves the group
            }
            assertThat(load.isSending()).as("still sending when the scale-in is done").isTrue();
            stack.awaitChartServiceReady();

            JsonNode verdict = load.awaitVerdict(Duration.ofMinutes(4));
            assertThat(verdict.path("verify").path("lost").asLong(-1)).as("acknowledged plays lost: %s", verdict).isZero();
            assertThat(verdict.path("verify").path("mismatches").asLong(-1)).as("charts unlike the reference: %s", verdict).isZero();
            assertThat(verdict.path("exit").asInt()).as("ost-load run --verify").isZero();
        }
    }

    @Test
    void aDashboardHoppingBetweenThreeGatewayReplicasGetsTheSameETagAndNotModified() throws Exception {
        Launcher launcher = new Launcher(Launcher.defaultRoot(), ServiceStack.logs(ScaleOutIT.class.getSimpleName()));
        HttpResponse<String> accepted = stack.ingest().send(HttpRequest.newBuilder(stack.ingest().uri("/api/v1/plays"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"eventId":"scale-hop-1","listenerId":"listener-hop","trackId":"hop-track","platform":"hop-test",
                         "country":"KR","playedAt":"%s","msPlayed":60000}""".formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS))))
                .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String chart = "/api/v1/charts/platform/hop-test/24h"; // a chart of its own: only this play, nothing decays
        List<ServiceProcess> replicas = new ArrayList<>(List.of(stack.gateway()));
        try {
            for (String name : List.of("api-gateway-1", "api-gateway-2")) {
                replicas.add(ServiceStack.startGateway(launcher, name, stack.kafka()));
            }
            replicas.forEach(replica -> replica.awaitReady(Stack.START_TIMEOUT));
            await("the chart with the play at every replica, one version").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> sameVersionEverywhere(replicas, chart));

            String etag = stack.gateway().get(chart).headers().firstValue("ETag").orElseThrow();
            assertThat(etag).as("a strong ETag").doesNotStartWith("W/");
            for (int request = 0; request < 9; request++) {
                ServiceProcess replica = replicas.get(request % replicas.size()); // round robin, as behind a Service
                HttpResponse<String> answer = replica.send(HttpRequest.newBuilder(replica.uri(chart))
                        .header("If-None-Match", etag).build());
                assertThat(answer.statusCode()).as("request %d to %s", request, replica.log().getFileName()).isEqualTo(304);
                assertThat(answer.headers().firstValue("ETag")).hasValue(etag);
            }
        } finally {
            replicas.subList(1, replicas.size()).forEach(ServiceProcess::close);
        }
    }

    private static boolean sameVersionEverywhere(List<ServiceProcess> replicas, String chart) throws IOException {
        List<String> answers = new ArrayList<>();
        for (ServiceProcess replica : replicas) {
            HttpResponse<String> response = replica.get(chart);
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode document = Json.MAPPER.readTree(response.body());
            answers.add(document.path("version").asText() + " " + response.headers().firstValue("ETag").orElse(""));
        }
        return answers.stream().distinct().count() == 1;
    }

    /** Whether Kafka Streams has given this instance active tasks (its log's rebalance notes say so). */
    private static boolean processesTasks(ServiceProcess instance) throws IOException {
        try (Stream<String> lines = Files.lines(instance.log())) {
            return lines.anyMatch(line -> GIVEN_ACTIVE_TASKS.matcher(line).find());
        }
    }
}
