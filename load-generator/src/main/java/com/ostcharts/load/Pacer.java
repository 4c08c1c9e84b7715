package com.ostcharts.load;

import java.time.Duration;

/**
 * Open-loop pacing: when each batch is due, computed from the start, the rate and the batch size alone, never from
 * when the previous batch was answered (so a slow server cannot slow the schedule and hide its delay). With a day
 * length, the rate follows a simulated day: 0.4 times the rate at its start (night), 1.6 times at its middle (peak).
 * Pure arithmetic on nanosecond timestamps: the caller waits until each due time.
 */
final class Pacer {

    private final long start;
    private final double interval;
    private final Duration dayLength;
    private double next;

    /** @param rate events per second, 0 for as fast as the target takes them (every batch due at once) */
    Pacer(long startNanos, int rate, int batch, Duration dayLength) {
        this.start = startNanos;
        this.interval = rate > 0 ? batch * 1e9 / rate : 0;
        this.dayLength = dayLength;
        this.next = startNanos;
    }

    /** The time (as {@link System#nanoTime()}) the next batch is due. */
    long nextDue() {
        long due = (long) next;
        next += interval / dayFactor(due - start);
        return due;
    }

    /** 1 without a day length; else a cosine over the day: 0.4 at its start, 1.6 at its middle. */
    double dayFactor(long elapsedNanos) {
        if (dayLength == null) {
            return 1;
        }
        return 1 - 0.6 * Math.cos(2 * Math.PI * elapsedNanos / dayLength.toNanos());
    }
}
