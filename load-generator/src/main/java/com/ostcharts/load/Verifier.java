package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.ReferenceCharts;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proves a run: every play acknowledged is on {@code ost.plays.v1} (nothing lost), every chart the gateway
 * serves equals the contract's charts computed from that topic by {@link ReferenceCharts} (nothing counted
 * twice, nothing missing), entry by entry, and so does every archived chart of the run's periods on
 * {@code ost.charts.archive.v1} ({@link ArchiveCheck}). Waits for the charts to settle, and for the archives the
 * run's stream time has made final to appear, each up to a deadline.
 */
final class Verifier {

    static final int CHART_SIZE = 100;

    /**
     * The verdict. {@code examples} shows a few differences, for people; {@code archive} is null when not checked;
     * {@code concentrated}, the tracks marked concentrated on some chart, and {@code flagged}, the entries so marked in
     * every chart compared (CONTRACT section 3, "Listeners"; each entry's mark is checked against the contract's).
     */
    record Result(long acknowledged, long lost, int charts, int mismatches, List<String> examples, ArchiveCheck.Result archive,
                  Set<String> concentrated, int flagged) {
        /** Nothing lost, every live chart as the reference, and the archive too if checked. */
        boolean passed() {
            return lost == 0 && mismatches == 0 && (archive == null || archive.passed());
        }

        Result withArchive(ArchiveCheck.Result checked) {
            return new Result(acknowledged, lost, charts, mismatches, examples, checked, concentrated, flagged);
        }

        /** With one more problem found ({@code null}: none), counted as a mismatch and shown first. */
        Result withProblem(String problem) {
            if (problem == null) {
                return this;
            }
            List<String> all = new ArrayList<>(List.of(problem));
            all.addAll(examples.stream().limit(4).toList());
            return new Result(acknowledged, lost, charts, mismatches + 1, List.copyOf(all), archive, concentrated, flagged);
        }

        /** With the drama and artist charts compared too, {@code flaggedEntities} of their entries marked concentrated. */
        Result withEntityCharts(int compared, List<String> differences, int flaggedEntities) {
            List<String> all = new ArrayList<>(examples);
            differences.stream().limit(Math.max(0, 5 - all.size())).forEach(all::add);
            return new Result(acknowledged, lost, charts + compared, mismatches + differences.size(), List.copyOf(all), archive,
                    concentrated, flagged + flaggedEntities);
        }
    }

    /** The plays read from the topic: their event ids, and what the run's own plays cover (null if none of them is there). */
    private record TopicPlays(Set<String> eventIds, ArchiveCheck.Span span) {
    }

    /** One chart as served: the HTTP status, the instant it was computed for, its lines and their audiences (none unless 200). */
    record Served(int status, Instant asOf, List<ReferenceCharts.Line> lines, List<ServedAudience> audiences) {
        /** A chart served without listener figures (a test's own source). */
        Served(int status, Instant asOf, List<ReferenceCharts.Line> lines) {
            this(status, asOf, lines, List.of());
        }
    }

    /** An entry's listener figures as served ({@code trackId}: a drama's or artist's slug on their charts). */
    record ServedAudience(String trackId, long plays, Long listeners, Double playsPerListener, Boolean concentrated) {
    }

    /** One pass over the charts: what differs, and what is marked concentrated. */
    private record Comparison(List<String> differences, Set<String> concentrated, int flagged) {
    }

    /** Where served charts come from: the gateway, or a test's own. */
    @FunctionalInterface
    interface ChartSource {
        Served serve(ChartId chart) throws Exception;
    }

    private final String bootstrapServers;
    private final Gateway gateway;

    Verifier(String bootstrapServers, Gateway gateway) {
        this.bootstrapServers = bootstrapServers;
        this.gateway = gateway;
    }

    Result verify(Set<String> acknowledged, Duration settle, PrintWriter out) throws Exception {
        return verify(acknowledged, settle, out, true);
    }

