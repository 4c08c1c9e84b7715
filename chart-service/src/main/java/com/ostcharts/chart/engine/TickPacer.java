package com.ostcharts.chart.engine;

import java.time.Duration;

/**
 * How often the ticks' chart work runs on a stream thread. Sending changed partials (stage 1) and publishing changed
 * charts (stage 2) cost in proportion to the charts that changed, not to the plays: under load nearly every chart
 * changes between two ticks, so at a fixed interval the ticks take a fixed, large share of the thread whatever the
 * rate, and the plays fall behind. So each stream thread measures the share of its time its tasks' chart work took over
 * the last second and, while that is above {@link ChartEngineConfig.Pacing#chartShare()} <em>and</em> its input is
 * {@link #LIVE_LAG_MS} or more behind the wall clock, stretches the intervals of all its tasks (up to
 * {@link ChartEngineConfig.Pacing#maxStretch()} times): charts update less often, each update carrying more plays, and
 * counting catches up. While its input is live the intervals shrink back to the configured ones, whatever the share:
 * a thread that keeps up has time to spare (in a wall-clock profile at 5,000 plays/s a fifth of it waiting in poll and
 * another fifth in the commit's flush), and stretching its ticks then only made the charts later (a stretch of 2 to 5
 * measured, freshness p50 1.6 s, with the plays read within a few hundred ms).
 * <p>
 * Behind its input (catching up after a restart or an outage, or a backlog), a chart can be no fresher than the plays
 * its task is reading: updating it every 2 s while those plays are a minute old only spends the time the backlog
 * needs. So each task tells its schedule the timestamps of the records it reads, and while the newest of them is
 * {@code L} behind the wall clock that task's chart work waits up to {@code L / }{@link #BEHIND_FRACTION} (at most
 * {@link #MAX_BEHIND_WAIT_MS}) between runs: a chart then trails its plays by about {@code 1.25 L} instead of
 * {@code L} plus an interval. Live (L under a second or two) this adds nothing; once the task reads fresh records
 * again, its next punctuation is due at once.
 * <p>
 * One budget per stream thread, not per task: a thread runs every task it owns, so budgets per task would add up to
 * more than the thread has. Nothing durable depends on it: a skipped tick leaves its charts marked changed, and the
 * next one that runs sends them.
 */
final class TickPacer {

    /** How often a thread compares the share its chart work took with the target, and adjusts. */
    static final long ADJUST_EVERY_MS = 1_000;
    /** The most an adjustment changes the stretch by, either way: a burst (a restart re-sending everything) stays a blip. */
    private static final double MAX_STEP = 2.0;
    /** Behind its input by {@code L}, the chart work may wait {@code L / BEHIND_FRACTION} between runs... */
    static final int BEHIND_FRACTION = 4;
    /** ...but never longer than this: a replay of days still shows its charts moving. */
    static final long MAX_BEHIND_WAIT_MS = 10_000;
    /** A thread whose tasks read records at most this far behind the wall clock keeps up: its ticks need no stretch. */
    static final long LIVE_LAG_MS = 1_000;
    /** While live, the stretch shrinks by at least this factor a second, so a thread that caught up is soon fresh again. */
    private static final double LIVE_SHRINK = 0.8;

    private final ChartEngineConfig.Pacing pacing;
    private final ThreadLocal<ThreadPace> threads = ThreadLocal.withInitial(ThreadPace::new);

    /** One stream thread's measure: its stretch, and the chart work since {@code since} (wall clock, ms). */
    private static final class ThreadPace {
        double stretch = 1;
        long since = Long.MIN_VALUE;
        long workedNanos;
        /** The most any of its tasks was behind its input since {@code since}. */
        long behindMs;
    }

    TickPacer(ChartEngineConfig.Pacing pacing) {
        this.pacing = pacing;
    }

    /** A task's chart work at {@code interval}, paced by its thread's share. */
    Schedule schedule(Duration interval) {
        return new Schedule(interval);
    }

