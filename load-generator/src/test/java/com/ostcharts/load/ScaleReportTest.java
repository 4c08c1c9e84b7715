package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleReportTest {

    @Test
    void aPhaseCountsOnlyItsOwnProbesAndIsFreshAgainWhenItsLastSlowProbeBecameVisible() {
        List<FreshnessProbe.Seen> probes = List.of(
                new FreshnessProbe.Seen(9_000, 5_000), // before the phase: not its
                new FreshnessProbe.Seen(10_000, 300),
                new FreshnessProbe.Seen(12_000, 4_000), // slow: visible at 16,000
                new FreshnessProbe.Seen(13_000, 2_500), // slow: visible at 15,500
                new FreshnessProbe.Seen(14_000, 200),
                new FreshnessProbe.Seen(20_000, 9_000)); // after the phase: not its

        ScaleReport.Phase phase = ScaleReport.Phase.of("scale-out", "added", 3, 10_000, 20_000, probes);

        assertThat(phase.probes()).isEqualTo(4);
        assertThat(phase.maxMs()).isBetween(3_999L, 4_002L);
        assertThat(phase.timedOut()).isZero();
        assertThat(phase.secondsUntilFresh()).isEqualTo(6.0);
    }

    @Test
    void aPhaseWithOnlyFreshProbesWasNeverStale() {
        ScaleReport.Phase phase = ScaleReport.Phase.of("steady", "one", 1, 0, 10_000,
                List.of(new FreshnessProbe.Seen(1_000, 400), new FreshnessProbe.Seen(2_000, 1_000)));

        assertThat(phase.secondsUntilFresh()).isZero();
        assertThat(phase.p99Ms()).isBetween(999L, 1_001L);
    }

    @Test
    void aProbeNeverSeenKeepsThePhaseStaleToItsEnd() {
        ScaleReport.Phase phase = ScaleReport.Phase.of("crash", "killed", 2, 0, 30_000,
                List.of(new FreshnessProbe.Seen(1_000, -1), new FreshnessProbe.Seen(2_000, 100)));

        assertThat(phase.timedOut()).isEqualTo(1);
        assertThat(phase.probes()).isEqualTo(2);
        assertThat(phase.secondsUntilFresh()).isEqualTo(30.0);
    }
}
