package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartWindow;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * What may be tuned in the chart engine; the counting rules themselves are the contract's.
 *
 * @param chartSize     entries per chart (N of the top N)
 * @param countInterval how often stage 1 expires aged plays and sends changed partial charts
 * @param publishInterval how often stage 2 publishes changed charts: at most one version per chart per interval
 * @param periods       period per rolling window; movement snapshots and archives are taken at each multiple of it since
 *                      the epoch (UTC). A calendar window's period is its own ({@link ChartWindow#defaultPeriod()}).
 * @param partitions    how many stage-1 partitions there are (the plays topic's partitions): stage 2 archives a period
 *                      once every one of them has passed it. Asked when the first watermark arrives, in the stream
 *                      thread, so a service can look it up from the broker then rather than before it starts.
 * @param concentratedAt per window, the offered plays per listener at which an entry is marked {@code concentrated}
 *                      (CONTRACT section 3, "Listeners"; the contract's defaults: {@link Audience#DEFAULT_CONCENTRATION})
 * @param entityListenersEvery how often stage 1 sends a drama's or artist's listener sketches (its plays go every tick):
 *                      their listeners lag their plays by up to this; zero sends them every tick (chart-service/DESIGN.md)
 */
public record ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval,
                                Map<ChartWindow, Duration> periods, IntSupplier partitions,
                                Map<ChartWindow, Double> concentratedAt, Duration entityListenersEvery) {

    /** The contract's defaults: top 100, hourly periods for 1h and 24h, daily (UTC midnight) for 7d. */
    public static final ChartEngineConfig DEFAULTS = new ChartEngineConfig(100, Duration.ofMillis(250),
            Duration.ofMillis(250), Map.of(
                    ChartWindow.ONE_HOUR, Duration.ofHours(1),
                    ChartWindow.ONE_DAY, Duration.ofHours(1),
                    ChartWindow.SEVEN_DAYS, Duration.ofDays(1)), () -> 1, Map.of(), Duration.ofSeconds(5));

    public ChartEngineConfig {
        if (chartSize < 1) {
            throw new IllegalArgumentException("chartSize must be >= 1, was " + chartSize);
        }
        requirePositive("countInterval", countInterval);
        requirePositive("publishInterval", publishInterval);
        Objects.requireNonNull(partitions, "partitions is required");
        periods = new EnumMap<>(periods);
        for (ChartWindow window : ChartWindow.values()) {
            if (window.calendar()) {
                periods.put(window, window.defaultPeriod());
            }
            requirePositive("periods." + window.label(), periods.get(window));
        }
        periods = Map.copyOf(periods);
        Map<ChartWindow, Double> thresholds = new EnumMap<>(ChartWindow.class);
        thresholds.putAll(Audience.DEFAULT_CONCENTRATION); // a window not given keeps the contract's threshold
        thresholds.putAll(concentratedAt);
        thresholds.forEach((window, threshold) -> {
            if (!(threshold >= 1)) {
                throw new IllegalArgumentException("concentratedAt." + window.label() + " must be >= 1 play per listener, was " + threshold);
            }
        });
        concentratedAt = Map.copyOf(thresholds);
        if (Objects.requireNonNull(entityListenersEvery, "entityListenersEvery is required").isNegative()) {
            throw new IllegalArgumentException("entityListenersEvery must not be negative, was " + entityListenersEvery);
        }
    }

    /** The contract's concentration thresholds; entity listeners sent every tick. */
    public ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval,
                             Map<ChartWindow, Duration> periods, IntSupplier partitions) {
        this(chartSize, countInterval, publishInterval, periods, partitions, Map.of(), Duration.ZERO);
    }

    /** One stage-1 partition (as TopologyTestDriver runs it). */
    public ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval, Map<ChartWindow, Duration> periods) {
        this(chartSize, countInterval, publishInterval, periods, () -> 1);
    }

    public ChartEngineConfig withPartitions(IntSupplier count) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, count, concentratedAt, entityListenersEvery);
    }

    public ChartEngineConfig withConcentratedAt(Map<ChartWindow, Double> thresholds) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, partitions, thresholds, entityListenersEvery);
    }

    public ChartEngineConfig withEntityListenersEvery(Duration every) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, partitions, concentratedAt, every);
    }

    public Duration periodOf(ChartWindow window) {
        return periods.get(window);
    }

    /** Which period of {@code window} holds {@code epochMs}, counted from the window's origin. */
    public long periodIndex(ChartWindow window, long epochMs) {
        return Math.floorDiv(epochMs - window.periodOrigin().toEpochMilli(), periodOf(window).toMillis());
    }

    /** The start of the period of {@code window} holding {@code epochMs}. */
    public long periodStart(ChartWindow window, long epochMs) {
        return window.periodStart(epochMs, periodOf(window));
    }

    private static void requirePositive(String name, Duration value) {
        if (Objects.requireNonNull(value, name + " is required").isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
