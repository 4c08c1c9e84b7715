package com.ostcharts.ingest.publish;

/** Kafka did not acknowledge everything in time: the request gets 503 and the client resends it whole (safe by the counting rules). */
public final class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
