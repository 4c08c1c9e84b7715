package com.ostcharts.load;

import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bench's chart-history step without a gateway: its requests, the paging that counts what the gateway lists, the timing and its percentiles. */
class ArchiveReadBenchTest {

    private static final Instant BEFORE = Instant.parse("2026-11-30T09:34:56Z");
    private static final SyntheticArchive.Plan HOURLY = SyntheticArchive.plan(ChartWindow.ONE_HOUR, BEFORE, 400);
    private static final SyntheticArchive.Plan DAILY = SyntheticArchive.plan(ChartWindow.DAY, BEFORE, 400);

    @Test
    void requestsAreTheContractsPaths() {
        ChartId hour = new ChartId(ChartScope.GLOBAL, ChartWindow.ONE_HOUR);
        Instant from = Instant.parse("2025-10-26T12:00:00Z");
        Instant to = Instant.parse("2026-11-30T12:00:00Z");

        assertThat(HistoryPaths.live(ArchiveReadBench.LIVE)).isEqualTo("/api/v1/charts/global/24h");
        assertThat(HistoryPaths.period(hour, Instant.parse("2026-11-29T07:00:00Z"))).isEqualTo("/api/v1/charts/global/1h/periods/2026-11-29T07:00:00Z");
        assertThat(HistoryPaths.periods(new ChartId(ChartScope.country("KR"), ChartWindow.DAY), from, to, 1000))
                .isEqualTo("/api/v1/charts/country/KR/day/periods?from=2025-10-26T12:00:00Z&to=2026-11-30T12:00:00Z&limit=1000");
        assertThat(HistoryPaths.trajectory("stay-with-me", hour, from, to))
                .isEqualTo("/api/v1/tracks/stay-with-me/history?chart=global/1h&from=2025-10-26T12:00:00Z&to=2026-11-30T12:00:00Z");
        assertThat(URI.create("http://localhost:8080").resolve(HistoryPaths.trajectory("stay-with-me", hour, from, to)).getQuery())
                .as("a valid URI as it is").isEqualTo("chart=global/1h&from=2025-10-26T12:00:00Z&to=2026-11-30T12:00:00Z");
    }

