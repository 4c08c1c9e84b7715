package com.ostcharts.load;

import org.HdrHistogram.Histogram;

/**
 * What one {@code ost-load run} did: counts, latency from when each batch was due, and, if asked, freshness and the
 * verdict; {@code historyDays} is null unless the run was a backfill ({@code --history-days}). {@code clientLateMs}
 * (at a fixed rate only, else null): how late this client itself started each request after it was due, the part of
 * the latency that is the client's, not the server's.
 */
record RunReport(String scenario, String target, int rate, int batch, double seconds, long sent, long accepted, long rejected,
                 long unavailable, long failed, double acceptedPerSecond, Percentiles latencyMs, Percentiles clientLateMs, Freshness freshnessMs,
                 Freshness warmUpFreshnessMs, Verifier.Result verify, Integer historyDays) {

    /** True unless a verification ran and found a lost play or a chart unlike the reference. */
    boolean verified() {
        return verify == null || verify.passed();
    }

    /** Milliseconds at a few percentiles. */
    record Percentiles(long count, long p50, long p90, long p99, long p999, long max) {
        static Percentiles of(Histogram histogram) {
            return new Percentiles(histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                    histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }
    }

    /** From a probe play's 202 until its chart shows it at the gateway, in milliseconds; probes never seen count as timed out. */
    record Freshness(long count, long p50, long p90, long p99, long max, long timedOut) {
        static Freshness of(Histogram histogram, long timedOut) {
            Percentiles p = Percentiles.of(histogram);
            return new Freshness(p.count(), p.p50(), p.p90(), p.p99(), p.max(), timedOut);
        }
    }
}
