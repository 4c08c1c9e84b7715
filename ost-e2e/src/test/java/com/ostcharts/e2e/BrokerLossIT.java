package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.TopicLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2: three brokers, every topic replicated three times with {@code min.insync.replicas} 2 (the production
 * layout), and one broker stopped while plays stream in. Ingest must keep acknowledging (acks=all still has two
 * in-sync replicas), every acknowledged play must be on the topic, and the charts must equal the reference.
 */
@Timeout(value = 7, unit = TimeUnit.MINUTES)
class BrokerLossIT {

    private static final String API_KEY = "broker-loss-key";
    private static final TopicLayout REPLICATED = new TopicLayout(6, 1, (short) 3);

    @RegisterExtension
    static final StackExtension stack = StackExtension.brokers(3, REPLICATED, API_KEY);

    @Test
    void ingestKeepsAcknowledgingAndChartsStayExactWhenOneOfThreeBrokersStops() throws Exception {
        try (LoadRun load = LoadRun.start("broker-loss", stack, API_KEY, Duration.ofSeconds(25))) {
            await("plays flowing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stack.chart().status("/actuator/health/readiness") == 200 && plays() > 3_000);
            assertThat(load.isSending()).as("still sending when the broker stops").isTrue();

            stack.kafka().stopOneBroker();

            JsonNode verdict = load.awaitVerdict(Duration.ofMinutes(5));
            assertThat(verdict.path("unavailable").asLong(-1)).as("503s while a broker was down: %s", verdict).isZero();
            assertThat(verdict.path("failed").asLong(-1)).as("failed requests: %s", verdict).isZero();
            assertThat(verdict.path("accepted").asLong()).as("every play acknowledged").isEqualTo(verdict.path("sent").asLong());
            assertThat(verdict.path("verify").path("lost").asLong(-1)).as("acknowledged plays lost: %s", verdict).isZero();
            assertThat(verdict.path("verify").path("mismatches").asLong(-1)).as("charts unlike the reference: %s", verdict).isZero();
            assertThat(verdict.path("exit").asInt()).as("ost-load run --verify").isZero();
        }
    }

    /** Plays ingest has produced so far, from its own Micrometer counter. */
    private static double plays() throws Exception {
        String metrics = stack.ingest().get("/actuator/prometheus").body();
        return metrics.lines().filter(line -> line.startsWith("ost_ingest_events_accepted_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
