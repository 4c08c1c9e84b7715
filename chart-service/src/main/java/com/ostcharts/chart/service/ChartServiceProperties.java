package com.ostcharts.chart.service;

import com.ostcharts.chart.engine.ChartEngineConfig;
import com.ostcharts.contract.ChartWindow;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * chart-service settings ({@code ost.chart.*}), validated at start-up. Kafka client settings
 * (bootstrap servers, security) are Spring Boot's own {@code spring.kafka.*}.
 *
 * @param instanceId       static group membership ({@code group.instance.id}), e.g. the StatefulSet pod name;
 *                         empty for dynamic membership
 * @param standbyReplicas  warm copies of each task's state on other instances
 * @param streamThreads    stream threads per instance
 * @param closeTimeout     how long a graceful shutdown waits for Streams to commit and close
 * @param leaveGroupOnClose whether a graceful shutdown leaves the consumer group at once (its tasks move to the
 *                         others, onto their standbys), rather than holding its partitions, unprocessed, until its
 *                         session times out (static membership); with it, a start after a crash also removes the
 *                         membership the crash left ({@link StaleMembership}): measured by {@code ost-load scale}
 * @param rocksdbMemory    memory for all RocksDB stores of the instance together (block cache and memtables); 256 MB
 *                         since the listener sketches: with 64 MB their checkpoints crowded the dedupe store out of
 *                         the cache and catch-up fell to 0.6 (chart-service/DESIGN.md)
 * @param concentratedAt   per window label ({@code 1h}, {@code 24h}, {@code 7d}, {@code day}, {@code week}), the offered
 *                         plays per listener at which an entry is marked {@code concentrated}; a window not given keeps
 *                         the contract's threshold (CONTRACT section 3, "Listeners")
 * @param entityListenersEvery how often each partition sends its dramas' and artists' listener sketches (their plays go
 *                         every count interval): how far their listener figures may lag their plays; 0s for every
 *                         interval, at about twice the CPU with the demo catalog (chart-service/DESIGN.md)
 * @param tickShare        the largest share of a stream thread's time the ticks' chart work (sending partials, publishing
 *                         charts) may take: above it both intervals stretch, so plays keep being counted under load and
 *                         charts update less often; 1 keeps the intervals fixed (chart-service/DESIGN.md, "Pacing")
 * @param tickMaxStretch   how many times the configured intervals the ticks may stretch to (8: 2 s at 250 ms)
 */
@Validated
@ConfigurationProperties("ost.chart")
public record ChartServiceProperties(
        @DefaultValue("") String instanceId,
        @DefaultValue("0") @Min(0) @Max(3) int standbyReplicas,
        @DefaultValue("1") @Min(1) @Max(32) int streamThreads,
        @DefaultValue("30s") @NotNull Duration closeTimeout,
        @DefaultValue("true") boolean leaveGroupOnClose,
        @DefaultValue("256MB") @NotNull DataSize rocksdbMemory,
        @DefaultValue("100") @Min(1) @Max(1000) int chartSize,
        @DefaultValue("250ms") @NotNull Duration countInterval,
        @DefaultValue("250ms") @NotNull Duration publishInterval,
        @DefaultValue("1h") @NotNull Duration periodOneHour,
        @DefaultValue("1h") @NotNull Duration periodOneDay,
        @DefaultValue("1d") @NotNull Duration periodSevenDays,
        Map<String, Double> concentratedAt,
        @DefaultValue("5s") @NotNull Duration entityListenersEvery,
        @DefaultValue("0.3") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double tickShare,
        @DefaultValue("8") @Min(1) @Max(40) int tickMaxStretch) {

    public ChartServiceProperties {
        concentratedAt = concentratedAt == null ? Map.of() : Map.copyOf(concentratedAt);
        for (String label : concentratedAt.keySet()) {
            if (ChartWindow.fromLabel(label).isEmpty()) {
                throw new IllegalArgumentException("ost.chart.concentrated-at." + label + ": no such window (1h, 24h, 7d, day, week)");
            }
        }
    }

    /** The engine's configuration; its constructor rejects non-positive intervals and periods, and thresholds below 1. */
    public ChartEngineConfig engine() {
        Map<ChartWindow, Double> thresholds = new EnumMap<>(ChartWindow.class);
        concentratedAt.forEach((label, threshold) -> thresholds.put(ChartWindow.fromLabel(label).orElseThrow(), threshold));
        return new ChartEngineConfig(chartSize, countInterval, publishInterval, Map.of(
                ChartWindow.ONE_HOUR, periodOneHour,
                ChartWindow.ONE_DAY, periodOneDay,
                ChartWindow.SEVEN_DAYS, periodSevenDays), () -> 1, thresholds, entityListenersEvery,
                new ChartEngineConfig.Pacing(tickShare, tickMaxStretch));
    }
}
