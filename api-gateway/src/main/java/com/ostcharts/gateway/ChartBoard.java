package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Track;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest version of every chart and the catalog, in memory, and a live feed of changes per chart.
 * Written by one thread (the topic follower), read by many.
 */
@Singleton
final class ChartBoard implements GracefulShutdownCapable {

    private final Map<String, ServedChart> charts = new ConcurrentHashMap<>();
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, Sinks.Many<ServedChart>> feeds = new ConcurrentHashMap<>();
    private final Sinks.Empty<Void> closing = Sinks.empty();

    void put(ChartDocument document) {
        ServedChart served = new ServedChart(document);
        charts.put(document.chartId(), served);
        Sinks.Many<ServedChart> feed = feeds.get(document.chartId());
        if (feed != null) {
            feed.tryEmitNext(served);
        }
    }

    void remove(String chartId) {
        charts.remove(chartId);
    }

    void putTrack(String trackId, Track track) {
        if (track == null) {
            tracks.remove(trackId);
        } else {
            tracks.put(trackId, track);
        }
    }

    /** The chart, if it exists; a global chart always does, empty until chart-service publishes it. */
    Optional<ServedChart> chart(ChartId id) {
        ServedChart served = charts.get(id.value());
        if (served == null && id.scope() instanceof ChartScope.Global) {
            return Optional.of(emptyGlobal(id.window()));
        }
        return Optional.ofNullable(served);
    }

    Collection<ServedChart> charts() {
        return charts.values();
    }

    Optional<Track> track(String trackId) {
        return Optional.ofNullable(tracks.get(trackId));
    }

    /** Versions of one chart as they arrive; best effort per listener (see the stream endpoint). */
    Flux<ServedChart> changes(ChartId id) {
        return feeds.computeIfAbsent(id.value(), key -> Sinks.many().multicast().directBestEffort()).asFlux();
    }

    /** Completes when the gateway shuts down: open event streams end with it. */
    Mono<Void> closing() {
        return closing.asMono();
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        closing.tryEmitEmpty();
        return CompletableFuture.completedFuture(null);
    }

    private static final Map<ChartWindow, ServedChart> EMPTY_GLOBALS = new EnumMap<>(ChartWindow.class);

    static {
        for (ChartWindow window : ChartWindow.values()) {
            EMPTY_GLOBALS.put(window, new ServedChart(new ChartDocument(new ChartId(ChartScope.GLOBAL, window).value(),
                    window, ChartScope.GLOBAL, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of())));
        }
    }

    private static ServedChart emptyGlobal(ChartWindow window) {
        return EMPTY_GLOBALS.get(window);
    }
}
