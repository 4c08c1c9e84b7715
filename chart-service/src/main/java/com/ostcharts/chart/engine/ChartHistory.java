package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.Movement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What stage 2 remembers of one chart: its last published version and entries, and the period
 * snapshots that movement, peaks and periods on chart are measured against.
 *
 * @param period          the period the chart is in (multiples of the window's period since the epoch)
 * @param lastSnapshot    rank per track in the last period snapshot
 * @param snapshotHistory per track ever in a snapshot: its best rank and how many snapshots held it
 */
record ChartHistory(long version, long period, List<ChartEntry> published,
                    Map<String, Integer> lastSnapshot, Map<String, Appearances> snapshotHistory) {

    record Appearances(int peakRank, int periods) {
    }

    ChartHistory {
        published = List.copyOf(published);
        lastSnapshot = Map.copyOf(lastSnapshot);
        snapshotHistory = Map.copyOf(snapshotHistory);
    }

    static ChartHistory start(long period) {
        return new ChartHistory(0, period, List.of(), Map.of(), Map.of());
    }

    /** Takes the snapshot at a period boundary: the chart as last published is the chart at that boundary. */
    ChartHistory rollTo(long newPeriod) {
        if (newPeriod <= period) {
            return this;
        }
        Map<String, Integer> snapshot = new HashMap<>();
        Map<String, Appearances> history = new HashMap<>(snapshotHistory);
        for (ChartEntry entry : published) {
            snapshot.put(entry.trackId(), entry.rank());
            history.merge(entry.trackId(), new Appearances(entry.rank(), 1),
                    (was, now) -> new Appearances(Math.min(was.peakRank(), now.peakRank()), was.periods() + 1));
        }
        return new ChartHistory(version, newPeriod, published, snapshot, history);
    }

    /**
     * The entry for a track at {@code rank} now, with its movement against the snapshots, and its listener figures
     * marked {@code concentrated} at {@code concentratedAt} offered plays per listener.
     */
    ChartEntry entry(int rank, Standing standing, double concentratedAt) {
        Integer previous = lastSnapshot.get(standing.trackId());
        Appearances before = snapshotHistory.get(standing.trackId());
        Movement movement;
        if (previous != null) {
            movement = rank < previous ? Movement.UP : rank > previous ? Movement.DOWN : Movement.SAME;
        } else {
            movement = before == null ? Movement.NEW : Movement.RE_ENTRY;
        }
        int peak = before == null ? rank : Math.min(before.peakRank(), rank);
        int periods = (before == null ? 0 : before.periods()) + 1;
        Audience audience = standing.audience();
        return new ChartEntry(rank, standing.trackId(), standing.title(), standing.artists(), standing.drama(),
                standing.plays(), audience == null ? null : audience.listeners(), Audience.playsPerListener(standing.plays(), audience),
                Audience.concentrated(standing.plays(), audience, concentratedAt), previous, movement, peak, periods);
    }

    ChartHistory publish(List<ChartEntry> entries) {
        return new ChartHistory(version + 1, period, entries, lastSnapshot, snapshotHistory);
    }
}
