package com.ostcharts.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A chart of dramas or of artists as it stood at the end of one of its periods, the value on
 * {@code ost.entity-charts.archive.v1} (key = {@link #key()}): what {@link ArchivedChart} is to a track chart, with
 * the entries of an {@link EntityChartDocument}. Written once, when the period is final, and never changed.
 */
public record ArchivedEntityChart(
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
        List<EntityChartDocument.EntityEntry> entries) {

    public ArchivedEntityChart {
        entries = List.copyOf(entries);
    }

    /** The archive topic's key: chart id and period start, {@code drama-charts/global/day@2026-11-29T00:00:00Z}. */
    public String key() {
        return ArchivedChart.key(chartId, periodStart);
    }

    /** The same archived chart cut to its first {@code limit} entries. */
    public ArchivedEntityChart limitedTo(int limit) {
        return entries.size() <= limit ? this
                : new ArchivedEntityChart(chartId, window, scope, version, asOf, windowStart, windowEnd, periodStart, periodEnd,
                isFinal, entries.subList(0, limit));
    }
}
