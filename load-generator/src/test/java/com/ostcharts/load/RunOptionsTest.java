package com.ostcharts.load;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code run} refuses, before sending anything, the options it cannot honour (a backfill's, a prebuilt run's). */
class RunOptionsTest {

    private static void refused(String expected, String... args) {
        RunCommand run = RunCommand.parse(new PrintWriter(new StringWriter()), args);
        assertThatThrownBy(run::execute).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(expected);
    }

    @Test
    void aBackfillNeedsTheKafkaTargetAndACountOfPlays() {
        refused("--history-days needs --target kafka", "--history-days", "3", "--events", "1000");
        refused("--history-days needs --events", "--history-days", "3", "--target", "kafka");
    }

    @Test
    void aBackfillIsAtMostThirtyDays() {
        refused("--history-days is 1..30", "--history-days", "31", "--target", "kafka", "--events", "1000");
    }

    @Test
    void aBackfillTakesNoDurationDayNightOrFreshnessProbes() {
        refused("takes no --duration", "--history-days", "3", "--target", "kafka", "--events", "1000", "--duration", "1m");
        refused("takes no --duration or --day-night", "--history-days", "3", "--target", "kafka", "--events", "1000", "--day-night");
        refused("takes no --freshness", "--history-days", "3", "--target", "kafka", "--events", "1000", "--freshness");
    }

    @Test
    void aPacedBackfillMayNotPauseLongEnoughForChartServiceToFollowTheWallClock() {
        refused("batches at most 10 s apart", "--history-days", "3", "--target", "kafka", "--events", "1000", "--rate", "50", "--batch", "1000");
    }

    @Test
    void aPrebuiltRunNeedsABoundedCountOfPlaysHeldInMemory() {
        refused("--prebuilt needs --events N", "--prebuilt");
        refused("--prebuilt needs --events N (1..5000000", "--prebuilt", "--events", "5000001");
        refused("--prebuilt needs --events N", "--prebuilt", "--events", "1000", "--target", "kafka", "--history-days", "3");
    }

    @Test
    void anUnknownTargetIsRefused() {
        refused("--target is ingest or kafka", "--target", "kafak");
    }
}
