package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Stage 1, partitioned by trackId: applies the counting rules, keeps minute buckets and running totals
 * per (scope, track), expires plays as they age out of each window (wall-clock, so idle tracks decay),
 * and on each tick sends this partition's top N of every chart that changed.
 */
final class PlayCounter implements Processor<String, StageOneInput, String, PartialChart> {

    private static final ChartWindow LONGEST = ChartWindow.SEVEN_DAYS;
    /** Dedupe entries outlive the hours they guard by the lateness bound plus this margin for disorder. */
    private static final long DEDUPE_MARGIN_HOURS = 1;

    private final ChartEngineConfig config;
    /** Charts whose partial top N may have changed since the last tick. Rebuilt from the stores on every init. */
    private final Set<ChartId> changed = new LinkedHashSet<>();
    private boolean everythingChanged;

    private ProcessorContext<String, PartialChart> context;
    private KeyValueStore<String, Long> listenerHours;
    private KeyValueStore<String, Long> buckets;
    private KeyValueStore<String, Totals> totals;
    private KeyValueStore<String, Long> edges;
    private KeyValueStore<String, Track> catalog;
    private ChartMetrics.Counting metrics;

    PlayCounter(ChartEngineConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, PartialChart> context) {
        // Streams may init the same instance again when it revives a task: re-send everything from the stores.
        changed.clear();
        everythingChanged = true;
        this.context = context;
        listenerHours = context.getStateStore(StoreNames.LISTENER_HOURS);
        buckets = context.getStateStore(StoreNames.PLAY_BUCKETS);
        totals = context.getStateStore(StoreNames.TRACK_TOTALS);
        edges = context.getStateStore(StoreNames.WINDOW_EDGES);
        catalog = context.getStateStore(StoreNames.CATALOG);
        metrics = ChartMetrics.counting(context);
        context.schedule(config.countInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, StageOneInput> record) {
        switch (record.value()) {
            case StageOneInput.Play(PlayEvent play) -> count(play, record.timestamp());
            case StageOneInput.Metadata(Track track) -> {
                if (track == null) {
                    catalog.delete(record.key());
                } else {
                    catalog.put(record.key(), track);
                }
                everythingChanged = true; // rare: re-send every partial chart once, with the new metadata
            }
        }
    }

    private void count(PlayEvent play, long arrivalMs) {
        if (!CountingRules.longEnough(play)) {
            metrics.ineligible().record();
            return;
        }
        if (!CountingRules.onTime(play, arrivalMs)) {
            metrics.late().record();
            return;
        }
        String listenerHour = StoreKeys.join(StoreKeys.time(CountingRules.hourOf(play)), play.listenerId(), play.trackId());
        if (listenerHours.get(listenerHour) != null) {
            metrics.duplicate().record();
            return;
        }
        listenerHours.put(listenerHour, CountingRules.hourOf(play));
        long minute = CountingRules.minuteOf(play.playedAt().toEpochMilli());
        long nowMinute = CountingRules.minuteOf(context.currentSystemTimeMs());
        for (ChartScope scope : CountingRules.scopesOf(play)) {
            String scopeTrack = StoreKeys.join(scope.path(), play.trackId());
            Totals before = totals.get(scopeTrack);
            Totals after = before == null ? Totals.ZERO : before;
            for (ChartWindow window : ChartWindow.values()) {
                if (minute >= edge(window, nowMinute)) {
                    after = after.plus(window, 1);
                    changed.add(new ChartId(scope, window));
                }
            }
            if (minute >= edge(LONGEST, nowMinute)) {
                String bucket = StoreKeys.join(StoreKeys.time(minute), scopeTrack);
                Long plays = buckets.get(bucket);
                buckets.put(bucket, plays == null ? 1 : plays + 1);
                totals.put(scopeTrack, after);
            }
        }
        metrics.counted().record();
    }

    /** The first minute inside {@code window}, as of the last time the window moved. */
    private long edge(ChartWindow window, long nowMinute) {
        Long edge = edges.get(window.label());
        return edge != null ? edge : firstMinuteInside(window, nowMinute);
    }

    static long firstMinuteInside(ChartWindow window, long nowMinute) {
        return nowMinute - window.length().toMinutes() + 1;
    }

    private void tick(long now) {
        long nowMinute = CountingRules.minuteOf(now);
        for (ChartWindow window : ChartWindow.values()) {
            expire(window, nowMinute);
        }
        forgetOldListenerHours();
        if (everythingChanged) {
            markEveryChartChanged();
            everythingChanged = false;
        }
        sendChangedCharts(now);
    }

    /** Subtracts the plays of the minutes that left {@code window} since it last moved. */
    private void expire(ChartWindow window, long nowMinute) {
        long newEdge = firstMinuteInside(window, nowMinute);
        Long oldEdge = edges.get(window.label());
        if (oldEdge != null && oldEdge < newEdge) {
            List<String> agedOut = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = buckets.range(StoreKeys.time(oldEdge), StoreKeys.time(newEdge))) {
                while (it.hasNext()) {
                    KeyValue<String, Long> bucket = it.next();
                    String[] parts = StoreKeys.split(bucket.key, 2); // minute | scope|track
                    subtract(parts[1], window, bucket.value);
                    agedOut.add(bucket.key);
                }
            }
            if (window == LONGEST) {
                agedOut.forEach(buckets::delete);
            }
        }
        if (oldEdge == null || oldEdge < newEdge) {
            edges.put(window.label(), newEdge);
        }
    }

