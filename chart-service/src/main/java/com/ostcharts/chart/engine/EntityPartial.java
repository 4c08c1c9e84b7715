package com.ostcharts.chart.engine;

import java.util.List;

/**
 * One stage-1 partition's plays of every drama or artist in one scope and window (a drama's plays here: the sum of its
 * tracks' plays in this partition), each with its top tracks in this partition (at most {@link #TOP_TRACKS}).
 */
record EntityPartial(int partition, List<EntityStanding> standings) {

    static final int TOP_TRACKS = 3;

    EntityPartial {
        standings = List.copyOf(standings);
    }

    /** One drama or artist: its slug, its name as credited on its top track here, its plays here, its top tracks here. */
    record EntityStanding(String slug, String name, long plays, List<Standing> topTracks) {

        EntityStanding {
            topTracks = List.copyOf(topTracks);
        }
    }
}
