package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Writes plays straight to {@code ost.plays.v1} as ingest would (key = trackId, listener hashed with ingest's
 * secret, timestamp = arrival), bypassing HTTP: for preloading benchmarks, loading chart-service alone, and backfilling
 * history. The producer is idempotent, so records handed to it in one order reach each partition in that order.
 */
final class KafkaTarget implements Target {

    private final KafkaProducer<String, PlayEvent> producer;
    private final ListenerHash listeners;

    KafkaTarget(String bootstrapServers, String listenerHashSecret) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 131_072),
                Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer());
        listeners = new ListenerHash(listenerHashSecret);
    }

    /** The newest record timestamp on {@code ost.plays.v1} (the last record of each partition), empty when it holds none. */
    static Optional<Instant> newestPlay(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLAYS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> pending = new HashSet<>();
            for (TopicPartition partition : partitions) {
                if (end.get(partition) > begin.get(partition)) {
                    consumer.seek(partition, end.get(partition) - 1); // the last record, or a transaction marker: then nothing
                    pending.add(partition);
                }
            }
            long newest = Long.MIN_VALUE;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    newest = Math.max(newest, record.timestamp());
                    pending.remove(new TopicPartition(record.topic(), record.partition()));
                }
                pending.removeIf(partition -> consumer.position(partition) >= end.get(partition));
            }
            return newest == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
        }
    }

    /** Live traffic: every play arrives now. */
    @Override
    public Outcome send(List<PlayEvent> plays, byte[] ndjson) throws Exception {
        return write(plays, Collections.nCopies(plays.size(), Instant.now())).call();
    }

    /**
     * Hands the plays to the producer at once, in this order, each with its arrival as the record timestamp; the
     * caller awaits the acknowledgements by calling the result, when it likes (a backfill hands batches over in time
     * order from one thread, and awaits them on others).
     */
    Callable<Outcome> write(List<PlayEvent> plays, List<Instant> arrivals) {
        List<Future<?>> acks = new ArrayList<>(plays.size());
        for (int i = 0; i < plays.size(); i++) {
            PlayEvent play = plays.get(i);
            PlayEvent hashed = new PlayEvent(play.eventId(), play.trackId(), listeners.of(play.listenerId()), play.platform(),
                    play.country(), play.playedAt(), play.msPlayed());
            acks.add(producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, arrivals.get(i).toEpochMilli(), play.trackId(), hashed)));
        }
        return () -> {
            for (Future<?> ack : acks) {
                ack.get();
            }
            return new Outcome(202, IntStream.range(0, plays.size()).boxed().toList());
        };
    }

    @Override
    public void close() {
        producer.close();
    }
}
