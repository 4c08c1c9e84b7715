package com.ostcharts.ingest.publish;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topic;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;

/**
 * Publishes accepted events and returns only once Kafka acknowledged every one of them
 * ({@code acks=all}, idempotent producer), or throws: a caller never acknowledges what Kafka has not.
 */
public final class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final ListenerHasher hasher;
    private final Duration ackTimeout;
    private final PublishBacklog backlog;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, ListenerHasher hasher, Duration ackTimeout, PublishBacklog backlog) {
        this.kafka = kafka;
        this.hasher = hasher;
        this.ackTimeout = ackTimeout;
        this.backlog = backlog;
    }

    /**
     * Key = trackId, timestamp = {@code acceptedAt} (the lateness rule reads it), listener hashed. The records go to
     * the producer itself (its own batching gathers them), each written straight to its bytes, and one callback
     * counts the acknowledgements: no future per record, no template observation per send.
     */
    public void publishPlays(List<PlayEvent> plays, Instant acceptedAt) {
        Mac mac = hasher.newMac();
        PlayRecord record = new PlayRecord();
        Acknowledgements acks = new Acknowledgements(plays.size());
        long waiting = backlog.waiting();
        try {
            try {
                kafka.execute(producer -> {
                    for (PlayEvent play : plays) {
                        byte[] value = record.write(play, ListenerHasher.hashed(play.listenerId(), mac));
                        producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, acceptedAt.toEpochMilli(), play.trackId(), value), acks);
                    }
                    return null;
                });
            } catch (RuntimeException e) { // send() itself fails when metadata cannot be had within max.block.ms
                throw new KafkaUnavailableException("Kafka did not take the events: " + rootCause(e), e);
            }
            await(acks.all);
        } finally {
            backlog.done(waiting);
        }
    }

    /** Completes once every record of a request is acknowledged, or with the first failure. */
    private static final class Acknowledgements implements Callback {

        private final CompletableFuture<Void> all = new CompletableFuture<>();
        private final AtomicInteger pending;

        Acknowledgements(int records) {
            this.pending = new AtomicInteger(records);
            if (records == 0) {
                all.complete(null);
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (failure != null) {
                all.completeExceptionally(failure);
            } else if (pending.decrementAndGet() == 0) {
                all.complete(null);
            }
        }
    }

    public void publishTrack(Track track) {
        CompletableFuture<?> ack;
        try {
            ack = send(Topics.TRACKS, track.trackId(), track, Instant.now());
        } catch (RuntimeException e) {
            throw new KafkaUnavailableException("Kafka did not take the track: " + rootCause(e), e);
        }
        await(ack);
    }

    private <V> CompletableFuture<?> send(Topic<String, V> topic, String key, V value, Instant timestamp) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return kafka.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, bytes));
    }

    private void await(CompletableFuture<?> acks) {
        try {
            acks.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("Kafka refused the events: " + rootCause(e), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge within " + ackTimeout.toMillis() + " ms", e);
        }
    }

    /** The innermost cause, which names what went wrong (spring-kafka wraps it as "Send failed"): e.g. an authentication failure. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
