package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartWindow;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;

/**
 * Stage 1's progress through the chart archive, per window: {@code through}, the boundary of the last period it has
 * archived (sent to stage 2), and so the plays of the archive window ending there, {@code [through - length, through)},
 * which {@link PlayCounter} keeps summed per scope and track. A period ending at {@code B} is archived once the archive
 * clock passes {@code B} plus the lateness bound: no play for it can still count.
 * <p>
 * The clock is the newest play timestamp read, less {@link #REORDER_GRACE} for records reaching Kafka slightly out of
 * order; once the partition is quiet, the wall clock (so a quiet partition keeps archiving and its watermarks keep
 * moving). Quiet means no play read for {@link #IDLE_AFTER} <em>and</em> over at least {@link #QUIET_TICKS} ticks after
 * the last one read: wall time alone cannot tell a quiet partition from a lagging one whose thread was away (another
 * task's long tick, a commit, a restore), and archiving by the wall clock then closes periods whose plays are still
 * unread. Between two ticks of a task its thread polls, so a partition with plays to read reads some. Play timestamps
 * only: catalog records carry times of their own.
 */
final class ArchiveFronts {

    static final Duration REORDER_GRACE = Duration.ofMinutes(1);
    static final Duration IDLE_AFTER = Duration.ofSeconds(30);
    static final int QUIET_TICKS = 5;
    private static final long NOT_STARTED = Long.MIN_VALUE;
    private static final ChartWindow[] WINDOWS = ChartWindow.values();

    private final ChartEngineConfig config;
    private final long[] through = new long[WINDOWS.length];
    /** Per window, the minutes of the archive window ending at {@code through}, kept beside it: read for every play. */
    private final long[] backMinute = new long[WINDOWS.length];
    private final long[] frontMinute = new long[WINDOWS.length];
    private KeyValueStore<String, Long> progress;

    ArchiveFronts(ChartEngineConfig config) {
        this.config = config;
    }

    /** Reads the progress from its store; a window never archived has not started. */
    void init(KeyValueStore<String, Long> store) {
        progress = store;
        for (ChartWindow window : WINDOWS) {
            Long stored = store.get(window.label());
            remember(window, stored == null ? NOT_STARTED : stored);
        }
    }

    boolean started() {
        for (long t : through) {
            if (t == NOT_STARTED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts each window not yet started at the last boundary already final at {@code horizon}: nothing before it is
     * archived (there was nothing to read), everything after it will be.
     */
    void start(long horizon) {
        for (ChartWindow window : WINDOWS) {
            if (through[window.ordinal()] == NOT_STARTED) {
                set(window, config.periodStart(window, horizon - CountingRules.LATENESS_BOUND.toMillis()));
            }
        }
    }

    long through(ChartWindow window) {
        return through[window.ordinal()];
    }

    /** The end of the next period to archive. */
    long next(ChartWindow window) {
        return config.periodStart(window, through(window) + config.periodOf(window).toMillis());
    }

    /** Whether the next period is final at {@code horizon}: its end plus the lateness bound has passed. */
    boolean nextIsFinal(ChartWindow window, long horizon) {
        return horizon >= next(window) + CountingRules.LATENESS_BOUND.toMillis();
    }

    /** The first minute of the archive window ending at {@code through}. */
    long backMinute(ChartWindow window) {
        return backMinute[window.ordinal()];
    }

    long frontMinute(ChartWindow window) {
        return frontMinute[window.ordinal()];
    }

    /** Whether a play of {@code minute} lies in the window of the last archived period (so in the totals kept). */
    boolean holds(ChartWindow window, long minute) {
        return minute >= backMinute[window.ordinal()] && minute < frontMinute[window.ordinal()];
    }

    /** The oldest minute any window still needs buckets of: the back of the next archive window. */
    long oldestMinuteNeeded() {
        long oldest = Long.MAX_VALUE;
        for (ChartWindow window : WINDOWS) {
            oldest = Math.min(oldest, backMinute(window));
        }
        return oldest;
    }

    void set(ChartWindow window, long boundary) {
        remember(window, boundary);
        progress.put(window.label(), boundary);
    }

    /** A window not started holds no minute: its front is at the start of time. */
    private void remember(ChartWindow window, long boundary) {
        int i = window.ordinal();
        through[i] = boundary;
        frontMinute[i] = boundary == NOT_STARTED ? Long.MIN_VALUE : CountingRules.minuteOf(boundary);
        backMinute[i] = boundary == NOT_STARTED ? Long.MIN_VALUE : frontMinute[i] - window.length().toMinutes();
    }
}
