package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Open-loop pacing as arithmetic: due times from the start, the rate and the batch alone. */
class PacerTest {

    private static final long START = 1_000_000_000L;

    @Test
    void aFixedRateSpacesBatchesEvenlyFromTheStart() {
        Pacer pacer = new Pacer(START, 1000, 100, null); // 10 batches a second
        assertThat(LongStream.range(0, 5).map(i -> pacer.nextDue() - START).toArray())
                .containsExactly(0, 100_000_000, 200_000_000, 300_000_000, 400_000_000);
    }

    @Test
    void theScheduleDoesNotDriftOverManyBatches() {
        Pacer pacer = new Pacer(START, 3000, 7, null); // an interval that is not a whole number of nanoseconds
        long last = 0;
        for (int i = 0; i <= 30_000; i++) {
            last = pacer.nextDue();
        }
        assertThat(last - START).as("30,000 batches of 7 at 3,000/s: 70 s").isCloseTo(70_000_000_000L, within(2L));
    }

    @Test
    void rateZeroMakesEveryBatchDueAtOnce() {
        Pacer pacer = new Pacer(START, 0, 1000, null);
        assertThat(LongStream.range(0, 3).map(i -> pacer.nextDue()).toArray()).containsOnly(START);
    }

    @Test
    void aDayRunsFromNightAtPointFourToPeakAtOnePointSixTimesTheRate() {
        Duration day = Duration.ofMinutes(10);
        Pacer pacer = new Pacer(START, 1000, 100, day);
        assertThat(pacer.dayFactor(0)).isCloseTo(0.4, within(1e-9));
        assertThat(pacer.dayFactor(day.toNanos() / 2)).isCloseTo(1.6, within(1e-9));
        assertThat(pacer.dayFactor(day.toNanos() / 4)).isCloseTo(1.0, within(1e-9));
        pacer.nextDue();
        assertThat(pacer.nextDue() - START).as("at night the first interval is 100 ms / 0.4").isEqualTo(250_000_000);
    }
}
