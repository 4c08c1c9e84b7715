package com.ostcharts.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Writes one bench run's {@link BenchResult}: {@code latest.json}, a dated Markdown report, and the table in {@code BENCHMARKS.md}. */
final class BenchReport {

    static final String TABLE_START = "<!-- bench:start -->";
    static final String TABLE_END = "<!-- bench:end -->";

    private BenchReport() {
    }

    /** Writes every output of the run; returns the table. */
    static String write(BenchResult result, Path results, Path benchmarks) {
        String table = table(result);
        Reports.write(results.resolve("latest.json"), result);
        try {
            Files.writeString(results.resolve(result.date() + "-" + result.mode() + ".md"),
                    "# Bench " + result.date() + " (" + result.mode() + ")\n\n" + table + "\n```json\n" + Reports.json(result) + "\n```\n",
                    StandardCharsets.UTF_8);
            String text = Files.exists(benchmarks) ? Files.readString(benchmarks) : TABLE_START + "\n" + TABLE_END + "\n";
            Files.writeString(benchmarks, refresh(text, table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    static String table(BenchResult r) {
        return """
                Measured %s on %s cores (`%s`, %s mode).

                | pair | OST Charts | baseline, same run | ratio | goal |
                |---|---|---|---|---|
                | HTTP ingest (NDJSON, 1,000 per request) vs raw producer (`ProducerPerformance`) | %s events/s | %s records/s | **%s** | >= 0.5 |
                | chart-service, all charts on, vs bare Kafka Streams `count()` (exactly-once) | %s plays/s | %s records/s | **%s** | >= 0.5 |
                | chart-service vs the counting rules alone, plain Kafka Streams (parse, filter, dedupe store, `count()`) | %s plays/s | %s records/s | %s | |
                | gateway `GET /api/v1/charts/global/24h` vs nginx, same bytes, same wrk | %s req/s | %s req/s | **%s** | >= 0.5 |
                | gateway `304` path vs nginx `304` | %s req/s | %s req/s | %s | |

                Freshness (202 to visible at the gateway) at half the sustainable rate: p99 **%s ms**.
                %s Gateway resident memory under load: %s MB.

                %s%s""".formatted(r.date(), r.cores(), r.command(), r.mode(),
                fmt(r.ingest().httpEventsPerSecond()), fmt(r.ingest().rawProducerRecordsPerSecond()), orNa(r.ingestRatio()),
                fmt(r.chart().chartServicePlaysPerSecond()), fmt(r.chart().bareStreamsCountRecordsPerSecond()), orNa(r.chartRatio()),
                fmt(r.chart().chartServicePlaysPerSecond()), fmt(r.chart().bareRulesRecordsPerSecond()),
                orNa(BenchResult.ratio(r.chart().chartServicePlaysPerSecond(), r.chart().bareRulesRecordsPerSecond())),
                fmt(r.gateway().gatewayRequestsPerSecond()), fmt(r.gateway().nginxRequestsPerSecond()), orNa(r.gatewayRatio()),
                fmt(r.gateway().gateway304RequestsPerSecond()), fmt(r.gateway().nginx304RequestsPerSecond()),
                orNa(BenchResult.ratio(r.gateway().gateway304RequestsPerSecond(), r.gateway().nginx304RequestsPerSecond())),
                r.freshnessP99Ms(), verifySentence(r.verify()), r.gateway().gatewayRssMbUnderLoad(), underLoad(r.ingestUnderLoad()),
                archiveReads(r.archiveReads()));
    }

    /** Chart history read from the gateway: one archived chart and a 400-day trajectory beside the live chart, same clients, same run. */
    static String archiveReads(BenchResult.ArchiveReads a) {
        if (a == null) {
            return "";
        }
        String charts = String.join(", ", a.charts().stream().map(c -> "`" + c + "`").toList());
        if (a.note() != null) {
            return "%nChart history (issue 15): %d days of %s (%,d periods) archived; **not measured**: %s%n".formatted(a.days(), charts, a.periods(), a.note());
        }
        return """

                Chart history (issue 15): %d days of %s archived (%,d periods of 100 entries, %,d MB of JSON) written straight to `ost.charts.archive.v1` in %.1f s; the gateway listed every period %.1f s later. Then %d s of requests from %d clients in a closed loop, the three taking turns, so the live chart is the baseline under the same conditions:

                | request | answered 200 | other | p50 | p99 | max | p99 / live chart's | goal |
                |---|---|---|---|---|---|---|---|
                | live chart `GET /api/v1/charts/global/24h` (baseline) | %s |
                | one archived chart `GET /api/v1/charts/global/{window}/periods/{periodStart}`, a random period | %s | **%s** | p99 <= 20 ms |
                | a track's 400-day trajectory `GET /api/v1/tracks/{id}/history?chart=global/1h`, a random track | %s | **%s** | p99 <= 100 ms |
                """.formatted(a.days(), charts, a.periods(), a.jsonMb(), a.writeSeconds(), a.gatewaySeconds(), a.seconds(), a.clients(),
                latencyCells(a.liveChart()) + " | 1 |", latencyCells(a.archivedChart()), orNa(a.ratioToLive(a.archivedChart())),
                latencyCells(a.trajectory()), orNa(a.ratioToLive(a.trajectory())));
    }

    private static String latencyCells(BenchResult.Latency l) {
        return "%,d | %,d | %.1f ms | **%.1f ms** | %.1f ms".formatted(l.count(), l.errors(), l.p50Ms(), l.p99Ms(), l.maxMs());
    }

    /** Ingest's latency at half its maximum per request size, and the overload's figures. */
    static String underLoad(BenchResult.IngestUnderLoad load) {
        if (load == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("""
                Ingest at half its own maximum, open loop over a pool of %d connections, chart-service stopped as when the maximum was measured (latency from when each request was due, waiting for a free connection included; goal p99 <= 50 ms; "client late": how late the load generator itself started the requests, its share of the latency):

                | plays per request | maximum plays/s | rate | p50 | p99 | p99.9 | max | client late p99 |
                |---|---|---|---|---|---|---|---|
                """.formatted(BenchCommand.CLIENT_CONNECTIONS));
        for (BenchResult.LatencyAtHalfRate row : load.latencyAtHalfRate()) {
            RunReport.Percentiles ms = row.latencyMs();
            text.append("| %,d | %s | %,d | %d ms | **%d ms** | %d ms | %d ms | %s |%n".formatted(row.batch(), fmt(row.maxPlaysPerSecond()),
                    row.ratePlaysPerSecond(), ms.p50(), ms.p99(), ms.p999(), ms.max(),
                    row.clientLateMs() == null ? "n/a" : row.clientLateMs().p99() + " ms"));
        }
        BenchResult.Overload o = load.overload();
        text.append("""

                Overload, open model: %s plays/s offered (%,d per request) for %.0f s, %s sent: **%s accepted, %s refused with 503**, %s failed%s; ingest peak resident memory %s MB, peak heap used %s MB, %s; a single play accepted again **%.1f s** after.
                """.formatted(fmt(o.offeredPlaysPerSecond()), o.batch(), o.seconds(), fmt(o.sent()), fmt(o.accepted()), fmt(o.refused()),
                fmt(o.failed()), failedBy(o), fmt(o.peakRssMb()), fmt(o.peakHeapMb()), o.alive() ? "alive" : "**dead**", o.secondsToNormal()));
        return text.toString();
    }

    /** The overload's failures by why, e.g. " (no answer in time 4,000, connection refused 1,000)". */
    static String failedBy(BenchResult.Overload o) {
        if (o.failed() == 0) {
            return "";
        }
        if (o.failedBy() == null) {
            return " (no answer, or another status)";
        }
        return o.failedBy().entrySet().stream().map(why -> why.getKey() + " " + fmt(why.getValue()))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static String verifySentence(Verifier.Result verify) {
        ArchiveCheck.Result archive = verify.archive();
        String archived = archive == null || archive.checked() + archive.expected() == 0 ? ""
                : " Archive: %s archived charts of the run's periods checked, %s differ, %s final periods not archived.".formatted(
                archive.checked(), archive.mismatches(), archive.missing());
        return "Verified run over everything the bench sent: %s charts compared, **%s mismatches**, %s acknowledged plays lost.%s"
                .formatted(verify.charts(), verify.mismatches(), verify.lost(), archived);
    }

    /** {@code text} with the table between the markers replaced. */
    static String refresh(String text, String table) {
        int start = text.indexOf(TABLE_START);
        int end = text.indexOf(TABLE_END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("BENCHMARKS.md has no " + TABLE_START + " ... " + TABLE_END + " markers");
        }
        return text.substring(0, start + TABLE_START.length()) + "\n" + table + text.substring(end);
    }

    private static String orNa(Double ratio) {
        return ratio == null ? "n/a" : ratio.toString();
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : String.format("%,.0f", value);
    }
}
