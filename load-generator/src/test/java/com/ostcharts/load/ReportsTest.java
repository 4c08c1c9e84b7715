package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reports as JSON (one writer, snake_case, absent parts left out), the BENCHMARKS.md table, and the soak's memory figures. */
class ReportsTest {

    private static final RunReport RUN = new RunReport("steady", "ingest", 500, 100, 10.0, 5000, 5000, 0, 0, 0, Map.of(), 500.0,
            new RunReport.Percentiles(50, 12, 20, 40, 41, 41), new RunReport.Percentiles(50, 0, 1, 3, 4, 4), null, null, new Verifier.Result(5000, 0, 33, 0, List.of(), null, Set.of(), 0), null);

    @Test
    void aRunReportIsSnakeCaseWithTheFieldsTheEndToEndTestsRead() throws Exception {
        JsonNode json = Reports.MAPPER.readTree(Reports.json(RUN));
        assertThat(json.get("accepted_per_second").asDouble()).isEqualTo(500.0);
        assertThat(json.get("latency_ms").get("p99").asLong()).isEqualTo(40);
        assertThat(json.get("client_late_ms").get("p99").asLong()).as("the client's own share, apart").isEqualTo(3);
        assertThat(json.get("verify").get("lost").asLong()).isZero();
        assertThat(json.get("verify").get("mismatches").asInt()).isZero();
        assertThat(json.has("freshness_ms")).as("no probe, no freshness").isFalse();
        assertThat(Reports.MAPPER.readValue(Reports.json(RUN), RunReport.class)).as("read back").isEqualTo(RUN);
    }

    @Test
    void aVerdictWithALostPlayIsNotVerified() {
        RunReport lost = new RunReport("steady", "ingest", 500, 100, 10.0, 5000, 5000, 0, 0, 0, Map.of(), 500.0, RUN.latencyMs(), null, null, null,
                new Verifier.Result(5000, 1, 33, 0, List.of(), null, Set.of(), 0), null);
        assertThat(RUN.verified()).isTrue();
        assertThat(lost.verified()).isFalse();
    }

    @Test
    void theBenchmarksTableIsReplacedBetweenItsMarkersOnly() {
        String text = "# Benchmarks\nintro\n" + BenchReport.TABLE_START + "\nold table\n" + BenchReport.TABLE_END + "\nmethod\n";
        assertThat(BenchReport.refresh(text, "new table\n"))
                .isEqualTo("# Benchmarks\nintro\n" + BenchReport.TABLE_START + "\nnew table\n" + BenchReport.TABLE_END + "\nmethod\n");
        assertThatThrownBy(() -> BenchReport.refresh("no markers", "t")).hasMessageContaining("markers");
    }

    @Test
    void chartHistoryIsReportedBesideTheLiveChartOrSaysWhyItWasNotMeasured() {
        BenchResult.Latency live = new BenchResult.Latency(3000, 0, 1.1, 1.8, 4.0, 9.5);
        BenchResult.Latency archived = new BenchResult.Latency(3000, 0, 1.4, 2.5, 6.0, 12.0);
        BenchResult.Latency trajectory = new BenchResult.Latency(2999, 1, 20.0, 31.0, 48.0, 80.0);
        BenchResult.ArchiveReads reads = new BenchResult.ArchiveReads(List.of("global/1h", "global/day"), 400, 10_000, 203, 4.2, 12.5, 2, 60,
                live, archived, trajectory, null);

        assertThat(reads.ratioToLive(archived)).isEqualTo(1.5);
        assertThat(reads.ratioToLive(trajectory)).isEqualTo(12.0);
        assertThat(BenchReport.archiveReads(reads))
                .contains("400 days of `global/1h`, `global/day` archived (10,000 periods of 100 entries, 203 MB of JSON)")
                .contains("| live chart `GET /api/v1/charts/global/24h` (baseline) | 3,000 | 0 | 1.1 ms | **4.0 ms** | 9.5 ms | 1 | |")
                .contains("| 3,000 | 0 | 1.4 ms | **6.0 ms** | 12.0 ms | **1.5** | p99 <= 20 ms |")
                .contains("| 2,999 | 1 | 20.0 ms | **48.0 ms** | 80.0 ms | **12.0** | p99 <= 100 ms |");

        BenchResult.ArchiveReads missing = BenchResult.ArchiveReads.notMeasured(List.of("global/1h"), 400, 9_600, null, "the gateway answered 404");
        assertThat(missing.ratioToLive(missing.archivedChart())).isNull();
        assertThat(BenchReport.archiveReads(missing)).contains("**not measured**: the gateway answered 404");
        assertThat(BenchReport.archiveReads(null)).as("a report from before chart history").isEmpty();
    }

