package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Writes plays straight to {@code ost.plays.v1}, as ingest would (key = trackId, timestamp = now), bypassing
 * HTTP: for preloading benchmarks and loading chart-service alone. Listener ids are written as given.
 */
final class KafkaTarget implements Target {

    private final KafkaProducer<String, PlayEvent> producer;

    KafkaTarget(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 131_072),
                Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer());
    }

    @Override
    public Outcome send(List<PlayEvent> plays, List<String> lines) throws Exception {
        long now = System.currentTimeMillis();
        List<Future<?>> acks = new ArrayList<>(plays.size());
        for (PlayEvent play : plays) {
            acks.add(producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, now, play.trackId(), play)));
        }
        for (Future<?> ack : acks) {
            ack.get();
        }
        return new Outcome(202, IntStream.range(0, plays.size()).boxed().toList());
    }

    @Override
    public void close() {
        producer.close();
    }
}
