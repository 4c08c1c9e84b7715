package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.EntitySlugs;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * Stage 1, partitioned by trackId: applies the counting rules, keeps minute buckets and running totals
 * per (scope, track), expires plays as they age out of each window (wall-clock, so idle tracks decay),
 * and on each tick sends this partition's top N of every chart that changed. It also archives: as the archive clock
 * ({@link ArchiveFronts}) passes each period's end plus the lateness bound, it sends this partition's final top N of
 * every chart for that period (and its plays of every drama and artist), then a watermark to every stage-2 partition.
 * <p>
 * A drama's or an artist's track chart is ranked from the global totals of the tracks the catalog attributes to it
 * ({@link EntityIndex}): no state of its own, so a catalog change moves a track's plays with it on the next tick. Each
 * track lives on one partition, so each partition's top N of such a chart is exact, and stage 2 merges them as any
 * other chart's.
 * <p>
 * Durable state is what cannot be derived: the listener-hours already counted and the minute buckets. The running
 * totals and the window edges are derived from them and live in memory only ({@link RunningTotals}, {@link #edges}):
 * rebuilt from the buckets whenever the task starts, so a play costs no store operation for them and a tick ranks
 * a scope without reading a store.
 */
final class PlayCounter implements Processor<String, StageOneInput, String, StageTwoInput> {

    private static final Logger log = LoggerFactory.getLogger(PlayCounter.class);

    /** The longest live window: buckets older than it serve only the archive. */
    private static final ChartWindow LONGEST = ChartWindow.SEVEN_DAYS;
    private static final ChartWindow[] WINDOWS = ChartWindow.values();
    /** Dedupe entries outlive the hours they guard by the lateness bound plus this margin for disorder. */
    private static final long DEDUPE_MARGIN_HOURS = 1;
    /** Entries (scope and track) whose windows' listener sketches stay in memory: up to about 16 KB each when dense. */
    private static final int CACHED_AUDIENCES = 5_000;

    private final ChartEngineConfig config;
    /**
     * Charts whose partial top N may have changed since the last tick: per scope, a bit per window (by ordinal), so a
     * play marks its charts without allocating. Rebuilt from the stores on every init.
     */
    private final Map<ChartScope, Integer> changed = new LinkedHashMap<>();
    private boolean everythingChanged;
    /** Per window (by ordinal), the first minute inside it as of the last tick. */
    private final long[] edges = new long[WINDOWS.length];
    /** Buckets older than every window needs may remain from before a restart: the first tick deletes them. */
    private boolean purgeAgedOutBuckets;
    /** The first minute whose buckets are kept: every older one is deleted. */
    private long keptFrom;
    private final RunningTotals totals = new RunningTotals();
    /** Per window, the plays of the window of the last archived period (see {@link ArchiveFronts}). */
    private final RunningTotals archived = new RunningTotals();
    private final ArchiveFronts fronts;
    /** The newest play timestamp read, and when (wall clock) the last play was read: the archive clock. */
    private long newestPlay = Long.MIN_VALUE;
    private long lastPlayReadAt;
    /** Ticks since the last play was read, the first one after it included: see {@link ArchiveFronts#QUIET_TICKS}. */
    private int ticksSincePlay;
    private boolean quietLogged;
    /** Whether stage 2 is to hear this partition's watermarks on the next tick even if they did not move (after a start). */
    private boolean announceWatermarks;
    /**
     * Drama and artist charts this partition last sent plays for: only those need an empty partial when their plays
     * here are gone. In memory, so after a start every changed one is sent, empty or not ({@link #entityPartialsKnown}).
     */
    private final Set<String> entityPartialsHeld = new HashSet<>();
    private boolean entityPartialsKnown;
    private final EntitySketchCadence sketchCadence;
    /** When this task sends its changed charts: every count interval, less often when its thread is busy. */
    private final TickPacer.Schedule sending;

    private ProcessorContext<String, StageTwoInput> context;
    private WriteBehindStore<String, Long> listenerHours;
    private final ListenerHourFilter counted = new ListenerHourFilter();
    private WriteBehindStore<String, Long> buckets;
    private final ListenerSketches listeners = new ListenerSketches(CACHED_AUDIENCES);
    /** The first hour whose listener sketches are kept. */
    private long sketchesKeptFrom;
    private WriteBehindStore<String, Track> catalog;
    private final EntityIndex entities = new EntityIndex();
    private ChartMetrics.Counting metrics;

    PlayCounter(ChartEngineConfig config) {
        this(config, new TickPacer(config.pacing()));
    }

    PlayCounter(ChartEngineConfig config, TickPacer pacer) {
        this.config = config;
        this.sending = pacer.schedule(config.countInterval());
        this.fronts = new ArchiveFronts(config);
        this.sketchCadence = new EntitySketchCadence(config.entityListenersEvery());
    }

    @Override
    public void init(ProcessorContext<String, StageTwoInput> context) {
        // Streams may init the same instance again when it revives a task: start again from the stores.
        changed.clear();
        everythingChanged = true;
        this.context = context;
        listenerHours = context.getStateStore(StoreNames.LISTENER_HOURS);
        String lastStored = listenerHours.lastKey();
        counted.start(lastStored == null ? Long.MIN_VALUE : Long.parseLong(StoreKeys.split(lastStored, 2)[0]));
        buckets = context.getStateStore(StoreNames.PLAY_BUCKETS);
        listeners.init(context.getStateStore(StoreNames.LISTENER_SKETCHES), context.getStateStore(StoreNames.LISTENER_JOURNAL),
                context.currentSystemTimeMs());
        sketchesKeptFrom = Long.MIN_VALUE;
        catalog = context.getStateStore(StoreNames.CATALOG);
        entities.clear();
        catalog.forEach(track -> entities.put(track.key, track.value));
        metrics = ChartMetrics.counting(context);
        fronts.init(context.getStateStore(StoreNames.ARCHIVE_PROGRESS));
        newestPlay = Long.MIN_VALUE;
        lastPlayReadAt = context.currentSystemTimeMs();
        ticksSincePlay = 0;
        quietLogged = false;
        announceWatermarks = true;
        entityPartialsHeld.clear();
        entityPartialsKnown = false;
        sketchCadence.clear();
        sending.restart();
        long nowMinute = CountingRules.minuteOf(context.currentSystemTimeMs());
        for (ChartWindow window : WINDOWS) {
            edges[window.ordinal()] = window.firstMinuteInside(nowMinute);
        }
        rebuildTotals();
        context.schedule(config.countInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /** The running totals of every live window, and of every archive window, from the buckets they hold. */
    private void rebuildTotals() {
        totals.clear();
        archived.clear();
        purgeAgedOutBuckets = true;
        keptFrom = oldestMinuteNeeded();
        buckets.forEachInRange(StoreKeys.time(keptFrom), null, bucket -> {
            String[] parts = StoreKeys.split(bucket.key, 2); // minute | scope|track
            long minute = Long.parseLong(parts[0]);
            RunningTotals.Key key = RunningTotals.Key.parse(parts[1]);
            if (key == null) {
                return;
            }
            for (ChartWindow window : WINDOWS) {
                long plays = PlayBuckets.plays(bucket.value);
                long repeats = PlayBuckets.repeats(bucket.value);
                if (minute >= edges[window.ordinal()]) {
                    totals.add(key.scope(), key.trackId(), window, plays, repeats);
                }
                if (fronts.started() && fronts.holds(window, minute)) {
                    archived.add(key.scope(), key.trackId(), window, plays, repeats);
                }
            }
        });
    }

    /** Buckets from this minute on are still needed: by the longest live window, or by the next archive of any window. */
    private long oldestMinuteNeeded() {
        long live = edges[LONGEST.ordinal()];
        return fronts.started() ? Math.min(live, fronts.oldestMinuteNeeded()) : live;
    }

    @Override
    public void process(Record<String, StageOneInput> record) {
        switch (record.value()) {
            case StageOneInput.Play(PlayEvent play) -> {
                newestPlay = Math.max(newestPlay, record.timestamp());
                sending.read(record.timestamp());
                lastPlayReadAt = context.currentSystemTimeMs();
                ticksSincePlay = 0;
                quietLogged = false;
                if (!fronts.started()) {
                    startArchive(newestPlay - ArchiveFronts.REORDER_GRACE.toMillis());
                }
                count(play, record.timestamp());
            }
            case StageOneInput.Metadata(Track track) -> {
                if (track == null) {
                    catalog.delete(record.key());
                } else {
                    catalog.put(record.key(), track);
                }
                // the dramas and artists it leaves lose its plays; those it joins are marked with every other chart
                for (ChartScope left : entities.put(record.key(), track)) {
                    markEveryWindowChanged(left);
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
        long hour = CountingRules.hourOf(play);
        String listenerHour = StoreKeys.join(StoreKeys.time(hour), play.listenerId(), play.trackId());
        long minute = CountingRules.minuteOf(play.playedAt().toEpochMilli());
        if (counted.mightContain(hour, listenerHour) && listenerHours.get(listenerHour) != null) {
            metrics.duplicate().record();
            if (minute >= keptFrom) { // a repeat: no play counts, but its entries' plays per listener change
                add(play, minute, 0, 1);
            }
            return;
        }
        listenerHours.put(listenerHour, hour);
        counted.put(hour, listenerHour);
        if (minute >= keptFrom) {
            listeners.counted(play.trackId(), play.country(), play.platform(), minute, ListenerSketches.listenerKey(play.listenerId()));
            add(play, minute, 1, 0);
        }
        metrics.counted().record();
    }

    /** A counted play or a repeat into its minute's buckets and the running totals of the windows holding it, per scope. */
    private void add(PlayEvent play, long minute, long plays, long repeats) {
        String time = StoreKeys.time(minute);
        int live = 0; // the windows the minute is in, a bit per window: the same for each scope
        int behindArchive = 0;
        for (ChartWindow window : WINDOWS) {
            if (minute >= edges[window.ordinal()]) {
                live |= 1 << window.ordinal();
            }
            if (fronts.holds(window, minute)) {
                behindArchive |= 1 << window.ordinal();
            }
        }
        for (ChartScope scope : CountingRules.scopesOf(play)) {
            String bucket = StoreKeys.join(time, scope.path(), play.trackId());
            Long stored = buckets.get(bucket);
            buckets.put(bucket, (stored == null ? 0 : stored) + PlayBuckets.of(plays, repeats));
            totals.add(scope, play.trackId(), live, plays, repeats);
            markChanged(scope, live);
            if (ChartScope.GLOBAL.equals(scope)) {
                markEntitiesChanged(play.trackId(), live);
            }
            archived.add(scope, play.trackId(), behindArchive, plays, repeats); // read behind the archive: counts in later periods
        }
    }

    /** The charts of the track's drama and artists: their ranking is the global one of their tracks. */
    private void markEntitiesChanged(String trackId, ChartWindow window) {
        markEntitiesChanged(trackId, 1 << window.ordinal());
    }

    private void markEntitiesChanged(String trackId, int windows) {
        for (ChartScope entity : entities.scopesOf(trackId)) {
            markChanged(entity, windows);
        }
    }

    private void markEveryWindowChanged(ChartScope scope) {
        for (ChartWindow window : WINDOWS) {
            markChanged(scope, window);
        }
    }

    private void markChanged(ChartScope scope, ChartWindow window) {
        markChanged(scope, 1 << window.ordinal());
    }

    private void markChanged(ChartScope scope, int windows) {
        if (windows != 0) {
            changed.merge(scope, windows, (a, b) -> a | b); // small Integers are cached: no allocation
        }
    }

    private void tick(long now) {
        long nowMinute = CountingRules.minuteOf(now);
        for (ChartWindow window : WINDOWS) {
            expire(window, nowMinute);
        }
        archiveFinalPeriods(now);
        long oldestNeeded = oldestMinuteNeeded();
        if (purgeAgedOutBuckets || oldestNeeded > keptFrom) {
            deleteRange(buckets, StoreKeys.time(purgeAgedOutBuckets ? 0 : keptFrom), StoreKeys.time(oldestNeeded));
            purgeAgedOutBuckets = false;
            keptFrom = oldestNeeded;
        }
        long firstHourKept = Math.floorDiv(keptFrom, 60);
        if (firstHourKept > sketchesKeptFrom) {
            listeners.forgetBefore(firstHourKept);
            sketchesKeptFrom = firstHourKept;
        }
        listeners.checkpointIfDue(now);
        forgetOldListenerHours();
        if (everythingChanged) {
            markEveryChartChanged();
            everythingChanged = false;
        }
        metrics.tickStretch().record(sending.stretch());
        sending.runIfDue(now, () -> {
            sketchCadence.startTick(now).forEach(chart -> markChanged(chart.scope(), chart.window()));
            sendChangedCharts(now);
        });
    }

    /** Subtracts the plays of the minutes that left {@code window} since it last moved. */
    private void expire(ChartWindow window, long nowMinute) {
        long oldEdge = edges[window.ordinal()];
        long newEdge = window.firstMinuteInside(nowMinute);
        if (oldEdge >= newEdge) {
            return;
        }
        addBuckets(oldEdge, newEdge, (scope, trackId, plays, repeats) -> {
            totals.add(scope, trackId, window, -plays, -repeats);
            markChanged(scope, window);
            if (ChartScope.GLOBAL.equals(scope)) {
                markEntitiesChanged(trackId, window);
            }
        });
        edges[window.ordinal()] = newEdge;
    }

    private interface BucketAction {
        void apply(ChartScope scope, String trackId, long plays, long repeats);
    }

    /** Applies {@code action} to every bucket from minute {@code from} (inclusive) to {@code to} (exclusive). */
    private void addBuckets(long from, long to, BucketAction action) {
        buckets.forEachInRange(StoreKeys.time(from), StoreKeys.time(to), bucket -> {
            RunningTotals.Key key = RunningTotals.Key.parse(StoreKeys.split(bucket.key, 2)[1]); // minute | scope|track
            if (key != null) {
                action.apply(key.scope(), key.trackId(), PlayBuckets.plays(bucket.value), PlayBuckets.repeats(bucket.value));
            }
        });
    }

    /** On the first play this partition reads: the archive starts at the last period already final then. */
    private void startArchive(long horizon) {
        fronts.start(horizon);
        rebuildTotals(); // an upgrade from a version without an archive already has buckets of the first archive windows
        announceWatermarks = true;
    }

    /**
     * Archives, per window, every period final by the archive clock, oldest first: moves the archive window one period
     * on, sends this partition's top N of each chart for it, and then the window's watermark to every stage-2 partition.
     */
    private void archiveFinalPeriods(long now) {
        ticksSincePlay = Math.min(ticksSincePlay + 1, ArchiveFronts.QUIET_TICKS + 1);
        boolean idle = ticksSincePlay > ArchiveFronts.QUIET_TICKS && now - lastPlayReadAt >= ArchiveFronts.IDLE_AFTER.toMillis();
        if (idle && !quietLogged) {
            log.info("stage-1 partition {} read no play for {} s over {} ticks: archiving by the wall clock",
                    context.taskId().partition(), (now - lastPlayReadAt) / 1000, ArchiveFronts.QUIET_TICKS);
            quietLogged = true;
        }
        long clock = idle ? Math.max(newestPlay, now) : newestPlay;
        if (clock == Long.MIN_VALUE) {
            return;
        }
        long horizon = clock - ArchiveFronts.REORDER_GRACE.toMillis();
        int partition = context.taskId().partition();
        if (!fronts.started()) {
            // Read to its end and never a play: nothing of this partition will be archived until it reads one.
            if (idle && announceWatermarks) {
                for (ChartWindow window : WINDOWS) {
                    context.forward(new Record<>(window.label(), new StageTwoInput.Watermark(window, partition, Long.MAX_VALUE), now));
                }
                announceWatermarks = false;
            }
            return;
        }
        for (ChartWindow window : WINDOWS) {
            boolean moved = false;
            while (fronts.nextIsFinal(window, horizon)) {
                long lengthMinutes = window.length().toMinutes();
                long from = fronts.frontMinute(window);
                long to = CountingRules.minuteOf(fronts.next(window));
                addBuckets(from, to, (scope, trackId, plays, repeats) -> archived.add(scope, trackId, window, plays, repeats));
                addBuckets(from - lengthMinutes, to - lengthMinutes,
                        (scope, trackId, plays, repeats) -> archived.add(scope, trackId, window, -plays, -repeats));
                fronts.set(window, fronts.next(window));
                long periodEnd = fronts.through(window);
                long periodEndMinute = CountingRules.minuteOf(periodEnd);
                for (ChartScope scope : scopesHeld(archived)) {
                    ChartScope heard = audienceScope(scope);
                    List<Standing> standings = topOf(archived, scope, EnumSet.of(window), (inWindow, trackId, plays) ->
                            listeners.between(heard, trackId, periodEndMinute - lengthMinutes, periodEndMinute, plays)).get(window);
                    if (!standings.isEmpty()) {
                        context.forward(new Record<>(new ChartId(scope, window).value(),
                                new StageTwoInput.Archive(periodEnd, new PartialChart(partition, standings)), now));
                    }
                    if (!scope.isEntity()) {
                        long firstMinute = periodEndMinute - lengthMinutes;
                        entityTallies(archived, scope, EnumSet.of(window), (chart, slug) -> true, (entity, trackId, inWindow) ->
                                listeners.addBetween(entity, scope, trackId, firstMinute, periodEndMinute)).forEach((chart, tally) ->
                                context.forward(new Record<>(chart.value(),
                                        new StageTwoInput.ArchiveEntities(periodEnd, entityPartial(chart, tally, partition)), now)));
                    }
                }
                moved = true;
            }
            if (moved || announceWatermarks) {
                context.forward(new Record<>(window.label(), new StageTwoInput.Watermark(window, partition, fronts.through(window)), now));
            }
        }
        announceWatermarks = false;
    }

    /** Deletes the keys of {@code store} from {@code from} (inclusive) to {@code to} (exclusive). */
    private static void deleteRange(WriteBehindStore<String, Long> store, String from, String to) {
        store.forEachInRange(from, to, entry -> store.delete(entry.key));
    }

    /** No eligible play for an hour can arrive once play time is past the hour plus the lateness bound. */
    private void forgetOldListenerHours() {
        if (newestPlay == Long.MIN_VALUE) {
            return;
        }
        long streamHour = Math.floorDiv(newestPlay, 3_600_000L);
        long firstKept = streamHour - CountingRules.LATENESS_BOUND.toHours() - 1 - DEDUPE_MARGIN_HOURS;
        if (firstKept <= 0) {
            return;
        }
        deleteRange(listenerHours, StoreKeys.time(0), StoreKeys.time(firstKept));
        counted.forgetBefore(firstKept);
    }

    /** After a restart or a catalog change: every chart this partition holds, and the global ones, which always exist. */
    private void markEveryChartChanged() {
        Set<ChartScope> scopes = new LinkedHashSet<>();
        scopes.add(ChartScope.GLOBAL);
        scopes.addAll(scopesHeld(totals));
        scopes.forEach(this::markEveryWindowChanged);
    }

    /** The scopes with plays in {@code totals}: those counted into, and the dramas and artists of their global tracks. */
    private Set<ChartScope> scopesHeld(RunningTotals totals) {
        Set<ChartScope> scopes = new LinkedHashSet<>(totals.scopes());
        totals.forEachTrack(ChartScope.GLOBAL, (trackId, plays) -> scopes.addAll(entities.scopesOf(trackId)));
        return scopes;
    }

    /** Every track with plays in {@code scope}: a drama's or artist's are its own tracks' global plays. */
    private void forEachTrack(RunningTotals totals, ChartScope scope, BiConsumer<String, long[]> action) {
        if (!scope.isEntity()) {
            totals.forEachTrack(scope, action);
            return;
        }
        for (String trackId : entities.tracksOf(scope)) {
            long[] plays = totals.of(ChartScope.GLOBAL, trackId);
            if (plays != null) {
                action.accept(trackId, plays);
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
        long nowMinute = CountingRules.minuteOf(now);
        byScope.forEach((scope, windows) -> {
            ChartScope heard = audienceScope(scope);
            topOf(totals, scope, windows, (window, trackId, plays) ->
                    listeners.live(heard, trackId, window, edges[window.ordinal()], nowMinute, plays)).forEach((window, standings) ->
                    context.forward(new Record<>(new ChartId(scope, window).value(),
                            new StageTwoInput.Live(new PartialChart(partition, standings)), now)));
            if (!scope.isEntity()) {
                sendEntityPartials(scope, windows, partition, now);
            }
        });
        entityPartialsKnown = true;
    }

    /**
     * This partition's plays of every drama and every artist in {@code scope}, per window: all of them, each with its
     * top tracks here. Sums, not a top N: a drama's tracks lie on many partitions, and only the sum over all of them
     * ranks it (stage 2 adds them up).
     */
    private void sendEntityPartials(ChartScope scope, Set<ChartWindow> windows, int partition, long now) {
        if (entities.isEmpty() && entityPartialsHeld.isEmpty() && entityPartialsKnown) {
            return; // no catalog here: no drama or artist to rank, and none to clear
        }
        long nowMinute = CountingRules.minuteOf(now);
        Map<EntityChartId, Map<String, EntityTally>> tallies = entityTallies(totals, scope, windows, sketchCadence::sketch,
                (entity, trackId, window) -> listeners.addTo(entity, scope, trackId, window, edges[window.ordinal()], nowMinute));
        for (EntityChartId.Kind kind : EntityChartId.Kind.values()) {
            for (ChartWindow window : windows) {
                EntityChartId chart = new EntityChartId(kind, scope, window);
                Map<String, EntityTally> tally = tallies.getOrDefault(chart, Map.of());
                boolean held = tally.isEmpty() ? entityPartialsHeld.remove(chart.value()) : entityPartialsHeld.add(chart.value());
                if (tally.isEmpty() && entityPartialsKnown && !held) {
                    continue; // nothing here now, and nothing sent before: stage 2 holds nothing of this partition
                }
                EntityPartial partial = entityPartial(chart, tally, partition);
                context.forward(new Record<>(chart.value(), new StageTwoInput.Entities(partial), now));
                sketchCadence.sent(chart, partial.standings());
            }
        }
    }

    /** Adds a track's listeners in a window to its drama's or artist's. */
    private interface EntityListenersOf {
        void addTo(ListenerSketches.EntityListeners entity, String trackId, ChartWindow window);
    }

    /**
     * Per drama or artist chart of {@code scope} and {@code windows}, the plays of each of its dramas (artists) in
     * {@code from}, with their listeners where {@code sketched} says so.
     */
    private Map<EntityChartId, Map<String, EntityTally>> entityTallies(RunningTotals from, ChartScope scope, Set<ChartWindow> windows,
                                                                    BiPredicate<EntityChartId, String> sketched,
                                                                    EntityListenersOf listenersOf) {
        Map<EntityChartId, Map<String, EntityTally>> tallies = new LinkedHashMap<>();
        from.forEachTrack(scope, (trackId, plays) -> {
            for (ChartScope entity : entities.scopesOf(trackId)) {
                EntityChartId.Kind kind = entity instanceof ChartScope.Drama ? EntityChartId.Kind.DRAMAS : EntityChartId.Kind.ARTISTS;
                String slug = entity instanceof ChartScope.Drama drama ? drama.slug() : ((ChartScope.Artist) entity).slug();
                for (ChartWindow window : windows) {
                    long windowPlays = plays[window.ordinal()];
                    if (windowPlays > 0) {
                        EntityChartId chart = new EntityChartId(kind, scope, window);
                        EntityTally tally = tallies.computeIfAbsent(chart, k -> new HashMap<>())
                                .computeIfAbsent(slug, s -> new EntityTally(s, sketched.test(chart, s)));
                        tally.add(trackId, windowPlays, RunningTotals.repeats(plays, window));
                        if (tally.sketched) {
                            listenersOf.addTo(tally.listeners, trackId, window);
                        }
                    }
                }
            }
        });
        return tallies;
    }

    private static EntityPartial entityPartial(EntityChartId chart, Map<String, EntityTally> tally, int partition) {
        return new EntityPartial(partition, tally.values().stream().map(t -> t.standing(chart.kind())).toList());
    }

    /**
     * One drama's or artist's plays in one scope and window of this partition, its top tracks, and its listeners here
     * (if {@code sketched}; else only its repeats go, its sketches kept as last sent).
     */
    private final class EntityTally {
        private final String slug;
        private final boolean sketched;
        private long plays;
        private long repeats;
        private final ListenerSketches.EntityListeners listeners = new ListenerSketches.EntityListeners();
        private final List<Standing> top = new ArrayList<>(EntityPartial.TOP_TRACKS + 1);

        EntityTally(String slug, boolean sketched) {
            this.slug = slug;
            this.sketched = sketched;
        }

        void add(String trackId, long trackPlays, long trackRepeats) {
            plays += trackPlays;
            repeats += trackRepeats;
            Standing candidate = new Standing(trackId, trackPlays, null, null, null);
            if (top.size() == EntityPartial.TOP_TRACKS && Standing.CHART_ORDER.compare(candidate, top.getLast()) > 0) {
                return;
            }
            top.add(candidate);
            top.sort(Standing.CHART_ORDER);
            if (top.size() > EntityPartial.TOP_TRACKS) {
                top.removeLast();
            }
        }

        EntityPartial.EntityStanding standing(EntityChartId.Kind kind) {
            List<Standing> tracks = top.stream().map(t -> standing(t.trackId(), t.plays())).toList();
            return new EntityPartial.EntityStanding(slug, nameOn(kind, tracks.getFirst()), plays, tracks,
                    sketched ? listeners.partial(repeats) : EntityPartial.Listeners.kept(repeats));
        }

        /** The drama or artist as credited on its top track here: its name as people see it. */
        private String nameOn(EntityChartId.Kind kind, Standing topTrack) {
            if (kind == EntityChartId.Kind.DRAMAS) {
                return topTrack.drama();
            }
            return topTrack.artists().stream().filter(name -> EntitySlugs.of(name).filter(slug::equals).isPresent())
                    .findFirst().orElse(slug);
        }

        private Standing standing(String trackId, long trackPlays) {
            return PlayCounter.this.standing(trackId, trackPlays);
        }
    }

    /** Whose listeners an entry of {@code scope} shows: a drama's or artist's track chart is its tracks' global chart. */
    private static ChartScope audienceScope(ChartScope scope) {
        return scope.isEntity() ? ChartScope.GLOBAL : scope;
    }

    /** How many listeners a track's plays in a window came from, given those plays. */
    private interface ListenersOf {
        long of(ChartWindow window, String trackId, long plays);
    }

    /** This partition's top N of one scope, for several windows in one pass over the scope's totals, with their audiences. */
    private Map<ChartWindow, List<Standing>> topOf(RunningTotals totals, ChartScope scope, Set<ChartWindow> windows,
                                                   ListenersOf listenersOf) {
        record Score(String trackId, long plays, long repeats) {
        }
        Map<ChartWindow, PriorityQueue<Score>> tops = new EnumMap<>(ChartWindow.class);
        Comparator<Score> worstFirst = Comparator.comparingLong(Score::plays)
                .thenComparing(Score::trackId, Comparator.reverseOrder());
        windows.forEach(window -> tops.put(window, new PriorityQueue<>(worstFirst)));
        int size = config.chartSize();
        forEachTrack(totals, scope, (trackId, plays) -> tops.forEach((window, top) -> {
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
            top.add(new Score(trackId, windowPlays, RunningTotals.repeats(plays, window)));
        }));
        Map<ChartWindow, List<Standing>> result = new EnumMap<>(ChartWindow.class);
        tops.forEach((window, top) -> result.put(window, top.stream()
                .map(score -> standing(score.trackId(), score.plays(),
                        new Audience(listenersOf.of(window, score.trackId(), score.plays()), score.repeats())))
                .sorted(Standing.CHART_ORDER)
                .toList()));
        return result;
    }

    private Standing standing(String trackId, long plays) {
        return standing(trackId, plays, null);
    }

    private Standing standing(String trackId, long plays, Audience audience) {
        Track track = catalog.get(trackId);
        return track == null
                ? new Standing(trackId, plays, null, null, null, audience)
                : new Standing(trackId, plays, track.title(), track.artists(), track.drama(), audience);
    }

    @Override
    public void close() {
        metrics.closeAll();
    }
}
