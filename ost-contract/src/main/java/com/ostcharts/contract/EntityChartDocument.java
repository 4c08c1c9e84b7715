package com.ostcharts.contract;

import java.time.Instant;
import java.util.List;

/**
 * One version of one chart of dramas or of artists, the value on the compacted {@code ost.entity-charts.v1} (key =
 * {@code chartId}, an {@link EntityChartId}).
 */
public record EntityChartDocument(
        String chartId,
        ChartWindow window,
        ChartScope scope,
        long version,
        Instant asOf,
        Instant windowStart,
        Instant windowEnd,
        List<EntityEntry> entries) {

    public EntityChartDocument {
        entries = List.copyOf(entries);
    }

    /** The same version cut to its first {@code limit} entries, as the gateway serves {@code ?limit}. */
    public EntityChartDocument limitedTo(int limit) {
        return entries.size() <= limit ? this
                : new EntityChartDocument(chartId, window, scope, version, asOf, windowStart, windowEnd, entries.subList(0, limit));
    }

    /**
     * One line: a drama or an artist, by slug and by its name as credited on its top track; its plays (the sum of its
     * tracks' plays in the scope and window); the distinct listeners of those plays, plays per listener and the
     * concentration mark as for track entries ({@code null} in versions published before they were counted); its top 3
     * tracks; movement as for track charts.
     */
    public record EntityEntry(int rank, String slug, String name, long plays, Long listeners, Double playsPerListener,
                              Boolean concentrated, List<TopTrack> topTracks, Integer previousRank, Movement movement,
                              int peakRank, int periodsOnChart) {

        public EntityEntry {
            topTracks = List.copyOf(topTracks);
        }

        /** A line without the listener figures. */
        public EntityEntry(int rank, String slug, String name, long plays, List<TopTrack> topTracks,
                           Integer previousRank, Movement movement, int peakRank, int periodsOnChart) {
            this(rank, slug, name, plays, null, null, null, topTracks, previousRank, movement, peakRank, periodsOnChart);
        }
    }

    /** One of an entry's top tracks: its plays in the same scope and window. */
    public record TopTrack(String trackId, String title, long plays) {
    }
}
