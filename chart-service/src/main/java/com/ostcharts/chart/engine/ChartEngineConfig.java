package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartWindow;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

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
 * @param pacing        how far the two intervals stretch when the charts' work takes too much of a stream thread
 *                      ({@link TickPacer}); {@link Pacing#OFF} keeps them fixed
 */
public record ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval,
                                Map<ChartWindow, Duration> periods, IntSupplier partitions,
                                Map<ChartWindow, Double> concentratedAt, Duration entityListenersEvery, Pacing pacing) {

    /**
     * @param chartShare the largest share of a stream thread's time the ticks' chart work may take before the intervals
     *                   stretch, in (0, 1]; 1 never stretches them
     * @param maxStretch how many times its configured interval a tick may be stretched to, at least 1
     * @param nanoClock  measures the chart work ({@code System::nanoTime}; tests drive their own)
     */
    public record Pacing(double chartShare, int maxStretch, LongSupplier nanoClock) {

        /** Fixed intervals, as configured. */
        public static final Pacing OFF = new Pacing(1, 1, System::nanoTime);

        public Pacing {
            if (!(chartShare > 0 && chartShare <= 1)) {
                throw new IllegalArgumentException("pacing.chartShare must be in (0, 1], was " + chartShare);
            }
            if (maxStretch < 1) {
                throw new IllegalArgumentException("pacing.maxStretch must be >= 1, was " + maxStretch);
            }
            Objects.requireNonNull(nanoClock, "pacing.nanoClock is required");
        }

        public Pacing(double chartShare, int maxStretch) {
            this(chartShare, maxStretch, System::nanoTime);
        }

        boolean on() {
            return chartShare < 1 && maxStretch > 1;
        }
    }

    /** The contract's defaults: top 100, hourly periods for 1h and 24h, daily (UTC midnight) for 7d. */
    public static final ChartEngineConfig DEFAULTS = new ChartEngineConfig(100, Duration.ofMillis(250),
            Duration.ofMillis(250), Map.of(
                    ChartWindow.ONE_HOUR, Duration.ofHours(1),
                    ChartWindow.ONE_DAY, Duration.ofHours(1),
                    ChartWindow.SEVEN_DAYS, Duration.ofDays(1)), () -> 1, Map.of(), Duration.ofSeconds(5), Pacing.OFF);

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
        Objects.requireNonNull(pacing, "pacing is required");
    }

    /** The contract's concentration thresholds; entity listeners sent every tick; fixed intervals. */
    public ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval,
                             Map<ChartWindow, Duration> periods, IntSupplier partitions) {
        this(chartSize, countInterval, publishInterval, periods, partitions, Map.of(), Duration.ZERO, Pacing.OFF);
    }

    /** One stage-1 partition (as TopologyTestDriver runs it). */
    public ChartEngineConfig(int chartSize, Duration countInterval, Duration publishInterval, Map<ChartWindow, Duration> periods) {
        this(chartSize, countInterval, publishInterval, periods, () -> 1);
    }

    public ChartEngineConfig withPartitions(IntSupplier count) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, count, concentratedAt, entityListenersEvery, pacing);
    }

    public ChartEngineConfig withConcentratedAt(Map<ChartWindow, Double> thresholds) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, partitions, thresholds, entityListenersEvery, pacing);
    }

    public ChartEngineConfig withEntityListenersEvery(Duration every) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, partitions, concentratedAt, every, pacing);
    }

    public ChartEngineConfig withPacing(Pacing paced) {
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, periods, partitions, concentratedAt, entityListenersEvery, paced);
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
