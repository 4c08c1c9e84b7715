package com.ostcharts.ingest.publish;

import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The requests waiting for Kafka to acknowledge their events, oldest first. The age of the oldest is how far
 * behind Kafka is: when the broker slows down, events queue in the producer and each new request would wait behind
 * them (until its acknowledgement timeout). Admission refuses new work while that age is past its bound, so the
 * queue drains instead of growing, and every request admitted is answered well within its timeout.
 */
public final class PublishBacklog {

    private final ConcurrentSkipListMap<Long, Long> waitingSince = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final LongSupplier nanoTime;

    public PublishBacklog() {
        this(System::nanoTime);
    }

    PublishBacklog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A request starts waiting for Kafka; give the returned id to {@link #done(long)}. */
    public long waiting() {
        long id = sequence.incrementAndGet();
        waitingSince.put(id, nanoTime.getAsLong());
        return id;
    }

    public void done(long id) {
        waitingSince.remove(id);
    }

    /** How long the oldest request still waiting has waited; zero when none waits. */
    public Duration oldestWait() {
        var oldest = waitingSince.firstEntry();
        return oldest == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - oldest.getValue()));
    }

    public int waitingRequests() {
        return waitingSince.size();
    }
}
