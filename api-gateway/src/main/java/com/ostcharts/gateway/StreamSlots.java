package com.ostcharts.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open event streams, per client and in all. A client holds an entry only while it has a stream open, so the map never
 * holds more entries than {@code maxStreams}: its memory is bounded by the streams themselves.
 */
final class StreamSlots {

    /** Why a stream was refused. */
    enum Refusal { CLIENT, GATEWAY }

    private final ConcurrentHashMap<Object, Integer> perClient = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final int perClientLimit;
    private final int maxStreams;

    StreamSlots(int perClientLimit, int maxStreams) {
        this.perClientLimit = perClientLimit;
        this.maxStreams = maxStreams;
    }

    /** What {@link #open} gives: a {@link Slot}, or why not. */
    sealed interface Outcome permits Slot, Refused {
    }

    /** No slot: the client holds as many streams as it may, or the gateway does. */
    record Refused(Refusal refusal) implements Outcome {
    }

    /** An open stream's slot; closing it more than once gives it back once. */
    final class Slot implements Outcome, AutoCloseable {
        private final Object client;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(Object client) {
            this.client = client;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(client);
                open.decrementAndGet();
            }
        }
    }

    /** A slot for one more stream of {@code client}, to be closed when the stream ends, or the refusal. */
    Outcome open(Object client) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            return new Refused(Refusal.GATEWAY);
        }
        boolean[] admitted = {false};
        perClient.compute(client, (key, count) -> {
            int held = count == null ? 0 : count;
            admitted[0] = held < perClientLimit;
            return admitted[0] ? Integer.valueOf(held + 1) : count;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return new Refused(Refusal.CLIENT);
        }
        return new Slot(client);
    }

    int open() {
        return open.get();
    }

    /** Clients with a stream open now. */
    int clients() {
        return perClient.size();
    }

    private void release(Object client) {
        perClient.computeIfPresent(client, (key, count) -> count == 1 ? null : Integer.valueOf(count - 1));
    }
}
