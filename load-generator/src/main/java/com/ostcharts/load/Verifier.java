package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.ReferenceCharts;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

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
 * Proves a run: every play acknowledged is on {@code ost.plays.v1} (nothing lost), and every chart the gateway
 * serves equals the contract's charts computed from that topic by {@link ReferenceCharts} (nothing counted
 * twice, nothing missing), entry by entry. Waits for the charts to settle, up to a deadline.
 */
final class Verifier {

    static final int CHART_SIZE = 100;

    /** The verdict. {@code examples} shows a few differences, for people. */
    record Result(long acknowledged, long lost, int charts, int mismatches, List<String> examples) {
        /** Nothing lost and every chart as the reference. */
        boolean passed() {
            return lost == 0 && mismatches == 0;
        }
    }

    /** One chart as served: the HTTP status, the instant it was computed for, and its lines (none unless 200). */
    record Served(int status, Instant asOf, List<ReferenceCharts.Line> lines) {
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

    Result verify(Set<String> acknowledged, Duration settle) throws Exception {
        ReferenceCharts model = new ReferenceCharts();
        Set<String> onTopic = readPlays(model);
        return judge(model, onTopic, acknowledged, this::served, settle);
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
        List<String> differences;
        while (true) {
            differences = compare(model, charts, source);
            if (differences.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(500); // charts settle on chart-service's tick; this is polling a server, not waiting for a broker
        }
        return new Result(acknowledged.size(), lost, charts.size(), differences.size(), differences.stream().limit(5).toList());
    }

    private static List<String> compare(ReferenceCharts model, Set<ChartId> charts, ChartSource source) throws Exception {
        List<String> differences = new ArrayList<>();
        for (ChartId chart : charts) {
            Served served = source.serve(chart);
            if (served.status() != 200 && served.status() != 404) {
                differences.add(chart.value() + ": gateway answered " + served.status());
                continue;
            }
            List<ReferenceCharts.Line> expected = model.chart(chart, served.asOf(), CHART_SIZE);
            if (!expected.equals(served.lines())) {
                differences.add(chart.value() + " as of " + served.asOf() + ": " + firstDifference(expected, served.lines()));
            }
        }
        return differences;
    }

    /** The chart as the gateway serves it; a 404 is an empty chart as of now. */
    private Served served(ChartId chart) throws Exception {
        HttpResponse<String> response = gateway.get("/api/v1/charts/" + chart.value());
        if (response.statusCode() != 200) {
            return new Served(response.statusCode(), Instant.now(), List.of());
        }
        JsonNode document = Json.MAPPER.readTree(response.body());
        List<ReferenceCharts.Line> lines = new ArrayList<>();
        for (JsonNode entry : document.get("entries")) {
            lines.add(new ReferenceCharts.Line(entry.get("rank").asInt(), entry.get("trackId").asText(), entry.get("plays").asLong()));
        }
        return new Served(200, Instant.parse(document.get("asOf").asText()), lines);
    }

    /** Where two charts part: the first differing line of each, and their lengths. */
    private static String firstDifference(List<ReferenceCharts.Line> expected, List<ReferenceCharts.Line> served) {
        int i = 0;
        while (i < expected.size() && i < served.size() && expected.get(i).equals(served.get(i))) {
            i++;
        }
        return "from rank " + (i + 1) + " expected " + expected.subList(i, Math.min(i + 3, expected.size()))
                + " but served " + served.subList(i, Math.min(i + 3, served.size()))
                + " (" + expected.size() + " expected, " + served.size() + " served)";
    }

    /** Feeds every play on the topic to the model, partition by partition in offset order (per-track arrival order). */
    private Set<String> readPlays(ReferenceCharts model) {
        Set<String> eventIds = new HashSet<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLAYS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        PlayEvent play = Topics.PLAYS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        eventIds.add(play.eventId());
                        model.offer(play, Instant.ofEpochMilli(record.timestamp()));
                    } catch (SerializationException | NullPointerException e) {
                        // not a play (a poison record a test left): chart-service dead-letters it too
                    }
                }
            }
        }
        return eventIds;
    }
}
