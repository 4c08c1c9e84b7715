package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Stage 1's running totals, in memory: per scope and track, the counted plays in each window (by the window's
 * ordinal), then the repeats in each window (the plays the listener-hour rule refused, {@link #repeats}). Derived
 * state: the sum of the minute buckets inside each window, rebuilt from them when a task starts, so it needs neither a
 * store nor a changelog. A track whose totals all fall to zero is forgotten.
 */
final class RunningTotals {

    private static final int WINDOWS = ChartWindow.values().length;

    private final Map<ChartScope, Map<String, long[]>> byScope = new HashMap<>();

    void add(ChartScope scope, String trackId, ChartWindow window, long plays, long repeats) {
        add(scope, trackId, 1 << window.ordinal(), plays, repeats);
    }

    /**
     * Adds to the totals of every window in {@code windows} (a bit per window ordinal) at once: a play is in up to five
     * windows: one lookup of its totals instead of five.
     */
    void add(ChartScope scope, String trackId, int windows, long plays, long repeats) {
        if (windows == 0) {
            return;
        }
        Map<String, long[]> tracks = byScope.computeIfAbsent(scope, s -> new HashMap<>());
        long[] totals = tracks.computeIfAbsent(trackId, t -> new long[2 * WINDOWS]);
        for (int window = 0; window < WINDOWS; window++) {
            if ((windows & (1 << window)) != 0) {
                totals[window] += plays;
                totals[WINDOWS + window] += repeats;
            }
        }
        if ((plays < 0 || repeats < 0) && isZero(totals)) {
            tracks.remove(trackId);
            if (tracks.isEmpty()) {
                byScope.remove(scope);
            }
        }
    }

    /** The repeats in {@code window} of a track's totals (as {@link #of} or {@link #forEachTrack} give them). */
    static long repeats(long[] totals, ChartWindow window) {
        return totals[WINDOWS + window.ordinal()];
    }

    /** Every track with plays in {@code scope}, with its plays per window (by ordinal; do not modify). */
    void forEachTrack(ChartScope scope, BiConsumer<String, long[]> action) {
        byScope.getOrDefault(scope, Map.of()).forEach(action);
    }

    /** A track's plays per window in {@code scope} (by ordinal; do not modify); {@code null} when it has none. */
    long[] of(ChartScope scope, String trackId) {
        Map<String, long[]> tracks = byScope.get(scope);
        return tracks == null ? null : tracks.get(trackId);
    }

    Collection<ChartScope> scopes() {
        return byScope.keySet();
    }

    void clear() {
        byScope.clear();
    }

    private static boolean isZero(long[] plays) {
        for (long p : plays) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    /** A bucket's {@code scope|track} part, parsed; {@code null} for a scope this version does not know. */
    record Key(ChartScope scope, String trackId) {
        static Key parse(String scopeTrack) {
            int separator = scopeTrack.indexOf(StoreKeys.SEPARATOR); // a scope path has none; what follows is the trackId
            return ChartScope.fromPath(scopeTrack.substring(0, separator))
                    .map(scope -> new Key(scope, scopeTrack.substring(separator + 1)))
                    .orElse(null);
        }
    }
}
