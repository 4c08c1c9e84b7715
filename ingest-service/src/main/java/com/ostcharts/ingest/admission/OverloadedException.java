package com.ostcharts.ingest.admission;

/** Ingest holds as much work as it may: the request is refused whole (nothing of it was published) and may be resent. */
public final class OverloadedException extends RuntimeException {

    /** Which bound refused it, as the {@code reason} tag of {@code ost_ingest_requests_refused_total} names it. */
    public enum Bound {
        /** Requests or body bytes in flight at their bound. */
        BUSY("busy"),
        /** The oldest write has waited for Kafka's acknowledgement past {@code ost.ingest.max-kafka-wait}. */
        KAFKA_BEHIND("kafka-behind");

        private final String tag;

        Bound(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Bound bound;

    public OverloadedException(Bound bound, String message) {
        super(message, null, false, false); // refused in bulk under load: no stack trace to fill
        this.bound = bound;
    }

    public Bound bound() {
        return bound;
    }
}
