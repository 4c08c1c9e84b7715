package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing what the baselines' tools print, from real outputs of a bench run (src/test/resources/tool-output). */
class ToolOutputTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ToolOutputTest.class.getResourceAsStream("/tool-output/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void producerPerformanceSummaryLine() throws IOException {
        ProducerPerformanceResult raw = ProducerPerformanceResult.parse(resource("producer-performance.txt")).orElseThrow();
        assertThat(raw).isEqualTo(new ProducerPerformanceResult(300000, 92764.378479, 21.77, 101.63, 864.00, 100, 218, 275));
    }

    @Test
    void producerPerformanceWithWarmupGivesTheSteadyStateLineNotTheWholeRun() throws IOException {
        ProducerPerformanceResult raw = ProducerPerformanceResult.parse(resource("producer-performance-warmup.txt")).orElseThrow();
        assertThat(raw).isEqualTo(new ProducerPerformanceResult(200000, 276243.093923, 64.85, 54.63, 169.00, 45, 148, 165));
    }

    @Test
    void producerPerformanceProgressLinesAloneAreNoSummary() {
        String progress = "150000 records sent, 29988.0 records/sec (7.04 MB/sec), 350.1 ms avg latency, 871.0 ms max latency.\n";
        assertThat(ProducerPerformanceResult.parse(progress)).isEmpty();
        assertThat(ProducerPerformanceResult.parse("Exception in thread \"main\" org.apache.kafka.common.errors.TimeoutException")).isEmpty();
    }

    @Test
    void wrkWithLatencyDistribution() throws IOException {
        WrkResult wrk = WrkResult.parse(resource("wrk-latency.txt")).orElseThrow();
        assertThat(wrk.requestsPerSecond()).isEqualTo(WRK_RPS);
        assertThat(wrk.requests()).isEqualTo(WRK_REQUESTS);
        assertThat(wrk.non2xx()).isZero();
        assertThat(wrk.latency()).isEqualTo(WRK_LATENCY);
    }

    @Test
    void wrkThatCouldNotConnectHasNoResult() {
        assertThat(WrkResult.parse("unable to connect to 127.0.0.1:18090 Connection refused\n")).isEmpty();
    }

    // The figures in wrk-latency.txt (wrk -t2 -c64 -d3s --latency against nginx).
    private static final double WRK_RPS = 67973.56;
    private static final long WRK_REQUESTS = 206074;
    private static final Map<String, String> WRK_LATENCY = Map.of("p50", "838.00us", "p90", "2.81ms", "p99", "13.94ms");
}