    private void subtract(String scopeTrack, ChartWindow window, long plays) {
        Totals current = totals.get(scopeTrack);
        if (current == null) {
            return;
        }
        Totals after = current.plus(window, -plays);
        if (after.isZero()) {
            totals.delete(scopeTrack);
        } else {
            totals.put(scopeTrack, after);
        }
        String scope = scopeTrack.substring(0, scopeTrack.lastIndexOf(StoreKeys.SEPARATOR));
        ChartScope.fromPath(scope).ifPresent(s -> changed.add(new ChartId(s, window)));
    }

    /** No eligible play for an hour can arrive once stream time is past the hour plus the lateness bound. */
    private void forgetOldListenerHours() {
        long streamHour = Math.floorDiv(context.currentStreamTimeMs(), 3_600_000L);
        long firstKept = streamHour - CountingRules.LATENESS_BOUND.toHours() - 1 - DEDUPE_MARGIN_HOURS;
        if (firstKept <= 0) {
            return;
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = listenerHours.range(StoreKeys.time(0), StoreKeys.time(firstKept))) {
            it.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(listenerHours::delete);
    }

    /** After a restart or a catalog change: every chart this partition holds, and the global ones, which always exist. */
    private void markEveryChartChanged() {
        Set<String> scopes = new HashSet<>();
        scopes.add(ChartScope.GLOBAL.path());
        try (KeyValueIterator<String, Totals> it = totals.all()) {
            it.forEachRemaining(entry -> scopes.add(entry.key.substring(0, entry.key.lastIndexOf(StoreKeys.SEPARATOR))));
        }
        for (String path : scopes) {
            ChartScope.fromPath(path).ifPresent(scope -> {
                for (ChartWindow window : ChartWindow.values()) {
                    changed.add(new ChartId(scope, window));
                }
            });
        }
    }

    private void sendChangedCharts(long now) {
        if (changed.isEmpty()) {
            return;
        }
        int partition = context.taskId().partition();
        Map<ChartScope, Set<ChartWindow>> byScope = new LinkedHashMap<>();
        for (ChartId chart : changed) {
            byScope.computeIfAbsent(chart.scope(), s -> EnumSet.noneOf(ChartWindow.class)).add(chart.window());
        }
        changed.clear();
        byScope.forEach((scope, windows) -> topOf(scope, windows).forEach((window, standings) ->
                context.forward(new Record<>(new ChartId(scope, window).value(), new PartialChart(partition, standings), now))));
    }

    /** This partition's top N of one scope, for several windows in one scan of the scope's totals. */
    private Map<ChartWindow, List<Standing>> topOf(ChartScope scope, Set<ChartWindow> windows) {
        record Score(String trackId, long plays) {
        }
        Map<ChartWindow, PriorityQueue<Score>> tops = new EnumMap<>(ChartWindow.class);
        Comparator<Score> worstFirst = Comparator.comparingLong(Score::plays)
                .thenComparing(Score::trackId, Comparator.reverseOrder());
        windows.forEach(window -> tops.put(window, new PriorityQueue<>(worstFirst)));
        String prefix = scope.path() + StoreKeys.SEPARATOR;
        try (KeyValueIterator<String, Totals> it = totals.range(prefix, StoreKeys.after(scope.path()))) {
            while (it.hasNext()) {
                KeyValue<String, Totals> entry = it.next();
                String trackId = entry.key.substring(prefix.length());
                tops.forEach((window, top) -> {
                    long plays = entry.value.of(window);
                    if (plays > 0) {
                        top.add(new Score(trackId, plays));
                        if (top.size() > config.chartSize()) {
                            top.poll();
                        }
                    }
                });
            }
        }
        Map<ChartWindow, List<Standing>> result = new EnumMap<>(ChartWindow.class);
        tops.forEach((window, top) -> result.put(window, top.stream()
                .map(score -> standing(score.trackId(), score.plays()))
                .sorted(Standing.CHART_ORDER)
                .toList()));
        return result;
    }

    private Standing standing(String trackId, long plays) {
        Track track = catalog.get(trackId);
        return track == null
                ? new Standing(trackId, plays, null, null, null)
                : new Standing(trackId, plays, track.title(), track.artists(), track.drama());
    }

    @Override
    public void close() {
        metrics.closeAll();
    }
}
