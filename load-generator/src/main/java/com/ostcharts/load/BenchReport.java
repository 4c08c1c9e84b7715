package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one bench run's raw measurements (in the work folder) into {@code latest.json}, a dated Markdown report,
 * and the table in {@code BENCHMARKS.md}. Every figure is a ratio to a baseline measured in the same run.
 */
@Command(name = "bench-report", mixinStandardHelpOptions = true, description = "Assemble ./ost bench's results.")
final class BenchReport implements Callable<Integer> {

    static final String TABLE_START = "<!-- bench:start -->";
    static final String TABLE_END = "<!-- bench:end -->";

    private static final Pattern PRODUCER_PERF = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");
    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

    @Option(names = "--work", required = true)
    Path work;
    @Option(names = "--results", required = true)
    Path results;
    @Option(names = "--benchmarks", required = true, description = "BENCHMARKS.md, whose table is refreshed")
    Path benchmarks;
    @Option(names = "--mode", defaultValue = "full")
    String mode;
    @Option(names = "--command", defaultValue = "./ost bench")
    String command;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> latest = new LinkedHashMap<>();
        latest.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        latest.put("mode", mode);
        latest.put("cores", Runtime.getRuntime().availableProcessors());
        latest.put("command", command);

        Matcher raw = PRODUCER_PERF.matcher(read("raw-producer.txt"));
        JsonNode ingest = json("ingest.json");
        boolean rawFound = raw.find();
        double rawRate = rawFound ? Double.parseDouble(raw.group(2)) : Double.NaN;
        double ingestRate = ingest.path("accepted_per_second").asDouble(Double.NaN);
        latest.put("ingest_ratio", ratio(ingestRate, rawRate));
        latest.put("ingest", Map.of("http_events_per_second", ingestRate, "raw_producer_records_per_second", rawRate,
                "http_latency_ms", ingest.path("latency_ms"),
                "raw_producer_latency_ms", rawFound ? rawLatency(raw) : Map.of()));

        JsonNode chart = json("chart.json");
        JsonNode bare = json("bare.json");
        latest.put("chart_ratio", ratio(chart.path("per_second").asDouble(Double.NaN), bare.path("per_second").asDouble(Double.NaN)));
        latest.put("chart", Map.of("chart_service_plays_per_second", chart.path("per_second"),
                "bare_streams_count_records_per_second", bare.path("per_second"), "records", chart.path("records")));

        double gateway = rps(read("wrk-gateway.txt"));
        double nginx = rps(read("wrk-nginx.txt"));
        latest.put("gateway_ratio", ratio(gateway, nginx));
        Map<String, Object> gatewayDetails = new LinkedHashMap<>();
        gatewayDetails.put("gateway_requests_per_second", gateway);
        gatewayDetails.put("nginx_requests_per_second", nginx);
        gatewayDetails.put("gateway_304_requests_per_second", rps(read("wrk-gateway-304.txt")));
        gatewayDetails.put("nginx_304_requests_per_second", rps(read("wrk-nginx-304.txt")));
        gatewayDetails.put("gateway_latency", wrkLatency(read("wrk-gateway.txt")));
        gatewayDetails.put("nginx_latency", wrkLatency(read("wrk-nginx.txt")));
        gatewayDetails.put("gateway_rss_mb_under_load", Math.round(parseLong(read("gateway-rss-kb.txt").trim()) / 1024.0));
        latest.put("gateway", gatewayDetails);

        JsonNode freshness = json("freshness.json");
        latest.put("freshness_p99_ms", freshness.path("freshness_ms").path("p99"));
        latest.put("freshness", Map.of("rate", freshness.path("rate"), "freshness_ms", freshness.path("freshness_ms")));

        JsonNode verify = json("verify.json").path("verify");
        latest.put("verify_mismatches", verify.path("mismatches").asInt(-1));
        latest.put("verify_lost", verify.path("lost").asLong(-1));
        latest.put("verify", verify);

