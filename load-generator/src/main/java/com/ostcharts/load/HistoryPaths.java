package com.ostcharts.load;

import com.ostcharts.contract.ChartId;

import java.time.Instant;

/**
 * The gateway's chart-history requests (CONTRACT section 5, "Chart history"), as a dashboard makes them. Every part is
 * safe in a URL as it is: chart ids, slugs and trackIds are of {@code a-z 0-9 . _ - /}, instants RFC 3339 in UTC.
 */
final class HistoryPaths {

    private HistoryPaths() {
    }

    /** The live chart: {@code /api/v1/charts/global/24h}. */
    static String live(ChartId chart) {
        return "/api/v1/charts/" + chart.value();
    }

    /** Archived periods whose start lies in {@code [from, to)}, newest first, at most {@code limit} (1..1000). */
    static String periods(ChartId chart, Instant from, Instant to, int limit) {
        return live(chart) + "/periods?from=" + from + "&to=" + to + "&limit=" + limit;
    }

    /** One archived chart. */
    static String period(ChartId chart, Instant periodStart) {
        return live(chart) + "/periods/" + periodStart;
    }

    /** A track's rank and plays on each archived period of {@code chart} in {@code [from, to)}. */
    static String trajectory(String trackId, ChartId chart, Instant from, Instant to) {
        return "/api/v1/tracks/" + trackId + "/history?chart=" + chart.value() + "&from=" + from + "&to=" + to;
    }
}
