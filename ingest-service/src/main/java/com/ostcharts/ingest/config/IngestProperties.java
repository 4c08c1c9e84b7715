package com.ostcharts.ingest.config;

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
        @DefaultValue("16MB") @NotNull DataSize maxBody) {

    public IngestProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /** Never prints the keys or the secret: settings end up in logs and error reports. */
    @Override
    public String toString() {
        return "IngestProperties[apiKeys=(" + apiKeys.size() + " hidden), listenerHashSecret=(hidden), ackTimeout=" + ackTimeout
                + ", maxEvents=" + maxEvents + ", maxBody=" + maxBody + "]";
    }
}
