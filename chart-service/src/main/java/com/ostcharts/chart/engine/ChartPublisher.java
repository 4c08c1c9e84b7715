package com.ostcharts.chart.engine;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.EntityChartId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Stage 2, keyed by chart id: merges the partial top Ns of the stage-1 partitions into the chart,
 * adds movement from the period snapshots, and publishes a new version when the entries changed,
 * at most once per publish interval per chart. It archives too: it keeps the final partials of each period until
 * every stage-1 partition's watermark has passed it (so all of them are in), then merges and archives each chart of
 * that period once ({@link ArchivedChart} to {@code ost.charts.archive.v1}; drama and artist charts as
 * {@link ArchivedEntityChart} to {@code ost.entity-charts.archive.v1}).
 */
final class ChartPublisher implements Processor<String, StageTwoInput, String, Object> {

    private final ChartEngineConfig config;
    /** When this task publishes its changed charts: every publish interval, less often when its thread is busy. */
    private final TickPacer.Schedule publishing;
    /** Charts with partials not yet published. In memory only: see {@link #recheckAll}. */
    private final Set<String> changed = new LinkedHashSet<>();
    /**
     * Partials are committed as they arrive, before their chart is published. Whenever this task (re)starts (after a
     * crash, moved from another instance, or revived after an aborted transaction) the pending set may be gone or
     * stale, so the first tick re-checks every chart held.
     */
    private boolean recheckAll;
    private final Map<ChartWindow, Long> periodSeen = new EnumMap<>(ChartWindow.class);
    private final List<Runnable> closers = new ArrayList<>();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PartialChart> partials;
    private KeyValueStore<String, EntityPartial> entityPartials;
    private final EntityListenerUnions entityListeners = new EntityListenerUnions();
    private WriteBehindStore<String, ChartHistory> histories;
    private KeyValueStore<String, PartialChart> archivePartials;
    private KeyValueStore<String, EntityPartial> archiveEntityPartials;
    private KeyValueStore<String, Long> watermarks;
    private KeyValueStore<String, ChartHistory> archiveHistories;
    private Sensor published;
    /** Per live chart of this task, its entries marked concentrated as last computed: the gauge operators watch. */
    private final Map<String, Integer> concentrated = new HashMap<>();
    private Sensor concentratedEntries;

    ChartPublisher(ChartEngineConfig config) {
        this(config, new TickPacer(config.pacing()));
    }

