package com.ostcharts.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator watches on a gateway, beside Micronaut's request metrics ({@code http_server_requests_*},
 * whose {@code status} tag gives the 304 share): charts held, how far behind the charts topic it is, the
 * archive store (how far behind, whether it has caught up, charts held), and how many event-stream listeners are connected.
 */
@Context
final class GatewayMetrics {

    private final AtomicInteger streamListeners = new AtomicInteger();

    GatewayMetrics(MeterRegistry meters, ChartBoard board, TopicFollower follower, ArchiveFollower archive, ArchiveStore store,
                   ConnectionCap connections) {
        Gauge.builder("ost.gateway.charts", board, b -> b.charts().size())
                .description("charts held in memory").register(meters);
        Gauge.builder("ost.gateway.follower.lag", follower, TopicFollower::lag)
                .description("records of ost.charts.v1 and ost.tracks.v1 not yet read; -1 until known").register(meters);
        Gauge.builder("ost.gateway.archive.lag", archive, ArchiveFollower::lag)
                .description("records of ost.charts.archive.v1 not yet in the archive store; -1 until known").register(meters);
        Gauge.builder("ost.gateway.archive.caught.up", archive, a -> a.caughtUp() ? 1 : 0)
                .description("1 once the archive store has read the archive topic up to where it ended at start: history answers").register(meters);
        FunctionCounter.builder("ost.gateway.archive.records.read", archive, a -> a.recordsRead())
                .description("records of the archive topic read since start (a restart reads only what is new)").register(meters);
        Gauge.builder("ost.gateway.archive.charts", store, ArchiveStore::estimatedCharts)
                .description("archived charts held, as RocksDB estimates").register(meters);
        for (String family : store.diskBytes().keySet()) {
            Gauge.builder("ost.gateway.archive.disk.bytes", store, s -> s.diskBytes().get(family)).tag("family", family)
                    .description("the archive store's table files on disk, per column family").baseUnit("bytes").register(meters);
        }
        Gauge.builder("ost.gateway.sse.listeners", streamListeners, AtomicInteger::get)
                .description("event-stream listeners connected").register(meters);
        Gauge.builder("ost.gateway.connections.open", connections, ConnectionCap::open)
                .description("HTTP connections open (at most ost.gateway.max-connections)").register(meters);
        FunctionCounter.builder("ost.gateway.connections.refused", connections, ConnectionCap::refused)
                .description("connections closed on arrival because ost.gateway.max-connections were open").register(meters);
    }

    void listenerConnected() {
        streamListeners.incrementAndGet();
    }

    void listenerGone() {
        streamListeners.decrementAndGet();
    }
}
