package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Track;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest version of every chart and the catalog, in memory, and the open event streams of each chart, which each
 * new version is offered to. Written by one thread (the topic follower), read by many.
 */
@Singleton
final class ChartBoard implements GracefulShutdownCapable {

    private final Map<String, ServedChart> charts = new ConcurrentHashMap<>();
    /** Charts of dramas and of artists, by their own ids ({@code drama-charts/global/24h}). */
    private final Map<String, ServedChart> entityCharts = new ConcurrentHashMap<>();
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, Set<ChartStream>> streams = new ConcurrentHashMap<>();
    private final Disposable heartbeats;
    private volatile boolean closing;

    ChartBoard(GatewayConfig config) {
        long idleNanos = config.heartbeat().toNanos();
        // one timer for every stream: a stream that has written nothing for a heartbeat's interval gets a comment line
        this.heartbeats = Flux.interval(config.heartbeat()).subscribe(tick -> streams.values()
                .forEach(open -> open.forEach(stream -> stream.heartbeat(idleNanos))));
    }

    void put(ChartDocument document) {
        ServedChart served = new ServedChart(document);
        charts.put(document.chartId(), served);
        offer(document.chartId(), served);
    }

    void putEntities(EntityChartDocument document) {
        ServedChart served = new ServedChart(document);
        entityCharts.put(document.chartId(), served);
        offer(document.chartId(), served);
    }

    void removeEntities(String chartId) {
        entityCharts.remove(chartId);
    }

    /** A chart of dramas or artists, if it exists. */
    Optional<ServedChart> entityChart(EntityChartId id) {
        return Optional.ofNullable(entityCharts.get(id.value()));
    }

    /** Every chart of dramas or artists, by id. */
    Map<String, ServedChart> entityCharts() {
        return entityCharts;
    }

    /** The new version to every open stream of the chart. */
    private void offer(String chartId, ServedChart served) {
        Set<ChartStream> listening = streams.get(chartId);
        if (listening != null) {
            for (ChartStream stream : listening) {
                stream.offer(served);
            }
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

    /**
     * The chart keyed {@code chartId} ({@link ChartId#value()}), or, for a global chart not published yet (its window
     * given), the empty one; {@code null} if neither.
     */
    ServedChart served(String chartId, ChartWindow globalWindow) {
        ServedChart served = charts.get(chartId);
        return served != null || globalWindow == null ? served : emptyGlobal(globalWindow);
    }

    Collection<ServedChart> charts() {
        return charts.values();
    }

    Optional<Track> track(String trackId) {
        return Optional.ofNullable(tracks.get(trackId));
    }

    /** A stream has a listener: it is offered each new version of its chart from now on (and ended at shutdown). */
    void open(ChartStream stream) {
        streams.compute(stream.chartId(), (key, open) -> {
            Set<ChartStream> held = open != null ? open : ConcurrentHashMap.newKeySet();
            held.add(stream);
            return held;
        });
        if (closing) {
            stream.end();
        }
    }

    /** A stream's listener has gone, or the stream ended. */
    void close(ChartStream stream) {
        streams.computeIfPresent(stream.chartId(), (key, open) -> {
            open.remove(stream);
            return open.isEmpty() ? null : open;
        });
    }

    /** Ends every open event stream at once, so a graceful stop need not wait them out. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        closing = true;
        streams.values().forEach(open -> open.forEach(ChartStream::end));
        return CompletableFuture.completedFuture(null);
    }

    @PreDestroy
    void stopHeartbeats() {
        heartbeats.dispose();
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