    ChartPublisher(ChartEngineConfig config, TickPacer pacer) {
        this.config = config;
        this.publishing = pacer.schedule(config.publishInterval());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        // Streams may init the same instance again when it revives a task: start from the stores, not from memory.
        changed.clear();
        periodSeen.clear();
        closers.forEach(Runnable::run);
        closers.clear();
        recheckAll = true;
        publishing.restart();
        this.context = context;
        partials = context.getStateStore(StoreNames.CHART_PARTIALS);
        entityPartials = context.getStateStore(StoreNames.ENTITY_PARTIALS);
        entityListeners.init(context.getStateStore(StoreNames.ENTITY_LISTENERS));
        histories = context.getStateStore(StoreNames.CHART_HISTORY);
        archivePartials = context.getStateStore(StoreNames.ARCHIVE_PARTIALS);
        archiveEntityPartials = context.getStateStore(StoreNames.ARCHIVE_ENTITY_PARTIALS);
        watermarks = context.getStateStore(StoreNames.ARCHIVE_WATERMARKS);
        archiveHistories = context.getStateStore(StoreNames.ARCHIVE_HISTORY);
        published = ChartMetrics.chartsPublished(context, closers);
        concentrated.clear();
        concentratedEntries = ChartMetrics.concentratedEntries(context, closers);
        context.schedule(config.publishInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    }

    @Override
    public void process(Record<String, StageTwoInput> record) {
        switch (record.value()) {
            case StageTwoInput.Live(PartialChart partial) -> {
                publishing.read(record.timestamp());
                partials.put(StoreKeys.join(record.key(), Integer.toString(partial.partition())), partial);
                changed.add(record.key());
            }
            case StageTwoInput.Entities(EntityPartial partial) -> {
                publishing.read(record.timestamp());
                entityPartials.put(StoreKeys.join(record.key(), Integer.toString(partial.partition())),
                        entityListeners.take(record.key(), partial));
                changed.add(record.key());
            }
            case StageTwoInput.Archive(long periodEnd, PartialChart partial) -> ChartId.parse(record.key()).ifPresent(chart ->
                    archivePartials.put(archiveKey(chart.window(), periodEnd, chart.value(), partial.partition()), partial));
            case StageTwoInput.ArchiveEntities(long periodEnd, EntityPartial partial) -> EntityChartId.parse(record.key()).ifPresent(chart ->
                    archiveEntityPartials.put(archiveKey(chart.window(), periodEnd, chart.value(), partial.partition()), partial));
            case StageTwoInput.Watermark(ChartWindow window, int partition, long through) -> {
                String key = StoreKeys.join(window.label(), Integer.toString(partition));
                Long seen = watermarks.get(key);
                if (seen == null || seen < through || seen == Long.MAX_VALUE) {
                    watermarks.put(key, through);
                }
                archiveThrough(window, record.timestamp());
            }
        }
    }

    /** Archives every chart of {@code window} whose period every stage-1 partition has passed, oldest period first. */
    private void archiveThrough(ChartWindow window, long now) {
        long through = Long.MAX_VALUE;
        int partitions = config.partitions().getAsInt();
        for (int partition = 0; partition < partitions; partition++) {
            Long mark = watermarks.get(StoreKeys.join(window.label(), Integer.toString(partition)));
            if (mark == null) {
                return; // not heard from yet: it may still send partials of any period
            }
            through = Math.min(through, mark);
        }
        String first = window.label() + StoreKeys.SEPARATOR;
        String last = through == Long.MAX_VALUE ? StoreKeys.after(window.label())
                : StoreKeys.after(StoreKeys.join(window.label(), StoreKeys.time(CountingRules.minuteOf(through))));
        takeFinal(archivePartials, first, last, PartialChart::standings).forEach((minuteAndChart, standings) -> {
            String[] parts = StoreKeys.split(minuteAndChart, 2);
            ChartId.parse(parts[1]).ifPresent(chart -> archive(chart, Long.parseLong(parts[0]) * 60_000, standings, now));
        });
        takeFinal(archiveEntityPartials, first, last, EntityPartial::standings).forEach((minuteAndChart, standings) -> {
            String[] parts = StoreKeys.split(minuteAndChart, 2);
            EntityChartId.parse(parts[1]).ifPresent(chart -> archiveEntities(chart, Long.parseLong(parts[0]) * 60_000, standings, now));
        });
    }

    /** An archive partial's key: window | minute of the period's end | chart | stage-1 partition. */
    private static String archiveKey(ChartWindow window, long periodEnd, String chartId, int partition) {
        return StoreKeys.join(window.label(), StoreKeys.time(CountingRules.minuteOf(periodEnd)), chartId, Integer.toString(partition));
    }

    /**
     * Removes the partials in {@code [first, last)} from {@code store} and returns their standings per period and chart
     * ({@code minute|chart}), in time order.
     */
    private static <P, S> Map<String, List<S>> takeFinal(KeyValueStore<String, P> store, String first, String last,
                                                         Function<P, List<S>> standingsOf) {
        Map<String, List<S>> periods = new LinkedHashMap<>();
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, P> it = store.range(first, last)) {
            it.forEachRemaining(entry -> {
                String[] parts = StoreKeys.split(entry.key, 4); // window | minute | chart | partition
                periods.computeIfAbsent(StoreKeys.join(parts[1], parts[2]), k -> new ArrayList<>()).addAll(standingsOf.apply(entry.value));
                done.add(entry.key);
            });
        }
        done.forEach(store::delete);
        return periods;
    }

    /** The archive history of a chart rolled to {@code period}; empty when that period is already archived (a replay, a resend). */
    private Optional<ChartHistory> archiveHistory(String chartId, long period) {
        ChartHistory stored = archiveHistories.get(chartId);
        if (stored != null && stored.period() >= period) {
            return Optional.empty();
        }
        return Optional.of(stored == null ? ChartHistory.start(period) : stored.rollTo(period));
    }

