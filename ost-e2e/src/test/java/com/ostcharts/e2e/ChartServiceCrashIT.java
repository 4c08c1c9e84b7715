package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1: chart-service killed without a clean shutdown in the middle of a stream, then restarted on the same
 * state. Exactly-once must hold: after the run, every acknowledged play is on the topic and every chart at the
 * gateway equals the contract's reference charts computed from the topic ({@code ost-load run --verify}).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ChartServiceCrashIT {

    private static final String API_KEY = "crash-test-key";

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY);

    @Test
    void chartsAreExactAfterChartServiceIsKilledMidStreamAndRestarted() throws Exception {
        try (LoadRun load = LoadRun.start("crash", stack, API_KEY, Duration.ofSeconds(25))) {

            await("plays flowing into the charts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> ServiceStack.playsOnGlobalChart(stack.gateway()) >= 3_000);
            assertThat(load.isSending()).as("still sending when chart-service dies").isTrue();
            stack.chart().crash();
            stack.chart().restart();
            stack.awaitChartServiceReady();

            JsonNode verdict = load.awaitVerdict(Duration.ofMinutes(4));
            assertThat(stack.kafka().read(Topics.PLAYS_DLQ, 1, Duration.ofSeconds(1))).as("dead letters").isEmpty();
            assertThat(verdict.path("verify").path("lost").asLong(-1)).as("acknowledged plays lost: %s", verdict).isZero();
            assertThat(verdict.path("verify").path("mismatches").asLong(-1)).as("charts unlike the reference: %s", verdict).isZero();
            assertThat(verdict.path("exit").asInt()).as("ost-load run --verify").isZero();
        }
    }
}
