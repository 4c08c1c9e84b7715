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
 * The walking skeleton end to end, on a real broker, with each service its own process: a play POSTed
 * to ingest-service is counted by chart-service and served by api-gateway.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EndToEndIT {

    private static final String API_KEY = "e2e-test-key";

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY);

    @Test
    void aPlayPostedToIngestReachesRankOneOfTheGatewaysGlobalChart() throws Exception {
        String play = """
                {"eventId":"e2e-1","trackId":"stay-with-me","listenerId":"fan-1","platform":"melon",
                 "country":"KR","playedAt":"%s","msPlayed":200000}""".formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        HttpResponse<String> accepted = stack.ingest().send(HttpRequest.newBuilder(stack.ingest().uri("/api/v1/plays"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(play)).build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(1);

        await("the play on the gateway's global/1h chart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> response = stack.gateway().get("/api/v1/charts/global/1h");
                    assertThat(response.statusCode()).isEqualTo(200);
                    JsonNode entries = Json.MAPPER.readTree(response.body()).get("entries");
                    assertThat(entries).hasSize(1);
                    assertThat(entries.get(0).get("trackId").asText()).isEqualTo("stay-with-me");
                    assertThat(entries.get(0).get("rank").asInt()).isEqualTo(1);
                    assertThat(entries.get(0).get("plays").asLong()).isEqualTo(1);
                });
    }

    @Test
    void writesWithoutAValidKeyAreRefusedAndCountNothing() throws Exception {
        HttpResponse<String> refused = stack.ingest().send(HttpRequest.newBuilder(stack.ingest().uri("/api/v1/plays"))
                .header("Authorization", "Bearer wrong-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
}
