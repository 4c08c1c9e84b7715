package com.ostcharts.ingest.admission;

import java.util.concurrent.Semaphore;

/**
 * How much work ingest holds at once: requests in flight, and request-body bytes in flight (what a request costs
 * in memory grows with its body: the bytes, the parsed events, their serialized records until Kafka acknowledges
 * them). Work beyond either bound is refused at once, never queued: a queue is memory too, and a client that is
 * told "later" can resend. Nothing here blocks.
 */
public final class Admission {

    /** What a body of unknown length is charged up front, and the step by which its charge grows as it is read. */
    static final int CHUNK = 64 * 1024;

    private final Semaphore requests;
    private final Semaphore bytes;
    private final int maxBytes;

    public Admission(int maxRequests, int maxBytes) {
        if (maxRequests < 1 || maxBytes < CHUNK) {
            throw new IllegalArgumentException("admission needs at least one request and " + CHUNK + " bytes in flight");
        }
        this.requests = new Semaphore(maxRequests);
        this.bytes = new Semaphore(maxBytes);
        this.maxBytes = maxBytes;
    }

    /**
     * A ticket for one request whose body declares {@code declaredLength} bytes (-1 when unknown: chunked), or
     * {@code null} when ingest is full. A declared length is charged in full before a byte is read.
     */
    public Ticket tryAdmit(long declaredLength) {
        if (!requests.tryAcquire()) {
            return null;
        }
        int charge = declaredLength < 0 ? CHUNK : (int) Math.min(Math.max(declaredLength, 1), maxBytes);
        if (!bytes.tryAcquire(charge)) {
            requests.release();
            return null;
        }
        return new Ticket(charge);
    }

    public int availableRequests() {
        return requests.availablePermits();
    }

    public int availableBytes() {
        return bytes.availablePermits();
    }

    /** One admitted request's share; {@link #close()} gives it back, exactly once. */
    public final class Ticket implements AutoCloseable {

        private int charged;
        private boolean closed;

        private Ticket(int charged) {
            this.charged = charged;
        }

        /**
         * Makes sure {@code total} bytes of body are paid for, charging more in steps of {@link #CHUNK};
         * false when ingest has no room for them (the request must then be refused).
         */
        public synchronized boolean cover(long total) {
            while (charged < total) {
                int step = (int) Math.min(CHUNK, (long) maxBytes - charged);
                if (step <= 0 || !bytes.tryAcquire(step)) {
                    return false;
                }
                charged += step;
            }
            return true;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                bytes.release(charged);
                requests.release();
            }
        }
    }
}
