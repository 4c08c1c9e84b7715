package com.ostcharts.contract;

import java.util.Map;

/**
 * Who is behind an entry's plays (CONTRACT section 3, "Listeners"): {@code listeners}, the distinct listeners of its
 * counted plays in the window; {@code repeats}, the plays the listener-hour rule did not count because the same
 * listener had already played the track in that hour. Every repeat is by a listener already counted, so the plays
 * offered by those listeners are {@code plays + repeats}.
 */
public record Audience(long listeners, long repeats) {

    /**
     * The contract's default thresholds of offered plays per listener, per window: above what even devoted listeners
     * do (a favourite song a few times an hour, a hit most days of a week), below what a streaming party or a bot
     * farm does (load-generator/README.md gives both scenarios' figures).
     */
    public static final Map<ChartWindow, Double> DEFAULT_CONCENTRATION = Map.of(
            ChartWindow.ONE_HOUR, 4.0, ChartWindow.ONE_DAY, 6.0, ChartWindow.DAY, 6.0,
            ChartWindow.SEVEN_DAYS, 10.0, ChartWindow.WEEK, 10.0);

    /** The sketch's relative standard error: HLL with 2^12 registers (1.04 / 64). */
    public static final double RELATIVE_ERROR = 0.01625;
    /** Up to this many listeners the sketch keeps their hashes, and the count is exact. */
    public static final long EXACT_UP_TO = 300;
    /** What checks accept beyond {@link #EXACT_UP_TO}: five standard errors. */
    public static final double CHECKED_ERROR = 5 * RELATIVE_ERROR;

    /** Plays per listener as the contract gives it: offered plays (counted and repeats) per listener, two decimals. */
    public static Double playsPerListener(long plays, Audience audience) {
        if (audience == null || audience.listeners() <= 0) {
            return null;
        }
        return Math.round((plays + audience.repeats()) * 100.0 / audience.listeners()) / 100.0;
    }

    /** Whether the plays come from too few listeners: offered plays per listener at or above {@code threshold}. */
    public static Boolean concentrated(long plays, Audience audience, double threshold) {
        if (audience == null || audience.listeners() <= 0) {
            return null;
        }
        return plays + audience.repeats() >= threshold * audience.listeners();
    }
}
