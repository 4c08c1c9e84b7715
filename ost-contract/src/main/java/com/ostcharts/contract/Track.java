package com.ostcharts.contract;

import java.time.LocalDate;
import java.util.List;

/** Track metadata, the value on the compacted {@code ost.tracks.v1} (key = {@code trackId}). */
public record Track(
        String trackId,
        String title,
        List<String> artists,
        String drama,
        Integer dramaYear,
        LocalDate releaseDate,
        Integer ostPart) {

    public Track {
        artists = artists == null ? null : List.copyOf(artists);
    }
}
