package com.ostcharts.contract;

import java.time.Instant;
import java.util.List;

/** One version of one chart, the value on the compacted {@code ost.charts.v1} (key = {@code chartId}). */
public record ChartDocument(
        String chartId,
        ChartWindow window,
        ChartScope scope,
        long version,
        Instant asOf,
        Instant windowStart,
        Instant windowEnd,
        List<ChartEntry> entries) {

    public ChartDocument {
        entries = List.copyOf(entries);
    }

    /** The same version cut to its first {@code limit} entries, as the gateway serves {@code ?limit}. */
    public ChartDocument limitedTo(int limit) {
        return entries.size() <= limit ? this
                : new ChartDocument(chartId, window, scope, version, asOf, windowStart, windowEnd, entries.subList(0, limit));
    }
}
