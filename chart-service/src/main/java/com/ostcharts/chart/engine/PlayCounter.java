package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Stage 1, partitioned by trackId: applies the counting rules, keeps minute buckets and running totals
 * per (scope, track), expires plays as they age out of each window (wall-clock, so idle tracks decay),
 * and on each tick sends this partition's top N of every chart that changed.
 * <p>
 * Durable state is what cannot be derived: the listener-hours already counted and the minute buckets. The running
 * totals and the window edges are derived from them and live in memory only ({@link RunningTotals}, {@link #edges}):
 * rebuilt from the buckets whenever the task starts, so a play costs no store operation for them and a tick ranks
 * a scope without reading a store.
 */
final class PlayCounter implements Processor<String, StageOneInput, String, PartialChart> {

    private static final ChartWindow LONGEST = ChartWindow.SEVEN_DAYS;
    private static final ChartWindow[] WINDOWS = ChartWindow.values();
    /** Dedupe entries outlive the hours they guard by the lateness bound plus this margin for disorder. */
    private static final long DEDUPE_MARGIN_HOURS = 1;

    private final ChartEngineConfig config;
    /**
     * Charts whose partial top N may have changed since the last tick: per scope, a bit per window (by ordinal), so a
     * play marks its charts without allocating. Rebuilt from the stores on every init.
     */
    private final Map<ChartScope, Integer> changed = new LinkedHashMap<>();
    private boolean everythingChanged;
    /** Per window (by ordinal), the first minute inside it as of the last tick. */
    private final long[] edges = new long[WINDOWS.length];
    /** Buckets older than the longest window may remain from before a restart: the first tick deletes them. */
    private boolean purgeAgedOutBuckets;
    private final RunningTotals totals = new RunningTotals();

    private ProcessorContext<String, PartialChart> context;
    private WriteBehindStore<String, Long> listenerHours;
    private WriteBehindStore<String, Long> buckets;
    private WriteBehindStore<String, Track> catalog;
    private ChartMetrics.Counting metrics;

    PlayCounter(ChartEngineConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, PartialChart> context) {
        // Streams may init the same instance again when it revives a task: start again from the stores.
        changed.clear();
        everythingChanged = true;
        this.context = context;
        listenerHours = context.getStateStore(StoreNames.LISTENER_HOURS);
        buckets = context.getStateStore(StoreNames.PLAY_BUCKETS);
        catalog = context.getStateStore(StoreNames.CATALOG);
        metrics = ChartMetrics.counting(context);
        long nowMinute = CountingRules.minuteOf(context.currentSystemTimeMs());
        for (ChartWindow window : WINDOWS) {
            edges[window.ordinal()] = firstMinuteInside(window, nowMinute);
        }
        rebuildTotals();
        context.schedule(config.countInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /** The running totals of every window, from the buckets still inside the longest one. */
    private void rebuildTotals() {
        totals.clear();
        purgeAgedOutBuckets = true;
        buckets.forEachInRange(StoreKeys.time(edges[LONGEST.ordinal()]), null, bucket -> {
            String[] parts = StoreKeys.split(bucket.key, 2); // minute | scope|track
            long minute = Long.parseLong(parts[0]);
            RunningTotals.Key key = RunningTotals.Key.parse(parts[1]);
            if (key == null) {
                return;
            }
            for (ChartWindow window : WINDOWS) {
                if (minute >= edges[window.ordinal()]) {
                    totals.add(key.scope(), key.trackId(), window, bucket.value);
                }
            }
        });
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
        if (minute >= edges[LONGEST.ordinal()]) {
            String time = StoreKeys.time(minute);
            for (ChartScope scope : CountingRules.scopesOf(play)) {
                String bucket = StoreKeys.join(time, scope.path(), play.trackId());
                Long plays = buckets.get(bucket);
                buckets.put(bucket, plays == null ? 1 : plays + 1);
                for (ChartWindow window : WINDOWS) {
                    if (minute >= edges[window.ordinal()]) {
                        totals.add(scope, play.trackId(), window, 1);
                        markChanged(scope, window);
                    }
                }
            }
        }
        metrics.counted().record();
    }

    private void markChanged(ChartScope scope, ChartWindow window) {
        changed.merge(scope, 1 << window.ordinal(), (a, b) -> a | b); // small Integers are cached: no allocation
    }

    static long firstMinuteInside(ChartWindow window, long nowMinute) {
        return nowMinute - window.length().toMinutes() + 1;
    }

    private void tick(long now) {
        long nowMinute = CountingRules.minuteOf(now);
        if (purgeAgedOutBuckets) {
            deleteRange(buckets, StoreKeys.time(0), StoreKeys.time(edges[LONGEST.ordinal()]));
            purgeAgedOutBuckets = false;
        }
        for (ChartWindow window : WINDOWS) {
            expire(window, nowMinute);
        }
        forgetOldListenerHours();
        if (everythingChanged) {
            markEveryChartChanged();
            everythingChanged = false;
        }
        sendChangedCharts(now);
    }

    /** Subtracts the plays of the minutes that left {@code window} since it last moved; the longest window deletes them. */
    private void expire(ChartWindow window, long nowMinute) {
        long oldEdge = edges[window.ordinal()];
        long newEdge = firstMinuteInside(window, nowMinute);
        if (oldEdge >= newEdge) {
            return;
        }
        buckets.forEachInRange(StoreKeys.time(oldEdge), StoreKeys.time(newEdge), bucket -> {
            RunningTotals.Key key = RunningTotals.Key.parse(StoreKeys.split(bucket.key, 2)[1]); // minute | scope|track
            if (key != null) {
                totals.add(key.scope(), key.trackId(), window, -bucket.value);
                markChanged(key.scope(), window);
            }
            if (window == LONGEST) {
                buckets.delete(bucket.key);
            }
        });
        edges[window.ordinal()] = newEdge;
    }

    /** Deletes the keys of {@code store} from {@code from} (inclusive) to {@code to} (exclusive). */
    private static void deleteRange(WriteBehindStore<String, Long> store, String from, String to) {
        store.forEachInRange(from, to, entry -> store.delete(entry.key));
    }

    /** No eligible play for an hour can arrive once stream time is past the hour plus the lateness bound. */
    private void forgetOldListenerHours() {
        long streamHour = Math.floorDiv(context.currentStreamTimeMs(), 3_600_000L);
        long firstKept = streamHour - CountingRules.LATENESS_BOUND.toHours() - 1 - DEDUPE_MARGIN_HOURS;
        if (firstKept <= 0) {
            return;
        }
        deleteRange(listenerHours, StoreKeys.time(0), StoreKeys.time(firstKept));
    }

    /** After a restart or a catalog change: every chart this partition holds, and the global ones, which always exist. */
    private void markEveryChartChanged() {
        Set<ChartScope> scopes = new LinkedHashSet<>();
        scopes.add(ChartScope.GLOBAL);
        scopes.addAll(totals.scopes());
        for (ChartScope scope : scopes) {
            for (ChartWindow window : WINDOWS) {
                markChanged(scope, window);
            }
        }
    }

    private void sendChangedCharts(long now) {
        if (changed.isEmpty()) {
            return;
        }
        int partition = context.taskId().partition();
        Map<ChartScope, Set<ChartWindow>> byScope = new LinkedHashMap<>();
        changed.forEach((scope, bits) -> {
            Set<ChartWindow> windows = EnumSet.noneOf(ChartWindow.class);
            for (ChartWindow window : WINDOWS) {
                if ((bits & (1 << window.ordinal())) != 0) {
                    windows.add(window);
                }
            }
            byScope.put(scope, windows);
        });
        changed.clear();
        byScope.forEach((scope, windows) -> topOf(scope, windows).forEach((window, standings) ->
                context.forward(new Record<>(new ChartId(scope, window).value(), new PartialChart(partition, standings), now))));
    }

    /** This partition's top N of one scope, for several windows in one pass over the scope's totals. */
    private Map<ChartWindow, List<Standing>> topOf(ChartScope scope, Set<ChartWindow> windows) {
        record Score(String trackId, long plays) {
        }
        Map<ChartWindow, PriorityQueue<Score>> tops = new EnumMap<>(ChartWindow.class);
        Comparator<Score> worstFirst = Comparator.comparingLong(Score::plays)
                .thenComparing(Score::trackId, Comparator.reverseOrder());
        windows.forEach(window -> tops.put(window, new PriorityQueue<>(worstFirst)));
        int size = config.chartSize();
        totals.forEachTrack(scope, (trackId, plays) -> tops.forEach((window, top) -> {
            long windowPlays = plays[window.ordinal()];
            if (windowPlays <= 0) {
                return;
            }
            if (top.size() == size) {
                Score worst = top.peek();
                if (windowPlays < worst.plays() || windowPlays == worst.plays() && trackId.compareTo(worst.trackId()) > 0) {
                    return; // cannot enter: most tracks of a large scope stop here, with no allocation
                }
                top.poll();
            }
            top.add(new Score(trackId, windowPlays));
        }));
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
