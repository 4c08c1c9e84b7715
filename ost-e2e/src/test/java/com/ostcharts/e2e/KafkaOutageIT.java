package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 3: Kafka fully down under the whole stack. Ingest answers 503 within its acknowledgement timeout and never
 * 202, and says it is not ready; the gateway keeps serving the charts it has; nothing needs a restart: when Kafka
 * returns, a new play goes all the way to the gateway's chart again.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class KafkaOutageIT {

    private static final String API_KEY = "outage-e2e-key";
    /** ingest-service's default {@code ost.ingest.ack-timeout}. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY);

    @Test
    void everyServiceRidesOutAKafkaOutageAndRecoversWithoutARestart() throws Exception {
        WallClock.awayFromTheHourBoundary(Duration.ofMinutes(3));
        assertThat(postPlay("before-outage", "fan-1").statusCode()).isEqualTo(202);
        await("the first play on the chart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> playsOnChart("before-outage") == 1);
        String servedBefore = stack.gateway().get("/api/v1/charts/global/1h").body();

        stack.kafka().stopBrokers();
        try {
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = postPlay("during-outage", "fan-" + i);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.statusCode()).as("ingest during the outage: %s", response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(took).as("answered within the ack timeout, plus scheduling slack").isLessThan(ACK_TIMEOUT.plusSeconds(5));
            }
            await("ingest not ready").atMost(Duration.ofSeconds(30)).until(() -> stack.ingest().status("/actuator/health/readiness") == 503);
            assertThat(stack.ingest().status("/actuator/health/liveness")).as("a Kafka outage is no reason to restart ingest").isEqualTo(200);
            assertThat(stack.chart().status("/actuator/health/liveness")).as("nor chart-service").isEqualTo(200);
            assertThat(stack.gateway().get("/api/v1/charts/global/1h").body()).as("the gateway serves what it has").isEqualTo(servedBefore);
        } finally {
            stack.kafka().startBrokers();
        }

        await("ingest acknowledges again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> postPlay("after-outage", "fan-1").statusCode() == 202);
        await("the play after the outage on the gateway's chart").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> playsOnChart("after-outage") == 1);
        await("every service ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                stack.ingest().status("/actuator/health/readiness") == 200
                        && stack.chart().status("/actuator/health/readiness") == 200
                        && stack.gateway().status("/health/readiness") == 200);
        assertThat(playsOnChart("before-outage")).as("counted once, before and after").isEqualTo(1);
    }

    /** Resent requests carry the same play, as a client retrying a 503 would: same event, same playedAt. */
    private static final Instant PLAYED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static HttpResponse<String> postPlay(String trackId, String listenerId) throws Exception {
        String play = """
                {"eventId":"%s-%s","trackId":"%s","listenerId":"%s","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                .formatted(trackId, listenerId, trackId, listenerId, PLAYED_AT);
        return stack.ingest().send(HttpRequest.newBuilder(stack.ingest().uri("/api/v1/plays"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(play)).build());
    }

    /** The plays the gateway's global/1h chart shows for a track, 0 if absent. */
    private static long playsOnChart(String trackId) throws Exception {
        HttpResponse<String> response = stack.gateway().get("/api/v1/charts/global/1h");
        if (response.statusCode() != 200) {
            return 0;
        }
        for (JsonNode entry : Json.MAPPER.readTree(response.body()).get("entries")) {
            if (entry.get("trackId").asText().equals(trackId)) {
                return entry.get("plays").asLong();
            }
        }
        return 0;
    }
}
