package com.ostcharts.load;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One benchmark run ({@code bench/results/latest.json}): each part of OST Charts beside its baseline measured in the
 * same run, as ratios (ours / baseline; null where a figure is missing), with the details behind them.
 */
record BenchResult(String date, String mode, int cores, String command,
                   Double ingestRatio, Ingest ingest,
                   Double chartRatio, Chart chart,
                   Double gatewayRatio, Gateway gateway,
                   long freshnessP99Ms, Freshness freshness,
                   int verifyMismatches, long verifyLost, Verifier.Result verify,
                   IngestUnderLoad ingestUnderLoad) {

    /** Ingest's latency at half its own maximum per request size, and the open-model overload (issue 14). */
    record IngestUnderLoad(List<LatencyAtHalfRate> latencyAtHalfRate, Overload overload) {
    }

    /** Plays per request, that size's maximum plays/s, the open-loop rate (half of it), latency from when each request was due. */
    record LatencyAtHalfRate(int batch, long maxPlaysPerSecond, int ratePlaysPerSecond, RunReport.Percentiles latencyMs) {
    }

    /**
     * Offered plays/s and per request, how long, plays sent, accepted (202), refused (503), failed (no answer or another
     * status), ingest's peak resident memory and peak heap used (-1: no sample answered), whether it lived, and seconds until a single play was accepted again.
     */
    record Overload(int offeredPlaysPerSecond, int batch, double seconds, long sent, long accepted, long refused, long failed,
                    long peakRssMb, long peakHeapMb, boolean alive, double secondsToNormal) {
    }

    record Ingest(double httpEventsPerSecond, double rawProducerRecordsPerSecond, RunReport.Percentiles httpLatencyMs,
                  RawLatency rawProducerLatencyMs) {
    }

    record RawLatency(double avg, long p50, long p95, long p99) {
        static RawLatency of(ProducerPerformanceResult raw) {
            return new RawLatency(raw.avgLatencyMs(), raw.p50(), raw.p95(), raw.p99());
        }
    }

    record Chart(long chartServicePlaysPerSecond, long bareStreamsCountRecordsPerSecond, long records) {
    }

    record Gateway(double gatewayRequestsPerSecond, double nginxRequestsPerSecond,
                   @JsonProperty("gateway_304_requests_per_second") double gateway304RequestsPerSecond,
                   @JsonProperty("nginx_304_requests_per_second") double nginx304RequestsPerSecond,
                   Map<String, String> gatewayLatency, Map<String, String> nginxLatency, long gatewayRssMbUnderLoad) {
    }

    record Freshness(int rate, RunReport.Freshness freshnessMs) {
    }

    /** ours / baseline to two decimals, or null when either is missing or the baseline is 0. */
    static Double ratio(double ours, double baseline) {
        return Double.isNaN(ours) || Double.isNaN(baseline) || baseline == 0 ? null : Math.round(ours / baseline * 100) / 100.0;
    }
}
