package com.ostcharts.chart.engine;

import java.util.Comparator;
import java.util.List;

/** A track's score in one chart, with the metadata stage 1 knows for it (null while unknown). */
record Standing(String trackId, long plays, String title, List<String> artists, String drama) {

    /** Score descending, then trackId ascending: CONTRACT section 2. */
    static final Comparator<Standing> CHART_ORDER = Comparator.comparingLong(Standing::plays).reversed()
            .thenComparing(Standing::trackId);
}
