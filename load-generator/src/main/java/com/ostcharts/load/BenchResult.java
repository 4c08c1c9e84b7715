package com.ostcharts.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.HdrHistogram.Histogram;

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
                   IngestUnderLoad ingestUnderLoad,
                   Double archivedChartRatio, Double trajectoryRatio, ArchiveReads archiveReads) {

    /**
     * Chart history read from the gateway (issue 15): what was archived for it (global charts, days, periods, MB of JSON,
     * seconds to write, seconds until the gateway listed every period), then the latency of the live chart (the same
     * run's baseline), one archived chart and a 400-day trajectory, taking turns from {@code clients} closed loops for
     * {@code seconds}. {@code note} says why nothing was measured, when it was not.
     */
    record ArchiveReads(List<String> charts, int days, long periods, long jsonMb, double writeSeconds, Double gatewaySeconds, int clients,
                        long seconds, Latency liveChart, Latency archivedChart, Latency trajectory, String note) {

        static ArchiveReads notMeasured(List<String> charts, int days, long periods, ArchiveReadBench.Written written, String note) {
            return new ArchiveReads(charts, days, periods, written == null ? 0 : written.bytes() >> 20, written == null ? 0 : written.seconds(),
                    null, 0, 0, null, null, null, note);
        }

        /** p99 of {@code latency} over the live chart's p99, or null when either is missing. */
        Double ratioToLive(Latency latency) {
            return latency == null || liveChart == null ? null : ratio(latency.p99Ms(), liveChart.p99Ms());
        }
    }

    /** Answers 200 timed (to the last byte of the body) and their percentiles in milliseconds, to 0.1 ms; other answers as errors. */
    record Latency(long count, long errors, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
        static Latency of(Histogram micros, long errors) {
            return new Latency(micros.getTotalCount(), errors, ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                    ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
        }

        private static double ms(long micros) {
            return Math.round(micros / 100.0) / 10.0;
        }
    }

    /** Ingest's latency at half its own maximum per request size, and the open-model overload (issue 14). */
    record IngestUnderLoad(List<LatencyAtHalfRate> latencyAtHalfRate, Overload overload) {
    }

    /**
     * Plays per request, that size's maximum plays/s, the open-loop rate (half of it), latency from when each request was
     * due, and how late the client itself started them (its share of that latency; null in results written before).
     */
    record LatencyAtHalfRate(int batch, long maxPlaysPerSecond, int ratePlaysPerSecond, RunReport.Percentiles latencyMs,
                             RunReport.Percentiles clientLateMs) {
    }

    /**
     * Offered plays/s and per request, how long, plays sent, accepted (202), refused (503), failed (no answer or another
     * status) and those by why ({@link RunReport#failure}; null in results written before), ingest's peak resident memory and peak heap used (-1: no sample answered), whether it lived, and seconds until a single play was accepted again.
     */
    record Overload(int offeredPlaysPerSecond, int batch, double seconds, long sent, long accepted, long refused, long failed,
                    Map<String, Long> failedBy, long peakRssMb, long peakHeapMb, boolean alive, double secondsToNormal) {
    }

    record Ingest(double httpEventsPerSecond, double rawProducerRecordsPerSecond, RunReport.Percentiles httpLatencyMs,
                  RawLatency rawProducerLatencyMs) {
    }

    record RawLatency(double avg, long p50, long p95, long p99) {
        static RawLatency of(ProducerPerformanceResult raw) {
            return new RawLatency(raw.avgLatencyMs(), raw.p50(), raw.p95(), raw.p99());
        }
    }

    /**
     * The engine beside two baselines over the same plays: a bare {@code count()}, and the contract's counting rules alone
     * written the plain Kafka Streams way ({@code ost-load bare-count --dedupe}: what the one-play-per-listener-and-hour
     * rule costs before any chart; 0 in results from before 2026-12-03).
     */
    record Chart(long chartServicePlaysPerSecond, long bareStreamsCountRecordsPerSecond, long bareRulesRecordsPerSecond, long records) {
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
