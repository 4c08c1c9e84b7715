package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads all of {@code ost.charts.v1} and {@code ost.tracks.v1} with {@code assign()} (no consumer group:
 * every replica needs everything), from the beginning, into the {@link ChartBoard}, and keeps following.
 * Ready once it has read up to the end offsets it saw when it started.
 */
@Context
final class TopicFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaClientConfig kafka;
    private final ChartBoard board;
    private final AtomicLong lag = new AtomicLong(-1);
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    TopicFollower(KafkaClientConfig kafka, ChartBoard board) {
        this.kafka = kafka;
        this.board = board;
    }

    @PostConstruct
    void start() {
        thread = Thread.ofPlatform().name("chart-follower").daemon().start(this);
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** Records between what it has read and the end of the topics; -1 until it knows. */
    long lag() {
        return lag.get();
    }

    @Override
    public void run() {
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                return; // closing
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Following the charts failed; starting over in 1 s: {}", e.toString());
                caughtUp = false;
                pause();
            }
        }
    }

    private void follow() {
        Map<String, Object> config = kafka.clientProperties();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-follower");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            this.consumer = consumer;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.CHARTS.name(), Topics.TRACKS.name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            log.info("Following {} partitions of {} and {}", partitions.size(), Topics.CHARTS.name(), Topics.TRACKS.name());
            while (running) {
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
        } finally {
            this.consumer = null;
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
            } else {
                Track track = Topics.TRACKS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                board.putTrack(record.key(), track);
            }
        } catch (SerializationException e) {
            // A record we cannot read must not stop the gateway; chart-service owns the topic, so this is a bug to see.
            log.error("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(5_000);
    }
}
