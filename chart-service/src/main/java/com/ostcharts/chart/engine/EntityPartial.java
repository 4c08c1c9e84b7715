package com.ostcharts.chart.engine;

import org.apache.datasketches.hll.TgtHllType;

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

    /**
     * One drama or artist: its slug, its name as credited on its top track here, its plays here, its top tracks here,
     * and who played them here ({@code null} in partials from before listeners were counted).
     */
    record EntityStanding(String slug, String name, long plays, List<Standing> topTracks, Listeners listeners) {

        EntityStanding {
            topTracks = List.copyOf(topTracks);
        }

        EntityStanding(String slug, String name, long plays, List<Standing> topTracks) {
            this(slug, name, plays, topTracks, null);
        }
    }

    /**
     * A drama's or artist's listeners in one partition, to be merged with the other partitions': the union of its tracks'
     * sketches of the window's later hours and of all its hours (compact HLL bytes), its tracks' plays of the window's
     * first hour inside the window and in all, and its repeats. Or, {@linkplain #kept() kept}: only its repeats, the
     * rest as this partition last sent them (sketches go every few seconds, plays every tick: chart-service/DESIGN.md).
     */
    record Listeners(byte[] later, byte[] all, long firstHourInside, long firstHourPlays, long repeats) {

        /**
         * The sketches' type on the wire: HLL_8, a union's own type, so stage 2 unions them byte by byte; HLL_4 (half the
         * bytes when dense) was converted on both sides, once by stage 1's result and once per partition by stage 2's
         * union, 14 % of the stream thread at 7,661 plays/s with the demo catalog. Either type is read.
         */
        static final TgtHllType SENT_TYPE = TgtHllType.HLL_8;

        /** Its repeats now, its sketches and first hour's plays as last sent. */
        static Listeners kept(long repeats) {
            return new Listeners(null, null, 0, 0, repeats);
        }

        boolean kept() {
            return later == null;
        }
    }
}
