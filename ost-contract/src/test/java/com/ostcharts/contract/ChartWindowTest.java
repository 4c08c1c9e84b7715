package com.ostcharts.contract;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ChartWindowTest {

    private static long minute(String instant) {
        return Instant.parse(instant).getEpochSecond() / 60;
    }

    @Test
    void aRollingWindowEndsAtTheCurrentMinute() {
        assertThat(ChartWindow.ONE_HOUR.firstMinuteInside(minute("2026-11-27T10:15:00Z"))).isEqualTo(minute("2026-11-27T09:16:00Z"));
    }

    @Test
    void theDayWindowHoldsTheUtcDaySoFar() {
        assertThat(ChartWindow.DAY.firstMinuteInside(minute("2026-11-27T23:59:00Z"))).isEqualTo(minute("2026-11-27T00:00:00Z"));
        assertThat(ChartWindow.DAY.firstMinuteInside(minute("2026-11-28T00:00:00Z"))).isEqualTo(minute("2026-11-28T00:00:00Z"));
    }

    @Test
    void theTrackingWeekRunsFromFridayToThursday() {
        // 2026-11-27 is a Friday
        assertThat(ChartWindow.WEEK.firstMinuteInside(minute("2026-11-27T00:00:00Z"))).isEqualTo(minute("2026-11-27T00:00:00Z"));
        assertThat(ChartWindow.WEEK.firstMinuteInside(minute("2026-12-03T23:59:00Z"))).isEqualTo(minute("2026-11-27T00:00:00Z"));
        assertThat(ChartWindow.WEEK.firstMinuteInside(minute("2026-11-26T23:59:00Z"))).isEqualTo(minute("2026-11-20T00:00:00Z"));
    }

    @Test
    void periodsAreCountedFromTheWindowsOrigin() {
        long friday = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
        assertThat(ChartWindow.WEEK.periodStart(friday + 3_600_000, ChartWindow.WEEK.defaultPeriod())).isEqualTo(friday);
        long hour = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
        assertThat(ChartWindow.ONE_DAY.periodStart(hour + 59 * 60_000, ChartWindow.ONE_DAY.defaultPeriod())).isEqualTo(hour);
    }

    @Test
    void archivedChartsAreKeyedByChartAndPeriodStart() {
        assertThat(ArchivedChart.key("global/day", Instant.parse("2026-11-29T00:00:00Z"))).isEqualTo("global/day@2026-11-29T00:00:00Z");
    }
}
