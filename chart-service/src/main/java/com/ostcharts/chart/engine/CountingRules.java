package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.PlayEvent;

import java.time.Duration;
import java.util.List;

/** The counting rules of CONTRACT section 2, in the order they apply. Fixed by contract, not configuration. */
final class CountingRules {

    static final long MIN_MS_PLAYED = 30_000;
    static final Duration LATENESS_BOUND = Duration.ofHours(2);

    private static final long MINUTE_MS = 60_000;
    private static final long HOUR_MS = 3_600_000;

    private CountingRules() {
    }

    static boolean longEnough(PlayEvent play) {
        return play.msPlayed() >= MIN_MS_PLAYED;
    }

    /** Judged from the record timestamp ingest set on acceptance, so a replay decides the same way. */
    static boolean onTime(PlayEvent play, long arrivalMs) {
        return arrivalMs - play.playedAt().toEpochMilli() <= LATENESS_BOUND.toMillis();
    }

    /** The clock hour of {@code playedAt} in UTC, counted from the epoch: one counted play per listener, track and hour. */
    static long hourOf(PlayEvent play) {
        return Math.floorDiv(play.playedAt().toEpochMilli(), HOUR_MS);
    }

    static long minuteOf(long epochMs) {
        return Math.floorDiv(epochMs, MINUTE_MS);
    }

    /** Every chart scope a play counts in. */
    static List<ChartScope> scopesOf(PlayEvent play) {
        return scopesOf(play.country(), play.platform());
    }

    /** Every chart scope a play from {@code country} on {@code platform} counts in. */
    static List<ChartScope> scopesOf(String country, String platform) {
        return List.of(ChartScope.GLOBAL, ChartScope.country(country), ChartScope.platform(platform));
    }
}
