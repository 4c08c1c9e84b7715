package com.ostcharts.load;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.Track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Chart history as chart-service would have archived it, made up for the bench: every period of one global chart over
 * {@code days} ending at a period boundary, 100 entries each. The tracks are the demo catalog's OSTs, then synthetic
 * ones with their metadata's shape (so an entry weighs what a real one does); each is released at a random moment
 * (half of them before the history starts), peaks then and fades with its own half-life, Zipf popularity among them,
 * a little noise per period; movement, peak rank and periods on chart are measured against the previous period, as the
 * contract says. Seeded: the same chart and end give the same history.
 */
final class SyntheticArchive {

    /** Tracks that come and go: three times a chart, so the chart turns over and a track's trajectory has gaps. */
    static final int TRACKS = 300;
    static final int ENTRIES = 100;

    /** One chart's periods: the first starts at {@code firstStart}; {@code periods} of them, back to back. */
    record Plan(ChartId chart, Instant firstStart, int periods) {
        Duration period() {
            return chart.window().defaultPeriod();
        }

        Instant end() {
            return firstStart.plus(period().multipliedBy(periods));
        }

        Instant periodStart(int index) {
            return firstStart.plus(period().multipliedBy(index));
        }
    }

    /** The global chart of {@code window}: its periods over the {@code days} before the last boundary at or before {@code before}. */
    static Plan plan(ChartWindow window, Instant before, int days) {
        Duration period = window.defaultPeriod();
        Instant end = Instant.ofEpochMilli(window.periodStart(before.toEpochMilli(), period));
        int periods = (int) (Duration.ofDays(days).toMillis() / period.toMillis());
        return new Plan(new ChartId(ChartScope.GLOBAL, window), end.minus(period.multipliedBy(periods)), periods);
    }

    /** The demo catalog, then synthetic tracks ({@code synthetic-<n>}, as {@link TrackCatalog} names them) shaped like it. */
    static List<Track> tracks() {
        List<Track> demo = DemoCatalog.load();
        List<Track> tracks = new ArrayList<>(demo);
        for (int i = demo.size(); i < TRACKS; i++) {
            Track like = demo.get(i % demo.size());
            tracks.add(new Track("synthetic-" + i, like.title() + " (Part " + (i / demo.size() + 1) + ")", like.artists(), like.drama(),
                    like.dramaYear(), null, null));
        }
        return tracks;
    }

    private record Life(Track track, double weight, long releasedMs, double halfLifeMs) {
        double popularity(long atMs) {
            return atMs < releasedMs ? 0 : weight * Math.pow(0.5, (atMs - releasedMs) / halfLifeMs);
        }
    }

    private SyntheticArchive() {
    }

    /** Hands every archived chart of {@code plan} to {@code sink}, oldest first. */
    static void generate(Plan plan, List<Track> tracks, Consumer<ArchivedChart> sink) {
        Random random = new Random(plan.chart().value().hashCode());
        long firstMs = plan.firstStart().toEpochMilli();
        long spanMs = plan.end().toEpochMilli() - firstMs;
        List<Integer> ranks = new ArrayList<>();
        for (int i = 1; i <= tracks.size(); i++) {
            ranks.add(i);
        }
        Collections.shuffle(ranks, random);
        List<Life> lives = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            lives.add(new Life(tracks.get(i), 1 / Math.pow(ranks.get(i), 0.8), firstMs - spanMs + (long) (random.nextDouble() * 2 * spanMs),
                    Duration.ofDays(30 + random.nextInt(150)).toMillis()));
        }
        ChartWindow window = plan.chart().window();
        double playsPerPeriod = 20_000.0 * window.length().toHours();
        Map<String, Integer> previousRanks = new HashMap<>();
        Map<String, Integer> peaks = new HashMap<>();
        Map<String, Integer> periodsOn = new HashMap<>();
        for (int index = 0; index < plan.periods(); index++) {
            Instant periodStart = plan.periodStart(index);
            Instant periodEnd = periodStart.plus(plan.period());
            Instant windowStart = window.calendar() ? periodStart : periodEnd.minus(window.length());
            long middle = (windowStart.toEpochMilli() + periodEnd.toEpochMilli()) / 2;
            List<Map.Entry<Track, Long>> scored = new ArrayList<>();
            for (Life life : lives) {
                double popularity = life.popularity(middle);
                if (popularity > 0) { // released: a faded track still has its few faithful listeners
                    scored.add(Map.entry(life.track(), Math.max(1, Math.round(popularity * playsPerPeriod * (0.9 + 0.2 * random.nextDouble())))));
                }
            }
            scored.sort(Map.Entry.<Track, Long>comparingByValue().reversed().thenComparing(e -> e.getKey().trackId(), Comparator.naturalOrder()));
            List<ChartEntry> entries = new ArrayList<>(ENTRIES);
            Map<String, Integer> ranksNow = new HashMap<>();
            for (Map.Entry<Track, Long> line : scored.subList(0, Math.min(ENTRIES, scored.size()))) {
                Track track = line.getKey();
                int rank = entries.size() + 1;
                Integer previous = previousRanks.get(track.trackId());
                Movement movement = previous == null ? (periodsOn.containsKey(track.trackId()) ? Movement.RE_ENTRY : Movement.NEW)
                        : rank < previous ? Movement.UP : rank > previous ? Movement.DOWN : Movement.SAME;
                int peak = Math.min(rank, peaks.getOrDefault(track.trackId(), rank));
                int on = periodsOn.getOrDefault(track.trackId(), 0) + 1;
                peaks.put(track.trackId(), peak);
                periodsOn.put(track.trackId(), on);
                ranksNow.put(track.trackId(), rank);
                entries.add(new ChartEntry(rank, track.trackId(), track.title(), track.artists(), track.drama(), line.getValue(), previous,
                        movement, peak, on));
            }
            previousRanks = ranksNow;
            sink.accept(new ArchivedChart(plan.chart().value(), window, plan.chart().scope(), index + 1L,
                    periodEnd.plus(ArchiveCheck.FINAL_AFTER), windowStart, periodEnd, periodStart, periodEnd, true, entries));
        }
    }
}
