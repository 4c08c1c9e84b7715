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
 * Fault 1 for the archive: chart-service killed while a two-day backfill is being counted and archived, then restarted
 * on the same state. Every period final by the backfill's stream time must be archived once, equal to the reference
 * model ({@code ost-load run --history-days 2 --verify}), and nothing counted twice in the live charts either.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ArchiveCrashIT {

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker("archive-crash-key");

    @Test
    void archivedChartsAreExactAndOnceAfterChartServiceIsKilledMidBackfill() throws Exception {
        try (LoadRun backfill = LoadRun.backfill("archive-crash", stack, 2, 200_000)) {
            await("the first periods archived").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !stack.kafka().read(Topics.CHARTS_ARCHIVE, 1, Duration.ofMillis(200)).isEmpty());
            stack.chart().crash();
            stack.chart().restart();
            stack.awaitChartServiceReady();

            JsonNode verdict = backfill.awaitVerdict(Duration.ofMinutes(6));
            JsonNode archive = verdict.path("verify").path("archive");
            assertThat(verdict.path("verify").path("mismatches").asLong(-1)).as("live charts unlike the reference: %s", verdict).isZero();
            assertThat(archive.path("checked").asLong()).as("archived charts compared: %s", archive).isGreaterThan(100);
            assertThat(archive.path("mismatches").asLong(-1)).as("archived charts unlike the reference: %s", archive).isZero();
            assertThat(archive.path("missing").asLong(-1)).as("final periods not archived: %s", archive).isZero();
            assertThat(archive.path("doubled").asLong(-1)).as("keys written twice: %s", archive).isZero();
            assertThat(verdict.path("exit").asInt()).as("ost-load run --verify").isZero();
        }
    }
}
