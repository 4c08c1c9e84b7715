package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;

import java.util.Comparator;
import java.util.List;

/**
 * A track's score in one chart, with the metadata stage 1 knows for it (null while unknown) and who played it in the
 * window ({@code null} for a drama's or artist's line, and in partials written before listeners were counted).
 */
record Standing(String trackId, long plays, String title, List<String> artists, String drama, Audience audience) {

    Standing(String trackId, long plays, String title, List<String> artists, String drama) {
        this(trackId, plays, title, artists, drama, null);
    }

    /** Score descending, then trackId ascending: CONTRACT section 2. */
    static final Comparator<Standing> CHART_ORDER = Comparator.comparingLong(Standing::plays).reversed()
            .thenComparing(Standing::trackId);
}