    /** Archives one chart's period once: a period it already archived (a replay, a resend) is not written again. */
    private void archive(ChartId chart, long periodEnd, List<Standing> standings, long now) {
        ChartWindow window = chart.window();
        long periodStart = periodEnd - config.periodOf(window).toMillis();
        Optional<ChartHistory> rolled = archiveHistory(chart.value(), config.periodIndex(window, periodStart));
        if (rolled.isEmpty()) {
            return;
        }
        ChartHistory history = rolled.get();
        standings.sort(Standing.CHART_ORDER);
        List<ChartEntry> entries = new ArrayList<>();
        for (Standing standing : standings.subList(0, Math.min(config.chartSize(), standings.size()))) {
            entries.add(history.entry(entries.size() + 1, standing, config.concentratedAt().get(window)));
        }
        ChartHistory next = history.publish(entries);
        archiveHistories.put(chart.value(), next);
        ArchivedChart archived = new ArchivedChart(chart.value(), window, chart.scope(), next.version(), Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(periodEnd - window.length().toMillis()), Instant.ofEpochMilli(periodEnd),
                Instant.ofEpochMilli(periodStart), Instant.ofEpochMilli(periodEnd), true, entries);
        context.forward(new Record<>(archived.key(), archived, now));
    }

    /** Archives one drama or artist chart's period once, merged and ranked as {@link #publishEntities} does live. */
    private void archiveEntities(EntityChartId chart, long periodEnd, List<EntityPartial.EntityStanding> standings, long now) {
        ChartWindow window = chart.window();
        long periodStart = periodEnd - config.periodOf(window).toMillis();
        Optional<ChartHistory> rolled = archiveHistory(chart.value(), config.periodIndex(window, periodStart));
        if (rolled.isEmpty()) {
            return;
        }
        RankedEntities ranked = rankEntities(standings, EntityListenerUnions.of(standings), rolled.get(), window);
        ChartHistory next = rolled.get().publish(ranked.lines());
        archiveHistories.put(chart.value(), next);
        ArchivedEntityChart archived = new ArchivedEntityChart(chart.value(), window, chart.scope(), next.version(),
                Instant.ofEpochMilli(now), Instant.ofEpochMilli(periodEnd - window.length().toMillis()), Instant.ofEpochMilli(periodEnd),
                Instant.ofEpochMilli(periodStart), Instant.ofEpochMilli(periodEnd), true, ranked.entries());
        context.forward(new Record<>(archived.key(), archived, now));
    }

    private void publishChanged(long now) {
        if (recheckAll) {
            markEveryChartHeld();
            recheckAll = false;
        }
        markChartsWhosePeriodEnded(now);
        publishing.runIfDue(now, () -> {
            for (String chartId : changed) {
                EntityChartId.parse(chartId).ifPresentOrElse(chart -> publishEntities(chart, now),
                        () -> ChartId.parse(chartId).ifPresent(chart -> publish(chart, now)));
            }
            changed.clear();
        });
    }

    /** Every chart with a partial in this task; publishing one that has not changed is a no-op. */
    private void markEveryChartHeld() {
        try (KeyValueIterator<String, PartialChart> it = partials.all()) {
            it.forEachRemaining(entry -> changed.add(entry.key.substring(0, entry.key.lastIndexOf(StoreKeys.SEPARATOR))));
        }
        try (KeyValueIterator<String, EntityPartial> it = entityPartials.all()) {
            it.forEachRemaining(entry -> changed.add(entry.key.substring(0, entry.key.lastIndexOf(StoreKeys.SEPARATOR))));
        }
    }

    /** A new period changes every chart of that window (previous ranks move), even with no new plays. */
    private void markChartsWhosePeriodEnded(long now) {
        for (ChartWindow window : ChartWindow.values()) {
            long period = periodOf(window, now);
            Long seen = periodSeen.put(window, period);
            if (seen != null && seen < period) {
                histories.forEach(entry -> {
                    if (entry.key.endsWith("/" + window.label())) {
                        changed.add(entry.key);
                    }
                });
            }
        }
    }

