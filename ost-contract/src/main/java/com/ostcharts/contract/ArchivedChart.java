package com.ostcharts.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A chart as it stood at the end of one of its periods, the value on {@code ost.charts.archive.v1} (key =
 * {@link #key()}). Written once, when no play for it can still count (the period's end plus the lateness bound), so
 * it is final and never changes. {@code version} counts the archived periods of this chart up to this one;
 * {@code windowStart}/{@code windowEnd} are the plays it counts (for {@code 24h}, the 24 hours ending at
 * {@code periodEnd}); movement is against the chart's previous archived period.
 */
public record ArchivedChart(
        String chartId,
        ChartWindow window,
        ChartScope scope,
        long version,
        Instant asOf,
        Instant windowStart,
        Instant windowEnd,
        Instant periodStart,
        Instant periodEnd,
        @JsonProperty("final") boolean isFinal,
        List<ChartEntry> entries) {

    public ArchivedChart {
        entries = List.copyOf(entries);
    }

    /** The archive topic's key: chart id and period start, {@code global/day@2026-11-29T00:00:00Z}. */
    public String key() {
        return key(chartId, periodStart);
    }

    public static String key(String chartId, Instant periodStart) {
        return chartId + "@" + periodStart;
    }

    /** The same archived chart cut to its first {@code limit} entries. */
    public ArchivedChart limitedTo(int limit) {
        return entries.size() <= limit ? this
                : new ArchivedChart(chartId, window, scope, version, asOf, windowStart, windowEnd, periodStart, periodEnd,
                isFinal, entries.subList(0, limit));
    }
}
