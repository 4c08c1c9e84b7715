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
        long lost = acknowledged.stream().filter(id -> !onTopic.contains(id)).count();
        Set<ChartId> charts = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        charts.addAll(model.charts());
        long deadline = System.nanoTime() + settle.toNanos();
        List<String> differences;
        do {
            differences = compare(model, charts);
            if (differences.isEmpty()) {
                break;
            }
            Thread.sleep(500); // charts settle on chart-service's tick; this is polling a server, not waiting for a broker
        } while (System.nanoTime() < deadline);
        return new Result(acknowledged.size(), lost, charts.size(), differences.size(), differences.stream().limit(5).toList());
    }

    private List<String> compare(ReferenceCharts model, Set<ChartId> charts) throws Exception {
        List<String> differences = new ArrayList<>();
        for (ChartId chart : charts) {
            HttpResponse<String> response = gateway.get("/api/v1/charts/" + chart.value());
            List<ReferenceCharts.Line> served = new ArrayList<>();
            Instant asOf = Instant.now();
            if (response.statusCode() == 200) {
                JsonNode document = Json.MAPPER.readTree(response.body());
                asOf = Instant.parse(document.get("asOf").asText());
                for (JsonNode entry : document.get("entries")) {
                    served.add(new ReferenceCharts.Line(entry.get("rank").asInt(), entry.get("trackId").asText(), entry.get("plays").asLong()));
                }
            } else if (response.statusCode() != 404) {
                differences.add(chart.value() + ": gateway answered " + response.statusCode());
                continue;
            }
            List<ReferenceCharts.Line> expected = model.chart(chart, asOf, CHART_SIZE);
            if (!expected.equals(served)) {
                differences.add(chart.value() + " as of " + asOf + ": " + firstDifference(expected, served));
            }
        }
        return differences;
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