    /**
     * One task's chart work: when it last ran, the newest record its task read since the last punctuation, how far behind
     * the wall clock its input was when it last read any ({@code behindAt}), and whether the work runs now.
     */
    final class Schedule {
        private final long intervalMs;
        private long lastRun = Long.MIN_VALUE;
        private long newestRead = Long.MIN_VALUE;
        private long behindMs;
        private long behindAt = Long.MIN_VALUE;

        private Schedule(Duration interval) {
            this.intervalMs = interval.toMillis();
        }

        /** The task (re)starts: its next punctuation runs the chart work. */
        void restart() {
            lastRun = Long.MIN_VALUE;
            newestRead = Long.MIN_VALUE;
            behindMs = 0;
        }

        /** The task read a record with this timestamp (its input's: a play's arrival, a partial's tick). */
        void read(long recordTimestamp) {
            if (recordTimestamp > newestRead) {
                newestRead = recordTimestamp;
            }
        }

        /**
         * Runs {@code work} at {@code now} (the punctuation's wall-clock time) if it is due, counting its time against the
         * thread's share. Punctuations come about one interval apart, a little early or late: at a stretch of 1 every one
         * is due, at 3 every third.
         */
        void runIfDue(long now, Runnable work) {
            if (pacing.on()) {
                noteBehind(now);
                if (lastRun != Long.MIN_VALUE && now - lastRun < dueAfterMs()) {
                    return; // its charts stay marked changed: the next due tick sends them, each with more plays
                }
            }
            lastRun = now;
            run(now, work);
        }

        /** Its own input's lag, not the thread's: a stage-2 task reading fresh partials is not held by a stage-1 backlog. */
        private void noteBehind(long now) {
            if (newestRead != Long.MIN_VALUE) {
                behindMs = Math.max(0, now - newestRead);
                behindAt = now;
                newestRead = Long.MIN_VALUE;
            } else if (behindAt == Long.MIN_VALUE || now - behindAt >= ADJUST_EVERY_MS) {
                behindMs = 0; // read nothing for a second: not behind anything
            }
            ThreadPace pace = threads.get();
            pace.behindMs = Math.max(pace.behindMs, behindMs);
        }

        /** How long after its last run the chart work is due: its thread's stretch, or a quarter of its lag. */
        private double dueAfterMs() {
            double waitBehind = Math.min(behindMs / (double) BEHIND_FRACTION, MAX_BEHIND_WAIT_MS);
            return Math.max(threads.get().stretch * intervalMs, waitBehind) - 0.5 * intervalMs;
        }

        /** How many of its configured intervals apart this chart work runs now: 1 unless paced. */
        double stretch() {
            return pacing.on() ? dueAfterMs() / intervalMs + 0.5 : 1.0;
        }
    }

    private void run(long now, Runnable work) {
        if (!pacing.on()) {
            work.run();
            return;
        }
        ThreadPace pace = threads.get();
        long start = pacing.nanoClock().getAsLong();
        work.run();
        pace.workedNanos += pacing.nanoClock().getAsLong() - start;
        if (pace.since == Long.MIN_VALUE) {
            pace.since = now;
            return;
        }
        long elapsedMs = now - pace.since;
        if (elapsedMs >= ADJUST_EVERY_MS) {
            double share = pace.workedNanos / (elapsedMs * 1e6);
            double step = Math.clamp(share / pacing.chartShare(), 1 / MAX_STEP, MAX_STEP);
            if (pace.behindMs < LIVE_LAG_MS) {
                step = Math.min(step, LIVE_SHRINK);
            }
            pace.stretch = Math.clamp(pace.stretch * step, 1.0, pacing.maxStretch());
            pace.since = now;
            pace.workedNanos = 0;
            pace.behindMs = 0;
        }
    }

    /** How many configured intervals apart this thread's share lets its chart work run: 1 unless it was above it. */
    double stretch() {
        return threads.get().stretch;
    }
}
