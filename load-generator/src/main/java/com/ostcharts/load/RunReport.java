package com.ostcharts.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * What one {@code ost-load run} did: counts, latency from when each batch was due, and, if asked, freshness and the
 * verdict; {@code historyDays} is null unless the run was a backfill ({@code --history-days}). {@code clientLateMs}
 * (at a fixed rate only, else null): how late this client itself started each request after it was due, the part of
 * the latency that is the client's, not the server's. {@code failedBy}: the failed events by why (no answer in time,
 * no connection, another status; {@link #failure}), null in reports written before it was kept.
 */
record RunReport(String scenario, String target, int rate, int batch, double seconds, long sent, long accepted, long rejected,
                 long unavailable, long failed, Map<String, Long> failedBy, double acceptedPerSecond, Percentiles latencyMs, Percentiles clientLateMs, Freshness freshnessMs,
                 Freshness warmUpFreshnessMs, Verifier.Result verify, Integer historyDays) {

    /** True unless a verification ran and found a lost play or a chart unlike the reference. */
    boolean verified() {
        return verify == null || verify.passed();
    }

    /** Why a request failed, as {@code failedBy} counts it: the server's silence apart from the client's own trouble. */
    static String failure(Exception e) {
        return switch (e) {
            case HttpConnectTimeoutException connectTimeout -> "no connection in time";
            case HttpTimeoutException timeout -> "no answer in time";
            case ConnectException refused -> "connection refused";
            case IOException lost -> "connection lost";
            default -> e.getClass().getSimpleName();
        };
    }

    /** Why a request with an answer other than 202 or 503 failed. */
    static String failure(int status) {
        return "answered " + status;
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
