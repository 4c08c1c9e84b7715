package com.ostcharts.gateway;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/** The time the rate limits count in: the JVM's monotonic clock; a test supplies a {@link Ticker} of its own, which wins. */
@Factory
final class RateLimitTicker {

    @Singleton
    @Secondary
    Ticker systemTicker() {
        return Ticker.systemTicker();
    }
}
