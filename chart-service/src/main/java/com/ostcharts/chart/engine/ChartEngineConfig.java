package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartWindow;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What may be tuned in the chart engine; the counting rules themselves are the contract's.
 *
 * @param chartSize     entries per chart (N of the top N)
 * @param countInterval how often stage 1 expires aged plays and sends changed partial charts
 * @param publishInterval how often stage 2 publishes changed charts: at most one version per chart per interval
 * @param periods       movement period per window; snapshots are taken at each multiple of it since the epoch (UTC)
 */
public record ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval,
                                Map<ChartWindow, Duration> periods) {

    /** The contract's defaults: top 100, hourly periods for 1h and 24h, daily (UTC midnight) for 7d. */
    public static final ChartEngineConfig DEFAULTS = new ChartEngineConfig(100, Duration.ofMillis(250),
            Duration.ofMillis(250), Map.of(
                    ChartWindow.ONE_HOUR, Duration.ofHours(1),
                    ChartWindow.ONE_DAY, Duration.ofHours(1),
                    ChartWindow.SEVEN_DAYS, Duration.ofDays(1)));

    public ChartEngineConfig {
        if (chartSize < 1) {
            throw new IllegalArgumentException("chartSize must be >= 1, was " + chartSize);
        }
        requirePositive("countInterval", countInterval);
        requirePositive("publishInterval", publishInterval);
        periods = new EnumMap<>(periods);
        for (ChartWindow window : ChartWindow.values()) {
            requirePositive("periods." + window.label(), periods.get(window));
        }
        periods = Map.copyOf(periods);
    }

    public Duration periodOf(ChartWindow window) {
        return periods.get(window);
    }

    private static void requirePositive(String name, Duration value) {
        if (Objects.requireNonNull(value, name + " is required").isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
