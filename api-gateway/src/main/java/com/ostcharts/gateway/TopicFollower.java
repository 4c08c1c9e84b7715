package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import io.micronaut.context.annotation.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads all of {@code ost.charts.v1}, {@code ost.entity-charts.v1} and {@code ost.tracks.v1} with {@code assign()} (no consumer group:
 * every replica needs everything), from the beginning, into the {@link ChartBoard}, and keeps following.
 * Ready once it has read up to the end offsets it saw when it started.
 */
@Context
final class TopicFollower extends KafkaFollower {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final ChartBoard board;

    TopicFollower(KafkaClientConfig kafka, ChartBoard board) {
        super(kafka, "chart-follower", "the charts", Duration.ofSeconds(1));
        this.board = board;
    }


    @Override
    void failed() {
        caughtUp = false;
    }

    @Override
    void follow(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.CHARTS.name(), Topics.ENTITY_CHARTS.name(), Topics.TRACKS.name())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        log.info("Following {} partitions of {}, {} and {}", partitions.size(), Topics.CHARTS.name(), Topics.ENTITY_CHARTS.name(),
                Topics.TRACKS.name());
        while (running()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                apply(record);
            }
            long behind = 0;
            boolean reached = true;
            for (TopicPartition partition : partitions) {
                long position = consumer.position(partition);
                reached &= position >= startEnd.get(partition);
                behind += consumer.currentLag(partition).orElse(0);
            }
            lag.set(behind);
            if (reached && !caughtUp) {
                caughtUp = true;
                log.info("Caught up: serving {} charts", board.charts().size());
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.CHARTS.name())) {
                ChartDocument document = Topics.CHARTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (document == null) {
                    board.remove(record.key());
                } else {
                    board.put(document);
                }
            } else if (record.topic().equals(Topics.ENTITY_CHARTS.name())) {
                EntityChartDocument document = Topics.ENTITY_CHARTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (document == null) {
                    board.removeEntities(record.key());
                } else {
                    board.putEntities(document);
                }
            } else {
                Track track = Topics.TRACKS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                board.putTrack(record.key(), track);
            }
        } catch (SerializationException e) {
            // A record we cannot read must not stop the gateway; chart-service owns the topic, so this is a bug to see.
            log.error("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}
