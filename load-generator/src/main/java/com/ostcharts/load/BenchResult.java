package com.ostcharts.load;

import com.fasterxml.jackson.annotation.JsonProperty;

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
                   int verifyMismatches, long verifyLost, Verifier.Result verify) {

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
