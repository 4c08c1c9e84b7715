package com.ostcharts.load;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.ReferenceCharts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The archive half of {@code --verify} (CONTRACT section 3, "Chart history"): every archived chart on
 * {@code ost.charts.archive.v1} whose period overlaps the run's plays is compared, entry by entry (rank, trackId,
 * plays), with {@link ReferenceCharts#archived}; every period the run's stream time has made final (its end plus the
 * 2-hour lateness bound plus 1 minute, at or before the newest play on the topic) must be archived if its window has
 * a counted play; and no key may be written twice with different content. Fed one record at a time, so the caller
 * can keep reading the topic until the missing periods appear. Periods are the contract's defaults (hourly for
 * {@code 1h} and {@code 24h}, daily for {@code 7d} and {@code day}, weekly for {@code week}).
 */
final class ArchiveCheck {

    /** How long after its period's end an archive becomes final: the lateness bound plus a minute for out-of-order records. */
    static final Duration FINAL_AFTER = Duration.ofHours(2).plusMinutes(1);

    /**
     * What the run covers: the earliest playedAt and the newest record timestamp of its own plays; and the newest record
     * timestamp on the topic, the engine's stream time once it has read everything.
     */
    record Span(Instant firstPlayed, Instant newestArrival, Instant streamTime) {
        boolean covers(Instant periodStart, Instant periodEnd) {
            return periodStart.isBefore(newestArrival) && periodEnd.isAfter(firstPlayed);
        }
    }

    /**
     * The verdict: distinct keys read from the topic, archives of the run's periods compared, periods expected final,
     * archives unlike the reference, expected ones not archived, keys written twice with different content; a few
     * examples for people.
     */
    record Result(long archived, long checked, long expected, int mismatches, int missing, int doubled, List<String> examples) {
        boolean passed() {
            return mismatches == 0 && missing == 0 && doubled == 0;
        }
    }

    private record Candidate(ChartId chart, Instant periodEnd) {
    }

    private final ReferenceCharts model;
    private final Span span;
    /** The run's periods that are final by its stream time, by key; built once, from every chart the model knows. */
    private final Map<String, Candidate> finalPeriods = new LinkedHashMap<>();
    /** Whether a final period has a counted play in its window, so must be archived; computed once per key. */
    private final Map<String, Boolean> mustExist = new HashMap<>();
    /**
     * Each key read, with a fingerprint of its content without {@code asOf} (a rewrite of the same chart at another
     * moment is not a change): the hash, not the chart, as a month of history is gigabytes of entries.
     */
    private final Map<String, Integer> read = new HashMap<>();
    private final List<String> differences = new ArrayList<>();
    private final List<String> doubledKeys = new ArrayList<>();
    private long checked;

    ArchiveCheck(ReferenceCharts model, Span span) {
        this.model = model;
        this.span = span;
        for (ChartId chart : model.charts()) {
            ChartWindow window = chart.window();
            Duration period = window.defaultPeriod();
            long start = window.periodStart(span.firstPlayed().toEpochMilli(), period);
            for (Instant periodStart = Instant.ofEpochMilli(start); periodStart.isBefore(span.newestArrival()); periodStart = periodStart.plus(period)) {
                Instant periodEnd = periodStart.plus(period);
                if (!periodEnd.plus(FINAL_AFTER).isAfter(span.streamTime())) {
                    finalPeriods.put(ArchivedChart.key(chart.value(), periodStart), new Candidate(chart, periodEnd));
                }
            }
        }
    }

    /** One record of the topic, in the order read. */
    void accept(String key, ArchivedChart chart) {
        int content = withoutAsOf(chart).hashCode();
        Integer before = read.putIfAbsent(key, content);
        if (before != null) {
            if (before != content) {
                doubledKeys.add(key + " written twice with different content");
            }
            return;
        }
        if (!key.equals(chart.key())) {
            differences.add(key + ": holds " + chart.key());
            return;
        }
        if (!span.covers(chart.periodStart(), chart.periodEnd())) {
            return; // a period this run has no play in: its plays are not the model's to judge
        }
        checked++;
        Optional<ChartId> id = ChartId.parse(chart.chartId());
        if (id.isEmpty()) {
            differences.add(key + ": not a chart id");
            return;
        }
        List<ReferenceCharts.Line> expected = model.archived(id.get(), chart.periodEnd(), Verifier.CHART_SIZE);
        mustExist.put(key, !expected.isEmpty());
        List<ReferenceCharts.Line> served = lines(chart.entries());
        if (!chart.isFinal()) {
            differences.add(key + ": final is false");
        } else if (!expected.equals(served)) {
            differences.add(key + ": " + Verifier.firstDifference(expected, served));
        }
    }

    /** A record whose value is not an archived chart. */
    void unreadable(String key, String why) {
        read.putIfAbsent(key, 0);
        differences.add(key + ": not an archived chart (" + why + ")");
    }

    /** The final periods with a counted play in their window that have not been read yet, by key, in order. */
    Set<String> missing() {
        Set<String> missing = new TreeSet<>();
        finalPeriods.forEach((key, candidate) -> {
            if (!read.containsKey(key) && mustExist.computeIfAbsent(key,
                    k -> !model.archived(candidate.chart(), candidate.periodEnd(), Verifier.CHART_SIZE).isEmpty())) {
                missing.add(key);
            }
        });
        return missing;
    }

    Result result() {
        Set<String> missing = missing();
        long expected = finalPeriods.keySet().stream().filter(key -> mustExist.getOrDefault(key, false)).count();
        List<String> examples = new ArrayList<>();
        differences.stream().limit(5).forEach(examples::add);
        doubledKeys.stream().limit(5).forEach(examples::add);
        missing.stream().limit(5).map(key -> key + ": final by the run's stream time, not archived").forEach(examples::add);
        return new Result(read.size(), checked, expected, differences.size(), missing.size(), doubledKeys.size(), examples);
    }

    private static ArchivedChart withoutAsOf(ArchivedChart chart) {
        return new ArchivedChart(chart.chartId(), chart.window(), chart.scope(), chart.version(), null, chart.windowStart(),
                chart.windowEnd(), chart.periodStart(), chart.periodEnd(), chart.isFinal(), chart.entries());
    }

    /** What is compared of an archived chart: rank, trackId and plays of each entry. */
    static List<ReferenceCharts.Line> lines(List<ChartEntry> entries) {
        return entries.stream().map(e -> new ReferenceCharts.Line(e.rank(), e.trackId(), e.plays())).toList();
    }
}
