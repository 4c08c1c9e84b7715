package com.ostcharts.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * One scaling run ({@code bench/results/scale-latest.json}): chart-service's instances changing under steady load, and
 * what the freshness probes saw in each phase, from the event that began it to the next.
 *
 * @param run the whole run's counts and the verdict of its verification
 */
record ScaleReport(String date, String command, int rate, int phaseSeconds, List<Phase> phases, RunReport run) {

    /** Fresh means visible within this many milliseconds of the 202. */
    static final long FRESH_MS = 1_000;

    /**
     * One phase.
     *
     * @param event              what happened at its start
     * @param instances          chart-service instances running during it
     * @param probes             probes accepted in it
     * @param timedOut           of those, never seen within 60 s
     * @param secondsUntilFresh  from the event until the last probe of the phase slower than {@link #FRESH_MS} became
     *                           visible (or gave up): after it, every probe of the phase was fresh; 0 if none was slow
     */
    record Phase(String name, String event, int instances, long probes, long p50Ms, long p99Ms, long maxMs, long timedOut,
                 double secondsUntilFresh) {

        /** The phase from {@code fromMs} (its event) to {@code toMs}, from every probe of the run. */
        static Phase of(String name, String event, int instances, long fromMs, long toMs, List<FreshnessProbe.Seen> probes) {
            Histogram latencies = new Histogram(3);
            long timedOut = 0;
            long lastSlowSeenMs = fromMs;
            for (FreshnessProbe.Seen probe : probes) {
                if (probe.acceptedAtMs() < fromMs || probe.acceptedAtMs() >= toMs) {
                    continue;
                }
                if (probe.latencyMs() < 0) {
                    timedOut++;
                    lastSlowSeenMs = Math.max(lastSlowSeenMs, toMs);
                    continue;
                }
                latencies.recordValue(probe.latencyMs());
                if (probe.latencyMs() > FRESH_MS) {
                    lastSlowSeenMs = Math.max(lastSlowSeenMs, probe.acceptedAtMs() + probe.latencyMs());
                }
            }
            return new Phase(name, event, instances, latencies.getTotalCount() + timedOut, latencies.getValueAtPercentile(50),
                    latencies.getValueAtPercentile(99), latencies.getMaxValue(), timedOut,
                    Math.round((lastSlowSeenMs - fromMs) / 100.0) / 10.0);
        }

        String summary() {
            return String.format("%-10s %d instance(s), %s: %,d probes, freshness p50 %,d ms, p99 %,d ms, max %,d ms, %d never seen; "
                    + "fresh (<= %,d ms) again %.1f s after it", name, instances, event, probes, p50Ms, p99Ms, maxMs, timedOut,
                    FRESH_MS, secondsUntilFresh);
        }
    }
}
