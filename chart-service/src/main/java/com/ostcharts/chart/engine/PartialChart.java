package com.ostcharts.chart.engine;

import java.util.List;

/** One stage-1 partition's own top N of one chart, sent to stage 2 (keyed by chart id) to merge. */
record PartialChart(int partition, List<Standing> standings) {

    PartialChart {
        standings = List.copyOf(standings);
    }
}