    private long periodOf(ChartWindow window, long now) {
        return config.periodIndex(window, now);
    }

    private void publish(ChartId chart, long now) {
        long period = periodOf(chart.window(), now);
        ChartHistory stored = histories.get(chart.value());
        ChartHistory history = stored == null ? ChartHistory.start(period) : stored.rollTo(period);

        List<Standing> merged = new ArrayList<>();
        try (KeyValueIterator<String, PartialChart> it = partials.prefixScan(chart.value() + StoreKeys.SEPARATOR,
                Serdes.String().serializer())) {
            it.forEachRemaining(partial -> merged.addAll(partial.value.standings()));
        }
        merged.sort(Standing.CHART_ORDER);
        List<ChartEntry> entries = new ArrayList<>();
        for (Standing standing : merged.subList(0, Math.min(config.chartSize(), merged.size()))) {
            entries.add(history.entry(entries.size() + 1, standing, config.concentratedAt().get(chart.window())));
        }
        countConcentrated(chart.value(), entries);

        if (stored == null && entries.isEmpty() && !ChartScope.GLOBAL.equals(chart.scope())) {
            return; // a chart exists from its first counted play (a drama's or artist's may be announced before any)
        }
        if (stored != null && entries.equals(history.published())) {
            if (history != stored) {
                histories.put(chart.value(), history); // a snapshot was taken; nothing visible changed
            }
            return;
        }
        ChartHistory next = history.publish(entries);
        histories.put(chart.value(), next);
        long edgeMinute = chart.window().firstMinuteInside(CountingRules.minuteOf(now));
        context.forward(new Record<>(chart.value(), new ChartDocument(chart.value(), chart.window(), chart.scope(),
                next.version(), Instant.ofEpochMilli(now), Instant.ofEpochMilli(edgeMinute * 60_000), Instant.ofEpochMilli(now),
                entries), now));
        published.record();
    }

