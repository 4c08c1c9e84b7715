package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartWindow;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 2, keyed by chart id: merges the partial top Ns of the stage-1 partitions into the chart,
 * adds movement from the period snapshots, and publishes a new version when the entries changed,
 * at most once per publish interval per chart.
 */
final class ChartPublisher implements Processor<String, PartialChart, String, ChartDocument> {

    private final ChartEngineConfig config;
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

    private ProcessorContext<String, ChartDocument> context;
    private KeyValueStore<String, PartialChart> partials;
    private WriteBehindStore<String, ChartHistory> histories;
    private Sensor published;

    ChartPublisher(ChartEngineConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, ChartDocument> context) {
        // Streams may init the same instance again when it revives a task: start from the stores, not from memory.
        changed.clear();
        periodSeen.clear();
        closers.forEach(Runnable::run);
        closers.clear();
        recheckAll = true;
        this.context = context;
        partials = context.getStateStore(StoreNames.CHART_PARTIALS);
        histories = context.getStateStore(StoreNames.CHART_HISTORY);
        published = ChartMetrics.chartsPublished(context, closers);
        context.schedule(config.publishInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    }

    @Override
    public void process(Record<String, PartialChart> record) {
        partials.put(StoreKeys.join(record.key(), Integer.toString(record.value().partition())), record.value());
        changed.add(record.key());
    }

    private void publishChanged(long now) {
        if (recheckAll) {
            markEveryChartHeld();
            recheckAll = false;
        }
        markChartsWhosePeriodEnded(now);
        for (String chartId : changed) {
            ChartId.parse(chartId).ifPresent(chart -> publish(chart, now));
        }
        changed.clear();
    }

    /** Every chart with a partial in this task; publishing one that has not changed is a no-op. */
    private void markEveryChartHeld() {
        try (KeyValueIterator<String, PartialChart> it = partials.all()) {
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
        return Math.floorDiv(now, config.periodOf(window).toMillis());
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
            entries.add(history.entry(entries.size() + 1, standing));
        }

        if (stored != null && entries.equals(history.published())) {
            if (history != stored) {
                histories.put(chart.value(), history); // a snapshot was taken; nothing visible changed
            }
            return;
        }
        ChartHistory next = history.publish(entries);
        histories.put(chart.value(), next);
        long edgeMinute = PlayCounter.firstMinuteInside(chart.window(), CountingRules.minuteOf(now));
        context.forward(new Record<>(chart.value(), new ChartDocument(chart.value(), chart.window(), chart.scope(),
                next.version(), Instant.ofEpochMilli(now), Instant.ofEpochMilli(edgeMinute * 60_000), Instant.ofEpochMilli(now),
                entries), now));
        published.record();
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
    }
}
