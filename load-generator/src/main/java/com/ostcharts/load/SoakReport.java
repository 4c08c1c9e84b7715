package com.ostcharts.load;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One soak ({@code bench/results/soak-latest.json}): resident memory of each service over the run, and the run with its verdict. */
record SoakReport(String date, String command, int minutes, int rate, Map<String, Rss> rss, RunReport run) {

    static final List<String> SERVICES = List.of("ingest", "chart", "gateway");

    /**
     * Memory of one service in MB. Drift is the last sample against the one at half time: the first half is warm-up (the
     * JIT, heaps growing to their working size, RocksDB's caches filling); growth in the second half is what would leak.
     */
    record Rss(@JsonProperty("at_1_min_mb") long at1MinMb, long atHalfTimeMb, long endMb, long maxMb, long secondHalfDriftMb) {
    }

    /** Each service's {@link Rss} from samples whose columns are {@link #SERVICES}, over a run of {@code minutes}. */
    static Map<String, Rss> rss(List<RssSampler.Sample> samples, int minutes) {
        Map<String, Rss> rss = new LinkedHashMap<>();
        long half = minutes * 30L;
        for (int i = 0; i < SERVICES.size(); i++) {
            int column = i;
            long oneMinute = firstAtOrAfter(samples, 60, column);
            long halfTime = firstAtOrAfter(samples, half, column);
            long end = samples.isEmpty() ? 0 : samples.getLast().kib().get(column);
            long max = samples.stream().mapToLong(s -> s.kib().get(column)).max().orElse(0);
            rss.put(SERVICES.get(i), new Rss(oneMinute / 1024, halfTime / 1024, end / 1024, max / 1024, (end - halfTime) / 1024));
        }
        return rss;
    }

    private static long firstAtOrAfter(List<RssSampler.Sample> samples, long seconds, int column) {
        return samples.stream().filter(s -> s.seconds() >= seconds).findFirst().map(s -> s.kib().get(column)).orElse(0L);
    }

    /** The samples as CSV: seconds, then each service's KiB. */
    static String csv(List<RssSampler.Sample> samples) {
        StringBuilder csv = new StringBuilder("seconds,ingest_kb,chart_kb,gateway_kb\n");
        for (RssSampler.Sample sample : samples) {
            csv.append(sample.seconds());
            sample.kib().forEach(kib -> csv.append(',').append(kib));
            csv.append('\n');
        }
        return csv.toString();
    }
}
