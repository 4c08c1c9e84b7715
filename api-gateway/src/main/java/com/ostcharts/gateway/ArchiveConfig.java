package com.ostcharts.gateway;

import com.ostcharts.contract.ChartWindow;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The chart archive's settings ({@code ost.gateway.archive.*}), validated at start-up.
 *
 * @param dir             where the archive store keeps its data; it survives restarts there, so a restart reads only
 *                        what was archived since. Unset: a temporary directory, removed at exit, and the whole archive
 *                        read again at every start (tests, benchmarks). {@code ./ost up} sets it under the stack's data
 * @param memory          RocksDB's block cache and memtables together, off the Java heap
 * @param periodOneHour   the period of {@code 1h}, as chart-service is configured ({@code ost.chart.period-one-hour}):
 *                        which instants are period boundaries
 * @param periodOneDay    the period of {@code 24h}
 * @param periodSevenDays the period of {@code 7d}
 */
@Context
@ConfigurationProperties("ost.gateway.archive")
public record ArchiveConfig(
        @Nullable Path dir,
        @Bindable(defaultValue = "64MB") @ReadableBytes @Min(16L << 20) long memory,
        @Bindable(defaultValue = "1h") @NotNull Duration periodOneHour,
        @Bindable(defaultValue = "1h") @NotNull Duration periodOneDay,
        @Bindable(defaultValue = "1d") @NotNull Duration periodSevenDays) {

    public ArchiveConfig {
        requirePositive("period-one-hour", periodOneHour);
        requirePositive("period-one-day", periodOneDay);
        requirePositive("period-seven-days", periodSevenDays);
    }

    /** The period a window's charts are archived at: configured for the rolling windows, the calendar's for day and week. */
    Duration periodOf(ChartWindow window) {
        return switch (window) {
            case ONE_HOUR -> periodOneHour;
            case ONE_DAY -> periodOneDay;
            case SEVEN_DAYS -> periodSevenDays;
            case DAY, WEEK -> window.defaultPeriod();
        };
    }

    private static void requirePositive(String name, Duration period) {
        if (period != null && (period.isNegative() || period.toMillis() < 1)) {
            throw new IllegalArgumentException("ost.gateway.archive." + name + " must be at least 1 ms, not " + period);
        }
    }
}