    @Test
    void ingestsLatencyRowsShowTheClientsOwnLatenessApartOrSayItWasNotMeasured() {
        RunReport.Percentiles latency = new RunReport.Percentiles(1000, 12, 30, 60, 105, 107);
        BenchResult.Overload overload = new BenchResult.Overload(1_000_000, 100, 24, 6_000_000, 400_000, 200_000, 5_400_000,
                new TreeMap<>(Map.of("no answer in time", 5_000_000L, "connection refused", 400_000L)), 1100, 750, true, 0.1);
        String table = BenchReport.underLoad(new BenchResult.IngestUnderLoad(List.of(
                new BenchResult.LatencyAtHalfRate(1000, 261_646, 130_823, latency, new RunReport.Percentiles(1000, 0, 1, 47, 80, 90)),
                new BenchResult.LatencyAtHalfRate(100, 213_427, 106_713, latency, null)), overload));
        assertThat(table).contains("over a pool of 64 connections").contains("| 1,000 | 261,646 | 130,823 | 12 ms | **60 ms** | 105 ms | 107 ms | 47 ms |")
                .as("a result written before the client's lateness was measured")
                .contains("| 100 | 213,427 | 106,713 | 12 ms | **60 ms** | 105 ms | 107 ms | n/a |")
                .as("the overload's failures by why").contains("5,400,000 failed (connection refused 400,000, no answer in time 5,000,000)");
    }

    @Test
    void aFailedRequestIsCountedByWhySoTheServersSilenceStandsApartFromTheClientsOwnTrouble() {
        assertThat(RunReport.failure(new HttpTimeoutException("request timed out"))).isEqualTo("no answer in time");
        assertThat(RunReport.failure(new HttpConnectTimeoutException("connect timed out"))).isEqualTo("no connection in time");
        assertThat(RunReport.failure(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(RunReport.failure(new IOException("Connection reset"))).isEqualTo("connection lost");
        assertThat(RunReport.failure(500)).isEqualTo("answered 500");
        BenchResult.Overload before = new BenchResult.Overload(1_000, 100, 24, 6_000, 4_000, 1_000, 1_000, null, 1100, 750, true, 0.1);
        assertThat(BenchReport.failedBy(before)).as("a result written before failures were told apart").isEqualTo(" (no answer, or another status)");
    }

    @Test
    void theSoakMeasuresDriftFromHalfTimeToTheEnd() {
        List<RssSampler.Sample> samples = List.of(
                sample(0, 100, 200, 300), sample(60, 110, 220, 310), sample(120, 120, 240, 320),
                sample(150, 130, 300, 330), sample(240, 125, 280, 340));
        Map<String, SoakReport.Rss> rss = SoakReport.rss(samples, 4); // half time: 120 s
        assertThat(rss.get("ingest")).isEqualTo(new SoakReport.Rss(110, 120, 125, 130, 5));
        assertThat(rss.get("chart")).isEqualTo(new SoakReport.Rss(220, 240, 280, 300, 40));
        assertThat(rss.get("gateway").secondHalfDriftMb()).isEqualTo(20);
        assertThat(SoakReport.csv(samples)).startsWith("seconds,ingest_kb,chart_kb,gateway_kb\n0,102400,204800,307200\n");
    }

    @Test
    void vmRssIsReadFromProcStatus() {
        assertThat(RssSampler.parseVmRss("Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t  345678 kB\nThreads:\t40\n")).isEqualTo(345678);
        assertThat(RssSampler.parseVmRss("Name:\tzombie\n")).isZero();
        assertThat(RssSampler.rssKib(ProcessHandle.current().pid())).as("this JVM").isPositive();
    }

    private static RssSampler.Sample sample(long seconds, long ingestMb, long chartMb, long gatewayMb) {
        return new RssSampler.Sample(seconds, List.of(ingestMb * 1024, chartMb * 1024, gatewayMb * 1024));
    }
}
