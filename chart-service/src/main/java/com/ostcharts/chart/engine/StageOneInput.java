package com.ostcharts.chart.engine;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;

/** What stage 1 reads: plays, and catalog changes for the same tracks (co-partitioned by trackId). */
sealed interface StageOneInput {

    record Play(PlayEvent play) implements StageOneInput {
    }

    /** {@code track} is null for a tombstone: the catalog forgot the track. */
    record Metadata(Track track) implements StageOneInput {
    }
}
