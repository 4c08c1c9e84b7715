package com.ostcharts.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator watches on a gateway, beside Micronaut's request metrics ({@code http_server_requests_*},
 * whose {@code status} tag gives the 304 share): charts held, how far behind the charts topic it is, and
 * how many event-stream listeners are connected.
 */
@Context
final class GatewayMetrics {

    private final AtomicInteger streamListeners = new AtomicInteger();

    GatewayMetrics(MeterRegistry meters, ChartBoard board, TopicFollower follower) {
        Gauge.builder("ost.gateway.charts", board, b -> b.charts().size())
                .description("charts held in memory").register(meters);
        Gauge.builder("ost.gateway.follower.lag", follower, TopicFollower::lag)
                .description("records of ost.charts.v1 and ost.tracks.v1 not yet read; -1 until known").register(meters);
        Gauge.builder("ost.gateway.sse.listeners", streamListeners, AtomicInteger::get)
                .description("event-stream listeners connected").register(meters);
    }

    void listenerConnected() {
        streamListeners.incrementAndGet();
    }

    void listenerGone() {
        streamListeners.decrementAndGet();
    }
}
