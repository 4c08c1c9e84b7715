package com.ostcharts.ingest.publish;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topic;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;

/**
 * Publishes accepted events and returns only once Kafka acknowledged every one of them
 * ({@code acks=all}, idempotent producer), or throws: a caller never acknowledges what Kafka has not.
 */
public final class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final ListenerHasher hasher;
    private final Duration ackTimeout;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, ListenerHasher hasher, Duration ackTimeout) {
        this.kafka = kafka;
        this.hasher = hasher;
        this.ackTimeout = ackTimeout;
    }

    /** Key = trackId, timestamp = {@code acceptedAt} (the lateness rule reads it), listener hashed. */
    public void publishPlays(List<PlayEvent> plays, Instant acceptedAt) {
        Mac mac = hasher.newMac();
        List<CompletableFuture<?>> acks = new ArrayList<>(plays.size());
        try {
            for (PlayEvent play : plays) {
                acks.add(send(Topics.PLAYS, play.trackId(), ListenerHasher.hashed(play, mac), acceptedAt));
            }
        } catch (RuntimeException e) { // send() itself fails when metadata cannot be had within max.block.ms
            throw new KafkaUnavailableException("Kafka did not take the events: " + rootCause(e), e);
        }
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
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
