package com.ostcharts.load;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final summary line of Kafka's {@code ProducerPerformance}: throughput and latency of the raw producer. With
 * {@code --warmup-records} the tool prints a steady-state line after the whole run's: that one, the warm producer.
 */
record ProducerPerformanceResult(long records, double recordsPerSecond, double megabytesPerSecond, double avgLatencyMs,
                                 double maxLatencyMs, long p50, long p95, long p99) {

    /** Only the summary lines have percentiles; the progress lines before them do not match. */
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) (?:steady state )?records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    /** The last summary in {@code output} (the tool's whole output, logs included), if it has one: the steady state's if warmed. */
    static Optional<ProducerPerformanceResult> parse(String output) {
        Matcher m = SUMMARY.matcher(output);
        ProducerPerformanceResult last = null;
        while (m.find()) {
            last = new ProducerPerformanceResult(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                    Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(8)));
        }
        return Optional.ofNullable(last);
    }
}