    /** As above; {@code archive} false leaves the archive unchecked (a backfill written behind newer plays). */
    Result verify(Set<String> acknowledged, Duration settle, PrintWriter out, boolean archive) throws Exception {
        ReferenceCharts model = new ReferenceCharts();
        readCatalog(model);
        TopicPlays plays = readPlays(model, acknowledged);
        Result live = judge(model, plays.eventIds(), acknowledged, this::served, settle);
        live = judgeEntityCharts(model, live, settle);
        return plays.span() == null || !archive ? live : live.withArchive(checkArchive(model, plays.span(), settle, out));
    }

    /**
     * The verdict on plays already read: {@code model} holds every play on the topic, {@code onTopic} their event ids.
     * Compares every chart of the model with {@code source} until they agree or {@code settle} has passed.
     */
    static Result judge(ReferenceCharts model, Set<String> onTopic, Set<String> acknowledged, ChartSource source, Duration settle)
            throws Exception {
        long lost = acknowledged.stream().filter(id -> !onTopic.contains(id)).count();
        Set<ChartId> charts = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        charts.addAll(model.charts());
        long deadline = System.nanoTime() + settle.toNanos();
        Comparison comparison;
        while (true) {
            comparison = compare(model, charts, source);
            if (comparison.differences().isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(500); // charts settle on chart-service's tick; this is polling a server, not waiting for a broker
        }
        List<String> differences = comparison.differences();
        return new Result(acknowledged.size(), lost, charts.size(), differences.size(), differences.stream().limit(5).toList(), null,
                comparison.concentrated(), comparison.flagged());
    }

    /**
     * Every chart against the model: its lines exactly, and each served entry's listener figures against the exact
     * audience (listeners within the sketch's error, plays per listener and the flag as the contract computes them).
     */
    private static Comparison compare(ReferenceCharts model, Set<ChartId> charts, ChartSource source) throws Exception {
        List<String> differences = new ArrayList<>();
        Set<String> concentrated = new TreeSet<>();
        int flagged = 0;
        for (ChartId chart : charts) {
            Served served = source.serve(chart);
            if (served.status() != 200 && served.status() != 404) {
                differences.add(chart.value() + ": gateway answered " + served.status());
                continue;
            }
            List<ReferenceCharts.Line> expected = model.chart(chart, served.asOf(), CHART_SIZE);
            if (!expected.equals(served.lines())) {
                differences.add(chart.value() + " as of " + served.asOf() + ": " + firstDifference(expected, served.lines()));
                continue;
            }
            double threshold = Audience.DEFAULT_CONCENTRATION.get(chart.window());
            for (ServedAudience entry : served.audiences()) {
                String difference = ReferenceCharts.audienceDifference(entry.plays(), entry.listeners(), entry.playsPerListener(),
                        entry.concentrated(), model.audience(chart, entry.trackId(), served.asOf()), threshold);
                if (difference != null) {
                    differences.add(chart.value() + " as of " + served.asOf() + ", " + entry.trackId() + ": " + difference);
                    break;
                }
                if (Boolean.TRUE.equals(entry.concentrated())) {
                    flagged++;
                    concentrated.add(entry.trackId());
                }
            }
        }
        return new Comparison(differences, Set.copyOf(concentrated), flagged);
    }

    /**
     * Every drama and artist chart of the model against the gateway's, until they agree or {@code settle} has passed
     * (the track charts have settled by then, so this is quick): ranks, slugs, plays and top tracks.
     */
    private Result judgeEntityCharts(ReferenceCharts model, Result live, Duration settle) throws Exception {
        Set<EntityChartId> charts = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        charts.addAll(model.entityCharts());
        long deadline = System.nanoTime() + settle.toNanos();
        List<String> differences;
        int flagged;
        while (true) {
            differences = new ArrayList<>();
            flagged = 0;
            for (EntityChartId chart : charts) {
                HttpResponse<String> response = gateway.get("/api/v1/" + chart.kind().prefix() + "/" + chart.scope().path() + "/" + chart.window().label());
                Instant asOf = Instant.now();
                List<ReferenceCharts.EntityLine> served = new ArrayList<>();
                List<ServedAudience> audiences = new ArrayList<>();
                if (response.statusCode() == 200) {
                    JsonNode document = Json.MAPPER.readTree(response.body());
                    asOf = Instant.parse(document.get("asOf").asText());
                    for (JsonNode entry : document.get("entries")) {
                        List<ReferenceCharts.Line> tops = new ArrayList<>();
                        for (JsonNode top : entry.get("topTracks")) {
                            tops.add(new ReferenceCharts.Line(tops.size() + 1, top.get("trackId").asText(), top.get("plays").asLong()));
                        }
                        served.add(new ReferenceCharts.EntityLine(entry.get("rank").asInt(), entry.get("slug").asText(), entry.get("plays").asLong(), tops));
                        audiences.add(audienceOf(entry, entry.get("slug").asText()));
                    }
                } else if (response.statusCode() != 404) {
                    differences.add(chart.value() + ": gateway answered " + response.statusCode());
                    continue;
                }
                List<ReferenceCharts.EntityLine> expected = model.entityChart(chart, asOf, CHART_SIZE);
                if (!expected.equals(served)) {
                    differences.add(chart.value() + " as of " + asOf + ": expected " + expected.subList(0, Math.min(2, expected.size()))
                            + " but served " + served.subList(0, Math.min(2, served.size())) + " (" + expected.size() + " expected, "
                            + served.size() + " served)");
                    continue;
                }
                double threshold = Audience.DEFAULT_CONCENTRATION.get(chart.window());
                for (ServedAudience entry : audiences) {
                    String difference = ReferenceCharts.audienceDifference(entry.plays(), entry.listeners(), entry.playsPerListener(),
                            entry.concentrated(), model.entityAudience(chart, entry.trackId(), asOf), threshold);
                    if (difference != null) {
                        differences.add(chart.value() + " as of " + asOf + ", " + entry.trackId() + ": " + difference);
                        break;
                    }
                    flagged += Boolean.TRUE.equals(entry.concentrated()) ? 1 : 0;
                }
            }
            if (differences.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(500); // charts settle on chart-service's tick; this is polling a server, not waiting for a broker
        }
        return live.withEntityCharts(charts.size(), differences, flagged);
    }

    /** The chart as the gateway serves it; a 404 is an empty chart as of now. */
    private Served served(ChartId chart) throws Exception {
        // percent-encoded: a drama's or artist's slug may be Hangul
        HttpResponse<String> response = gateway.get(new URI(null, null, "/api/v1/charts/" + chart.value(), null).toASCIIString());
        if (response.statusCode() != 200) {
            return new Served(response.statusCode(), Instant.now(), List.of());
        }
        JsonNode document = Json.MAPPER.readTree(response.body());
        List<ReferenceCharts.Line> lines = new ArrayList<>();
        List<ServedAudience> audiences = new ArrayList<>();
        for (JsonNode entry : document.get("entries")) {
            lines.add(new ReferenceCharts.Line(entry.get("rank").asInt(), entry.get("trackId").asText(), entry.get("plays").asLong()));
            audiences.add(audienceOf(entry, entry.get("trackId").asText()));
        }
        return new Served(200, Instant.parse(document.get("asOf").asText()), lines, audiences);
    }

    /** A served entry's listener figures; {@code id} names it (a trackId, or a drama's or artist's slug). */
    private static ServedAudience audienceOf(JsonNode entry, String id) {
        return new ServedAudience(id, entry.get("plays").asLong(),
                present(entry, "listeners") ? entry.get("listeners").asLong() : null,
                present(entry, "playsPerListener") ? entry.get("playsPerListener").asDouble() : null,
                present(entry, "concentrated") ? entry.get("concentrated").asBoolean() : null);
    }

    private static boolean present(JsonNode entry, String field) {
        return entry.hasNonNull(field);
    }

    /** Where two charts part: the first differing line of each, and their lengths. */
    static String firstDifference(List<ReferenceCharts.Line> expected, List<ReferenceCharts.Line> served) {
        int i = 0;
        while (i < expected.size() && i < served.size() && expected.get(i).equals(served.get(i))) {
            i++;
        }
        return "from rank " + (i + 1) + " expected " + expected.subList(i, Math.min(i + 3, expected.size()))
                + " but served " + served.subList(i, Math.min(i + 3, served.size()))
                + " (" + expected.size() + " expected, " + served.size() + " served)";
    }

    /** The catalog as it stands (the compacted topic read to its end, a tombstone forgetting a track): dramas and artists. */
    private void readCatalog(ReferenceCharts model) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, Topics.TRACKS.name());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        model.learn(record.key(), record.value() == null ? null
                                : Topics.TRACKS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                    } catch (SerializationException e) {
                        // not a track: chart-service skips it too
                    }
                }
            }
        }
    }

    /**
     * Feeds every play on the topic to the model, partition by partition in offset order (per-track arrival order);
     * notes the span of the run's own plays (those acknowledged) and the newest arrival on the topic.
     */
    private TopicPlays readPlays(ReferenceCharts model, Set<String> acknowledged) {
        Set<String> eventIds = new HashSet<>();
        long firstPlayed = Long.MAX_VALUE;
        long newestOfRun = Long.MIN_VALUE;
        long newest = Long.MIN_VALUE;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, Topics.PLAYS.name());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        PlayEvent play = Topics.PLAYS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        eventIds.add(play.eventId());
                        model.offer(play, Instant.ofEpochMilli(record.timestamp()));
                        newest = Math.max(newest, record.timestamp());
                        if (acknowledged.contains(play.eventId())) {
                            firstPlayed = Math.min(firstPlayed, play.playedAt().toEpochMilli());
                            newestOfRun = Math.max(newestOfRun, record.timestamp());
                        }
                    } catch (SerializationException | NullPointerException e) {
                        // not a play (a poison record a test left): chart-service dead-letters it too
                    }
                }
            }
        }
        ArchiveCheck.Span span = firstPlayed == Long.MAX_VALUE ? null
                : new ArchiveCheck.Span(Instant.ofEpochMilli(firstPlayed), Instant.ofEpochMilli(newestOfRun), Instant.ofEpochMilli(newest));
        return new TopicPlays(eventIds, span);
    }

    /**
     * Reads the archive topic from the beginning into an {@link ArchiveCheck}, and goes on reading what is appended
     * until every period the run's stream time has made final is there, or {@code settle} has passed.
     */
    private ArchiveCheck.Result checkArchive(ReferenceCharts model, ArchiveCheck.Span span, Duration settle, PrintWriter out) throws Exception {
        ArchiveCheck check = new ArchiveCheck(model, span);
        out.printf("verify: archive: the run's periods from %s to %s; final: those that end by %s (the newest play, %s, less 2 h 1 min)%n",
                span.firstPlayed(), span.newestArrival(), span.streamTime().minus(ArchiveCheck.FINAL_AFTER), span.streamTime());
        out.flush();
        long deadline = System.nanoTime() + settle.toNanos();
        long nextSay = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, Topics.CHARTS_ARCHIVE.name());
            while (true) {
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            ArchivedChart chart = Topics.CHARTS_ARCHIVE.valueSerde().deserializer().deserialize(record.topic(), record.value());
                            if (chart == null) {
                                check.unreadable(record.key(), "a tombstone");
                            } else {
                                check.accept(record.key(), chart);
                            }
                        } catch (SerializationException e) {
                            check.unreadable(record.key(), e.getMessage());
                        }
                    }
                }
                Set<String> missing = check.missing();
                if (missing.isEmpty() || System.nanoTime() >= deadline) {
                    break;
                }
                if (System.nanoTime() >= nextSay) {
                    out.printf("verify: archive: waiting for %,d final periods to be archived, e.g. %s%n", missing.size(), missing.iterator().next());
                    out.flush();
                    nextSay = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                Thread.sleep(1000); // archives appear on chart-service's tick once its stream time passes them: polling a topic's end
            }
        }
        return check.result();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        // read_committed, as chart-service reads: it writes archives with exactly-once, and an aborted attempt is not an
        // archive written twice.
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every partition of {@code topic} (none if it does not exist), assigned and rewound. */
    private static List<TopicPartition> assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        List<TopicPartition> partitions = infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }
}
