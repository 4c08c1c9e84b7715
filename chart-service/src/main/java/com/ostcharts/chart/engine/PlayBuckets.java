package com.ostcharts.chart.engine;

/**
 * The value of a minute bucket ({@code play-buckets}): the counted plays in the low 32 bits, the repeats (plays the
 * listener-hour rule refused) in the high 32. Buckets written before repeats were counted read as repeats 0, so the
 * stored format needs no migration; a bucket is one (minute, scope, track), far from 2^32 plays.
 */
final class PlayBuckets {

    private static final long PLAYS = 0xFFFF_FFFFL;

    private PlayBuckets() {
    }

    static long of(long plays, long repeats) {
        return (repeats << 32) + plays;
    }

    static long plays(long bucket) {
        return bucket & PLAYS;
    }

    static long repeats(long bucket) {
        return bucket >>> 32;
    }
}