    private void countConcentrated(String chartId, List<ChartEntry> entries) {
        int flagged = (int) entries.stream().filter(entry -> Boolean.TRUE.equals(entry.concentrated())).count();
        Integer before = flagged == 0 ? concentrated.remove(chartId) : concentrated.put(chartId, flagged);
        if (before == null ? flagged != 0 : before != flagged) {
            concentratedEntries.record(concentrated.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    /**
     * Publishes a drama or artist chart: each drama's (or artist's) plays summed over every stage-1 partition's plays of
     * it (each partition sends all of its dramas, so the sums are exact), ranked as tracks are (plays descending, then
     * slug); its top tracks are the best of the partitions' top tracks (a track lives in one partition, so the overall
     * top 3 are among them), its name as credited on the first of them. Movement from the same snapshots as any chart:
     * the history's entries name the drama in {@code trackId}, and carry its top tracks in {@code artists} ("id plays"),
     * so a change of them alone is a new version too.
     */
    private void publishEntities(EntityChartId chart, long now) {
        long period = periodOf(chart.window(), now);
        ChartHistory stored = histories.get(chart.value());
        ChartHistory history = stored == null ? ChartHistory.start(period) : stored.rollTo(period);

        List<EntityPartial> partials = new ArrayList<>();
        try (KeyValueIterator<String, EntityPartial> it = entityPartials.prefixScan(chart.value() + StoreKeys.SEPARATOR,
                Serdes.String().serializer())) {
            it.forEachRemaining(partial -> partials.add(partial.value));
        }
        List<EntityPartial.EntityStanding> standings = partials.stream().flatMap(partial -> partial.standings().stream()).toList();
        RankedEntities ranked = rankEntities(standings, entityListeners.of(chart.value(), partials), history, chart.window());
        List<ChartEntry> lines = ranked.lines();
        if (stored == null && lines.isEmpty() || stored != null && lines.equals(history.published())) {
            if (stored != null && history != stored) {
                histories.put(chart.value(), history); // a snapshot was taken; nothing visible changed
            }
            return;
        }
        ChartHistory next = history.publish(lines);
        histories.put(chart.value(), next);
        long edgeMinute = chart.window().firstMinuteInside(CountingRules.minuteOf(now));
        context.forward(new Record<>(chart.value(), new EntityChartDocument(chart.value(), chart.window(), chart.scope(),
                next.version(), Instant.ofEpochMilli(now), Instant.ofEpochMilli(edgeMinute * 60_000), Instant.ofEpochMilli(now),
                ranked.entries()), now));
        published.record();
    }

    /** A drama or artist chart's lines as the history keeps them, and its entries as published. */
    private record RankedEntities(List<ChartEntry> lines, List<EntityChartDocument.EntityEntry> entries) {
    }

    /**
     * Merges the partitions' standings of each drama (artist) and ranks them: the history's lines name the drama in
     * {@code trackId} and carry its top tracks in {@code artists}, so movement and versions work as for track charts.
     */
    private RankedEntities rankEntities(List<EntityPartial.EntityStanding> standings, Map<String, EntityListenerUnions.Merged> listeners,
                                        ChartHistory history, ChartWindow window) {
        Map<String, MergedEntity> merged = new HashMap<>();
        standings.forEach(standing -> merged.computeIfAbsent(standing.slug(), slug -> new MergedEntity()).add(standing));
        List<Standing> ranked = new ArrayList<>();
        merged.forEach((slug, entity) -> ranked.add(new Standing(slug, entity.plays, entity.name(), entity.topLines(), null,
                entity.audience(listeners.get(slug)))));
        ranked.sort(Standing.CHART_ORDER);
        List<ChartEntry> lines = new ArrayList<>();
        List<EntityChartDocument.EntityEntry> entries = new ArrayList<>();
        for (Standing standing : ranked.subList(0, Math.min(config.chartSize(), ranked.size()))) {
            ChartEntry line = history.entry(lines.size() + 1, standing, config.concentratedAt().get(window));
            lines.add(line);
            entries.add(new EntityChartDocument.EntityEntry(line.rank(), standing.trackId(), standing.title(), standing.plays(),
                    line.listeners(), line.playsPerListener(), line.concentrated(), merged.get(standing.trackId()).topTracks(),
                    line.previousRank(), line.movement(), line.peakRank(), line.periodsOnChart()));
        }
        return new RankedEntities(lines, entries);
    }

    /** One drama or artist over every partition: its plays, its repeats, and the best of the partitions' top tracks. */
    private static final class MergedEntity {
        private long plays;
        private long repeats;
        /** The best top tracks so far, in chart order, at most {@link EntityPartial#TOP_TRACKS}. */
        private final List<Standing> best = new ArrayList<>();
        private final Map<String, String> nameByTopTrack = new HashMap<>();

        void add(EntityPartial.EntityStanding standing) {
            plays += standing.plays();
            if (standing.listeners() != null) {
                repeats += standing.listeners().repeats();
            }
            best.addAll(standing.topTracks());
            best.sort(Standing.CHART_ORDER);
            if (best.size() > EntityPartial.TOP_TRACKS) {
                best.subList(EntityPartial.TOP_TRACKS, best.size()).clear();
            }
            if (!standing.topTracks().isEmpty()) {
                nameByTopTrack.put(standing.topTracks().getFirst().trackId(), standing.name());
            }
        }

        String name() {
            return best.isEmpty() ? null : nameByTopTrack.get(best.getFirst().trackId());
        }

        /**
         * Its listeners as the contract counts them (a listener of several of its tracks once), from its partitions'
         * merged {@code listeners} (none: unknown), and its repeats.
         */
        Audience audience(EntityListenerUnions.Merged listeners) {
            return listeners == null ? null : new Audience(ListenerSketches.listeners(listeners.later(), listeners.all(),
                    listeners.firstHourInside(), listeners.firstHourPlays(), plays), repeats);
        }

        List<String> topLines() {
            return best.stream().map(track -> track.trackId() + " " + track.plays()).toList();
        }

        List<EntityChartDocument.TopTrack> topTracks() {
            return best.stream().map(track -> new EntityChartDocument.TopTrack(track.trackId(), track.title(), track.plays())).toList();
        }
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
    }
}
