package com.ostcharts.contract;

import java.util.List;

/** One line of a chart; {@code title}, {@code artists} and {@code drama} are {@code null} while the track is unknown. */
public record ChartEntry(
        int rank,
        String trackId,
        String title,
        List<String> artists,
        String drama,
        long plays,
        Integer previousRank,
        Movement movement,
        int peakRank,
        int periodsOnChart) {

    public ChartEntry {
        artists = artists == null ? null : List.copyOf(artists);
    }
}
