package com.ostcharts.contract;

import java.util.List;

/**
 * One line of a chart; {@code title}, {@code artists} and {@code drama} are {@code null} while the track is unknown.
 * {@code listeners}, {@code playsPerListener} and {@code concentrated} (CONTRACT section 3, "Listeners") are
 * {@code null} in versions published before the engine counted listeners.
 */
public record ChartEntry(
        int rank,
        String trackId,
        String title,
        List<String> artists,
        String drama,
        long plays,
        Long listeners,
        Double playsPerListener,
        Boolean concentrated,
        Integer previousRank,
        Movement movement,
        int peakRank,
        int periodsOnChart) {

    public ChartEntry {
        artists = artists == null ? null : List.copyOf(artists);
    }

    /** A line without the listener figures (a version from before they were counted). */
    public ChartEntry(int rank, String trackId, String title, List<String> artists, String drama, long plays,
                      Integer previousRank, Movement movement, int peakRank, int periodsOnChart) {
        this(rank, trackId, title, artists, drama, plays, null, null, null, previousRank, movement, peakRank, periodsOnChart);
    }
}