    @Test
    void theRequestsTakeTurnsLiveArchivedTrajectoryOverEveryPeriodAnd400Days() {
        Instant now = Instant.parse("2026-11-30T12:34:56Z");
        List<Supplier<String>> requests = ArchiveReadBench.requests(List.of(HOURLY, DAILY), SyntheticArchive.tracks(), now);

        assertThat(requests.get(0).get()).isEqualTo("/api/v1/charts/global/24h");
        List<String> archived = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            archived.add(requests.get(1).get());
        }
        assertThat(archived).allSatisfy(path -> assertThat(path).matches("/api/v1/charts/global/(1h|day)/periods/20\\d\\d-.*Z"));
        assertThat(archived.stream().filter(p -> p.contains("/day/")).count() / 2_000.0).as("each period as likely: 400 of 10,000")
                .isCloseTo(0.04, within(0.02));
        assertThat(requests.get(2).get()).startsWith("/api/v1/tracks/").endsWith("/history?chart=global/1h&from=2025-10-26T12:34:56Z&to=2026-11-30T12:34:56Z");
    }

    /** A gateway listing {@code served} periods of every chart, newest first, as {@code /periods} pages them. */
    private static ArchiveReadBench.Fetch gatewayListing(Map<String, Integer> served) {
        return path -> {
            URI uri = URI.create(path);
            String chart = uri.getPath().replaceFirst("^/api/v1/charts/", "").replaceFirst("/periods$", "");
            Map<String, String> query = new HashMap<>();
            for (String pair : uri.getQuery().split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            SyntheticArchive.Plan plan = chart.endsWith("/day") ? DAILY : HOURLY;
            Instant from = Instant.parse(query.get("from"));
            Instant to = Instant.parse(query.get("to"));
            int limit = Integer.parseInt(query.get("limit"));
            StringBuilder body = new StringBuilder("{\"chartId\":\"" + chart + "\",\"periods\":[");
            int listed = 0;
            for (int i = served.getOrDefault(chart, 0) - 1; i >= 0 && listed < limit; i--) {
                Instant start = plan.periodStart(i);
                if (!start.isBefore(from) && start.isBefore(to)) {
                    body.append(listed++ == 0 ? "" : ",").append("{\"periodStart\":\"").append(start).append("\",\"final\":true}");
                }
            }
            return new ArchiveReadBench.Answer(200, body.append("]}").toString());
        };
    }

    @Test
    void theGatewaysPeriodsAreCountedPageByPage() {
        ArchiveReadBench.Fetch gateway = gatewayListing(Map.of("global/1h", 9_600, "global/day", 123));

        assertThat(ArchiveReadBench.countServed(gateway, HOURLY)).isEqualTo(new ArchiveReadBench.Served(9_600, null));
        assertThat(ArchiveReadBench.countServed(gateway, DAILY)).isEqualTo(new ArchiveReadBench.Served(123, null));
    }

    @Test
    void theWaitEndsOnceEveryPeriodIsListedOrSaysWhatWasLacking() throws Exception {
        StringWriter said = new StringWriter();
        assertThat(ArchiveReadBench.awaitGateway(gatewayListing(Map.of("global/1h", 9_600, "global/day", 400)), List.of(HOURLY, DAILY),
                Duration.ZERO, new PrintWriter(said))).isNull();

        assertThat(ArchiveReadBench.awaitGateway(gatewayListing(Map.of("global/1h", 9_000, "global/day", 400)), List.of(HOURLY, DAILY),
                Duration.ZERO, new PrintWriter(said))).isEqualTo("global/1h: 9,000 of 9,600 periods");

        ArchiveReadBench.Fetch noHistoryYet = path -> new ArchiveReadBench.Answer(404, "{}");
        assertThat(ArchiveReadBench.awaitGateway(noHistoryYet, List.of(DAILY), Duration.ZERO, new PrintWriter(said)))
                .startsWith("global/day: GET /api/v1/charts/global/day/periods?from=").endsWith(" answered 404");
    }

    @Test
    void timingRecordsEachRequestApartAndCountsOtherAnswersAsErrors() {
        List<Supplier<String>> requests = List.of(() -> "/live", () -> "/archived", () -> "/trajectory");
        ArchiveReadBench.Probe gateway = path -> {
            Thread.sleep(path.equals("/trajectory") ? 4 : 1); // a stand-in's service time
            return path.equals("/archived") ? 404 : 200;
        };

        List<BenchResult.Latency> latencies = ArchiveReadBench.time(gateway, requests, 2, Duration.ofMillis(300));

        assertThat(latencies.get(0).count()).isPositive();
        assertThat(latencies.get(0).errors()).isZero();
        assertThat(latencies.get(1).count()).isZero();
        assertThat(latencies.get(1).errors()).isPositive();
        assertThat(latencies.get(2).p50Ms()).isGreaterThanOrEqualTo(4.0).isGreaterThan(latencies.get(0).p50Ms());
        long turns = latencies.stream().mapToLong(l -> l.count() + l.errors()).max().orElseThrow();
        assertThat(latencies).as("taking turns: each as often as the others").allSatisfy(l -> assertThat(l.count() + l.errors()).isBetween(turns - 2, turns));
    }

    @Test
    void percentilesAreReadInMillisecondsToATenthFromMicroseconds() {
        Histogram micros = new Histogram(3);
        for (long ms = 1; ms <= 1000; ms++) {
            micros.recordValue(ms * 1000 + 250); // 1.25 ms .. 1,000.25 ms
        }

        BenchResult.Latency latency = BenchResult.Latency.of(micros, 3);

        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.errors()).isEqualTo(3);
        assertThat(latency.p50Ms()).isCloseTo(500.25, within(0.5)); // HdrHistogram's 3 significant digits: within 0.1 %
        assertThat(latency.p90Ms()).isCloseTo(900.25, within(1.0));
        assertThat(latency.p99Ms()).isCloseTo(990.25, within(1.0));
        assertThat(latency.maxMs()).isCloseTo(1000.25, within(1.0));
        assertThat(BenchResult.Latency.of(single(1_234), 0).p99Ms()).as("rounded to a tenth").isEqualTo(1.2);
    }

    private static Histogram single(long micros) {
        Histogram histogram = new Histogram(3);
        histogram.recordValue(micros);
        return histogram;
    }
}
