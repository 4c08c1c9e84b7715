package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The capacity search's verdicts and rates as arithmetic on what a step measured: no stack, no clock. */
class CapacityRuleTest {

    private static final CapacityRule RULE = CapacityRule.of(2000);
    private static final int RATE = 5000;
    private static final int SECONDS = 60;
    private static final long OFFERED = (long) RATE * SECONDS;
    private static final RunReport.Freshness FRESH = new RunReport.Freshness(SECONDS, 300, 700, 1500, 1800, 0);

    @Test
    void aStepWithinEveryBoundIsSustained() {
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED, FRESH, 2 * RATE)).as("lag of exactly 2 s of plays is bounded").isEmpty();
    }

    @Test
    void ninetyNinePercentAcceptedIsEnoughAndLessIsNot() {
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED * 99 / 100, FRESH, 0)).isEmpty();
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED * 99 / 100 - 1, FRESH, 0))
                .singleElement().asString().startsWith("accepted 99.0% of 300,000 offered plays");
    }

    @Test
    void aFreshnessP99OverTheLimitIsNotSustained() {
        RunReport.Freshness stale = new RunReport.Freshness(SECONDS, 400, 1200, 2001, 2500, 0);
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED, stale, 0)).containsExactly("freshness p99 2,001 ms > 2,000 ms");
        assertThat(CapacityRule.of(3000).whyNot(RATE, SECONDS, OFFERED, stale, 0)).as("the limit is an option").isEmpty();
    }

    @Test
    void anUnseenProbeIsLaterThanAnySeenSoAShortStepMayMissNone() {
        RunReport.Freshness oneMissing = new RunReport.Freshness(SECONDS - 1, 300, 700, 1500, 1800, 0);
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED, oneMissing, 0)).containsExactly("1 of 60 freshness probes not seen (too late or refused)");
        RunReport.Freshness twoOfTwoHundredMissing = new RunReport.Freshness(198, 300, 700, 1500, 1800, 0);
        assertThat(RULE.whyNot(RATE, 200, 200L * RATE, twoOfTwoHundredMissing, 0)).as("a p99 may leave out 1%").isEmpty();
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED, new RunReport.Freshness(0, 0, 0, 0, 0, 0), 0)).containsExactly("no freshness probe seen");
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED, null, 0)).containsExactly("no freshness probe seen");
    }

    @Test
    void aLagOfMoreThanTwoSecondsOfPlaysIsNotSustained() {
        assertThat(RULE.maxLag(RATE)).isEqualTo(10_000);
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED, FRESH, 10_001)).containsExactly("lag 10,001 plays (2.0 s of plays) > 2 s");
    }

    @Test
    void everyBrokenBoundIsGiven() {
        RunReport.Freshness stale = new RunReport.Freshness(40, 9000, 20000, 43000, 43000, 0);
        assertThat(RULE.whyNot(RATE, SECONDS, OFFERED / 2, stale, 60_000)).hasSize(4);
    }

    @Test
    void ratesGrowByTheFactorAndTheMaxIsTheLastStep() {
        assertThat(CapacityRule.rates(2500, 1.5, 40_000)).containsExactly(2500, 3750, 5625, 8438, 12656, 18984, 28477, 40000);
        assertThat(CapacityRule.rates(1000, 1.5, 2500)).containsExactly(1000, 1500, 2250, 2500);
        assertThat(CapacityRule.rates(1000, 2, 4000)).as("a max on the way is not repeated").containsExactly(1000, 2000, 4000);
        assertThat(CapacityRule.rates(3000, 1.5, 3000)).containsExactly(3000);
        assertThatThrownBy(() -> CapacityRule.rates(1000, 1, 2000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CapacityRule.rates(3000, 1.5, 2000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRetryIsHalfwayBetweenTheLastSustainedRateAndTheFailedOne() {
        assertThat(CapacityRule.halfway(12_656, 18_984)).isEqualTo(15_820);
        assertThat(CapacityRule.halfway(2250, 2500)).isEqualTo(2375);
    }

    @Test
    void theReportHasTheHighestSustainedRateAndTheLowestThatWasNot() throws Exception {
        CapacityReport.Step first = step(1, 2500, false, FRESH, 0);
        CapacityReport.Step failed = step(2, 3750, false, new RunReport.Freshness(SECONDS, 900, 2500, 4100, 4200, 0), 0);
        CapacityReport.Step retry = step(3, 3125, true, FRESH, 100);
        CapacityReport report = CapacityReport.of("2026-12-01", "./ost bench --capacity", SECONDS, RULE, 30, 1250, List.of(first, failed, retry));

        assertThat(first.sustained()).isTrue();
        assertThat(failed.whyNot()).containsExactly("freshness p99 4,100 ms > 2,000 ms");
        assertThat(report.sustainedRate()).as("the retry sustained").isEqualTo(3125);
        assertThat(report.sustainedFreshnessP99Ms()).isEqualTo(1500);
        assertThat(report.notSustainedRate()).isEqualTo(3750);
        assertThat(report.summary("capacity-latest.json")).startsWith("ost: capacity: sustained 3,125 plays/s (freshness p99 1,500 ms)")
                .contains("not 3,750 plays/s: freshness p99 4,100 ms > 2,000 ms");
        assertThat(failed.summary()).contains("3,750 plays/s", "NOT sustained: freshness p99 4,100 ms");

        JsonNode json = Reports.MAPPER.readTree(Reports.json(report));
        assertThat(json.get("sustained_rate").asInt()).isEqualTo(3125);
        assertThat(json.get("rule").get("freshness_p99_ms").asLong()).isEqualTo(2000);
        assertThat(json.get("steps").get(1).get("why_not").get(0).asText()).startsWith("freshness p99");
        assertThat(json.get("steps").get(2).get("lag_plays").asLong()).isEqualTo(100);
        assertThat(Reports.MAPPER.readValue(Reports.json(report), CapacityReport.class)).as("read back").isEqualTo(report);
    }

    @Test
    void whenEveryStepIsSustainedTheReportSaysTheLimitIsHigher() {
        CapacityReport report = CapacityReport.of("2026-12-01", "c", SECONDS, RULE, 0, 0, List.of(step(1, 2500, false, FRESH, 0)));
        assertThat(report.notSustainedRate()).isNull();
        assertThat(report.summary("f")).contains("every step up to the --max was sustained");
        CapacityReport none = CapacityReport.of("2026-12-01", "c", SECONDS, RULE, 0, 0, List.of(step(1, 2500, false, null, 0)));
        assertThat(none.summary("f")).startsWith("ost: capacity: sustained 0 plays/s (no step was sustained)");
    }

    private static CapacityReport.Step step(int number, int rate, boolean retry, RunReport.Freshness freshness, long lag) {
        long offered = (long) rate * SECONDS;
        RunReport run = new RunReport("steady", "ingest", rate, 500, SECONDS + 0.2, offered, offered, 0, 0, 0, Map.of(), rate,
                new RunReport.Percentiles(100, 10, 20, 40, 50, 60), new RunReport.Percentiles(100, 0, 0, 1, 2, 3), freshness, null, null, null);
        return CapacityReport.Step.of(number, rate, retry, SECONDS, run, lag, RULE);
    }
}