        Files.createDirectories(results);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(results.resolve("latest.json").toFile(), latest);
        String table = table(latest);
        Files.writeString(results.resolve(latest.get("date") + "-" + mode + ".md"),
                "# Bench " + latest.get("date") + " (" + mode + ")\n\n" + table + "\n```json\n"
                        + Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(latest) + "\n```\n", StandardCharsets.UTF_8);
        refresh(table);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private String table(Map<String, Object> latest) {
        @SuppressWarnings("unchecked") Map<String, Object> ingest = (Map<String, Object>) latest.get("ingest");
        @SuppressWarnings("unchecked") Map<String, Object> chart = (Map<String, Object>) latest.get("chart");
        @SuppressWarnings("unchecked") Map<String, Object> gateway = (Map<String, Object>) latest.get("gateway");
        return """
                Measured %s on %s cores (`%s`, %s mode).

                | pair | OST Charts | baseline, same run | ratio | goal |
                |---|---|---|---|---|
                | HTTP ingest (NDJSON, 1,000 per request) vs raw producer (`ProducerPerformance`) | %s events/s | %s records/s | **%s** | >= 0.5 |
                | chart-service, all charts on, vs bare Kafka Streams `count()` (exactly-once) | %s plays/s | %s records/s | **%s** | >= 0.5 |
                | gateway `GET /api/v1/charts/global/24h` vs nginx, same bytes, same wrk | %s req/s | %s req/s | **%s** | >= 0.5 |
                | gateway `304` path vs nginx `304` | %s req/s | %s req/s | %s | |

                Freshness (202 to visible at the gateway) at half the sustainable rate: p99 **%s ms**.
                %s Gateway resident memory under load: %s MB.
                """.formatted(latest.get("date"), latest.get("cores"), latest.get("command"), latest.get("mode"),
                fmt(ingest.get("http_events_per_second")), fmt(ingest.get("raw_producer_records_per_second")), latest.get("ingest_ratio"),
                fmt(chart.get("chart_service_plays_per_second")), fmt(chart.get("bare_streams_count_records_per_second")), latest.get("chart_ratio"),
                fmt(gateway.get("gateway_requests_per_second")), fmt(gateway.get("nginx_requests_per_second")), latest.get("gateway_ratio"),
                fmt(gateway.get("gateway_304_requests_per_second")), fmt(gateway.get("nginx_304_requests_per_second")),
                ratio(toDouble(gateway.get("gateway_304_requests_per_second")), toDouble(gateway.get("nginx_304_requests_per_second"))),
                latest.get("freshness_p99_ms"), verifySentence((JsonNode) latest.get("verify")), gateway.get("gateway_rss_mb_under_load"));
    }

    private static String verifySentence(JsonNode verify) {
        if (!verify.has("mismatches")) {
            return "Verified run: **did not complete** (see bench/work/logs).";
        }
        return "Verified run over everything the bench sent: %s charts compared, **%s mismatches**, %s acknowledged plays lost."
                .formatted(verify.path("charts"), verify.path("mismatches"), verify.path("lost"));
    }

    private void refresh(String table) throws IOException {
        String text = Files.exists(benchmarks) ? Files.readString(benchmarks) : TABLE_START + "\n" + TABLE_END + "\n";
        int start = text.indexOf(TABLE_START);
        int end = text.indexOf(TABLE_END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(benchmarks + " has no " + TABLE_START + " ... " + TABLE_END + " markers");
        }
        Files.writeString(benchmarks, text.substring(0, start + TABLE_START.length()) + "\n" + table + text.substring(end));
    }

    private String read(String name) throws IOException {
        Path file = work.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private JsonNode json(String name) throws IOException {
        String text = read(name);
        return text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
    }

    private static Map<String, Object> rawLatency(Matcher raw) {
        return Map.of("avg", Double.parseDouble(raw.group(4)), "p50", Long.parseLong(raw.group(6)),
                "p95", Long.parseLong(raw.group(7)), "p99", Long.parseLong(raw.group(8)));
    }

    static double rps(String wrk) {
        Matcher m = WRK_RPS.matcher(wrk);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static Map<String, String> wrkLatency(String wrk) {
        Map<String, String> latency = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^\\s+(50|90|99)%\\s+(\\S+)$", Pattern.MULTILINE).matcher(wrk);
        while (m.find()) {
            latency.put("p" + m.group(1), m.group(2));
        }
        return latency;
    }

    static Object ratio(double ours, double baseline) {
        return Double.isNaN(ours) || Double.isNaN(baseline) || baseline == 0 ? "n/a" : Math.round(ours / baseline * 100) / 100.0;
    }

    private static double toDouble(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String fmt(Object value) {
        if (value instanceof JsonNode node) {
            value = node.isNumber() ? node.numberValue() : node.asText();
        }
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? String.format("%,.0f", n.doubleValue()) : "n/a";
    }
}
