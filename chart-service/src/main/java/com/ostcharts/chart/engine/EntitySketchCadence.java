package com.ostcharts.chart.engine;

import com.ostcharts.contract.EntityChartId;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When stage 1 sends a drama's or artist's listener sketches. Its plays go every tick; its sketches (two HLL sketches,
 * most of a partial's bytes, and most of both stages' work at every tick) only in the first tick of each listener
 * period ({@link ChartEngineConfig#entityListenersEvery()}, aligned to the wall clock so every partition refreshes in
 * the same tick), or when it is new in this partition's partial. In between its listeners go
 * {@linkplain EntityPartial.Listeners#kept() kept}: stage 2 still holds the last sketches this partition sent of it,
 * because it holds exactly those of the slugs in this partition's last partial of that chart, and each of them was
 * sent sketched at least once. A chart sent with kept listeners is sent again in the next period's first tick, with
 * sketches, even if nothing else changed: so a listener figure lags its plays by at most one period.
 * <p>
 * In memory only: after a start nothing is known to be held, so the first partial of every chart is sketched in full.
 */
final class EntitySketchCadence {

    private final long everyMs;
    private long period = Long.MIN_VALUE;
    private final Map<EntityChartId, Sent> sent = new HashMap<>();

    /**
     * What this partition last sent of one chart: the listener period of its last full sketches, the slugs in it (whose
     * sketches stage 2 holds), and whether any of them went kept since.
     */
    private record Sent(long period, Set<String> slugs, boolean kept) {
    }

    EntitySketchCadence(Duration every) {
        this.everyMs = every.toMillis();
    }

    void clear() {
        sent.clear();
        period = Long.MIN_VALUE;
    }

    /**
     * Starts a tick at {@code now}: in the first tick of a listener period, the charts sent with kept listeners in the
     * last one, to be sent again with their sketches.
     */
    Set<EntityChartId> startTick(long now) {
        long current = everyMs == 0 ? now : Math.floorDiv(now, everyMs);
        if (current == period) {
            return Set.of();
        }
        period = current;
        Set<EntityChartId> stale = new HashSet<>();
        sent.forEach((chart, last) -> {
            if (last.kept()) {
                stale.add(chart);
            }
        });
        return stale;
    }

    /** Whether this tick's partial of {@code chart} carries the sketches of {@code slug}. */
    boolean sketch(EntityChartId chart, String slug) {
        Sent last = sent.get(chart);
        return everyMs == 0 || last == null || last.period() != period || !last.slugs().contains(slug);
    }

    /** Notes the partial of {@code chart} just sent. */
    void sent(EntityChartId chart, List<EntityPartial.EntityStanding> standings) {
        if (standings.isEmpty()) {
            sent.remove(chart); // stage 2 holds no sketches of this partition's for it now
            return;
        }
        Set<String> slugs = new HashSet<>();
        boolean kept = false;
        for (EntityPartial.EntityStanding standing : standings) {
            slugs.add(standing.slug());
            kept |= standing.listeners() != null && standing.listeners().kept();
        }
        // Every slug sketched: this period's sketches. Else some are older than the plays sent with them.
        sent.put(chart, kept ? new Sent(sent.get(chart).period(), slugs, true) : new Sent(period, slugs, false));
    }
}
