package com.ostcharts.ingest.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * ingest-service settings ({@code ost.ingest.*}), validated at start-up: a start without API keys or
 * without the listener-hash secret fails, naming the setting. Only the {@code local} profile has defaults.
 *
 * @param apiKeys            keys accepted in {@code Authorization: Bearer}; env {@code OST_INGEST_API_KEYS} (comma-separated)
 * @param listenerHashSecret HMAC key that replaces listener ids before they reach Kafka; env {@code OST_INGEST_LISTENER_HASH_SECRET}
 * @param ackTimeout         how long a request waits for Kafka to acknowledge its events before answering 503
 * @param maxEvents          events per request, beyond which the request gets 413
 * @param maxBody            body size per request, beyond which the request gets 413
 * @param maxRequestsInFlight writes held at once; more are refused with 503 and {@code Retry-After}
 * @param maxBytesInFlight   request-body bytes held at once (what a request costs in memory grows with its body);
 *                           unset: a sixteenth of the heap, and never less than {@code maxBody}
 * @param maxKafkaWait       how long the oldest request may have waited for Kafka's acknowledgement before new
 *                           writes are refused (503): Kafka is behind, and queueing more would only time them out;
 *                           unset: half of {@code ackTimeout} (5 s by default), long enough to ride out a leader failover
 * @param rateLimit          each API key's quota of plays ({@code ost.ingest.rate-limit.*}); past it, {@code 429}
 */
@Validated
@ConfigurationProperties("ost.ingest")
public record IngestProperties(
        @NotEmpty(message = "no API keys: set ost.ingest.api-keys (env OST_INGEST_API_KEYS); writes need a key")
        List<@NotBlank(message = "an API key must not be blank") String> apiKeys,
        @NotNull(message = "no listener hash secret: set ost.ingest.listener-hash-secret (env OST_INGEST_LISTENER_HASH_SECRET)")
        @Size(min = 16, message = "the listener hash secret needs at least 16 characters")
        String listenerHashSecret,
        @DefaultValue("10s") @NotNull Duration ackTimeout,
        @DefaultValue("10000") @Min(1) @Max(10_000) int maxEvents,
        @DefaultValue("16MB") @NotNull DataSize maxBody,
        @DefaultValue("1024") @Min(1) int maxRequestsInFlight,
        DataSize maxBytesInFlight,
        Duration maxKafkaWait,
        @DefaultValue @NotNull @Valid RateLimit rateLimit) {

    public IngestProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        if (maxKafkaWait == null && ackTimeout != null) {
            maxKafkaWait = ackTimeout.dividedBy(2);
        }
        if (maxBytesInFlight != null && maxBody != null && maxBytesInFlight.toBytes() < maxBody.toBytes()) {
            throw new IllegalArgumentException("ost.ingest.max-bytes-in-flight (" + maxBytesInFlight + ") is below ost.ingest.max-body ("
                    + maxBody + "): a request of the largest allowed size could never be admitted; raise it or lower max-body");
        }
        if (maxKafkaWait != null && ackTimeout != null && maxKafkaWait.compareTo(ackTimeout) >= 0) {
            throw new IllegalArgumentException("ost.ingest.max-kafka-wait (" + maxKafkaWait + ") must be below ost.ingest.ack-timeout ("
                    + ackTimeout + "): admission must stop before admitted requests start timing out");
        }
    }

    /**
     * Each API key's quota of plays ({@code ost.ingest.rate-limit.*}), per ingest instance: a token bucket of
     * {@code quota} plays refilled evenly over {@code window}. A track update counts as one play.
     *
     * @param enabled off: no quota, and no cost on the request path
     * @param quota   plays a key may send per {@code window}, and its burst
     * @param window  whole seconds, as the {@code RateLimit-Policy} field states it
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("200000") @Min(1) int quota,
            @DefaultValue("1s") @NotNull Duration window) {

        public RateLimit {
            if (window != null && (window.toNanos() % 1_000_000_000L != 0 || window.toSeconds() < 1)) {
                throw new IllegalArgumentException("ost.ingest.rate-limit.window must be a whole number of seconds, at least 1 s, not "
                        + window + " (RateLimit-Policy states it in seconds)");
            }
        }
    }

    /**
     * The body-byte budget: {@code maxBytesInFlight}, or a sixteenth of the heap (a body parses into objects a few times
     * its size, and the producer buffers its records until Kafka acknowledges them), at least {@code maxBody}, at most 1 GiB.
     */
    public int bytesInFlight() {
        long bytes = maxBytesInFlight != null ? maxBytesInFlight.toBytes() : Math.max(Runtime.getRuntime().maxMemory() / 16, maxBody.toBytes());
        return (int) Math.min(bytes, 1L << 30);
    }

    /** Never prints the keys or the secret: settings end up in logs and error reports. */
    @Override
    public String toString() {
        return "IngestProperties[apiKeys=(" + apiKeys.size() + " hidden), listenerHashSecret=(hidden), ackTimeout=" + ackTimeout
                + ", maxEvents=" + maxEvents + ", maxBody=" + maxBody + ", maxRequestsInFlight=" + maxRequestsInFlight
                + ", maxBytesInFlight=" + (maxBytesInFlight == null ? "auto (" + bytesInFlight() + " bytes)" : maxBytesInFlight)
                + ", maxKafkaWait=" + maxKafkaWait + ", rateLimit=" + rateLimit + "]";
    }
}
