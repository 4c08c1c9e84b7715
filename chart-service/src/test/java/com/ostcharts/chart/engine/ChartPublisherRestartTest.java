package com.ostcharts.chart.engine;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.JsonSerde;
import org.apache.datasketches.hll.HllSketch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Stage 2 commits a partial as it arrives and publishes its chart on the next tick. A task that stops in between
 * (a crash, or the task moving to another instance) must not leave the chart unpublished: the next instance of the
 * task, on the same stores, publishes it. This is the miscount the chart-service crash test found.
 */
class ChartPublisherRestartTest {

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final long NOW = Instant.parse("2026-11-21T10:15:00Z").toEpochMilli();
    private static final ChartEngineConfig CONFIG = new ChartEngineConfig(3, TICK, TICK, ChartEngineConfig.DEFAULTS.periods());
    private static final Record<String, StageTwoInput> STAY_WITH_ME_14 = new Record<>("global/1h",
            new StageTwoInput.Live(new PartialChart(0, List.of(new Standing("stay-with-me", 14, null, null, null)))), NOW);

    private final KeyValueStore<String, PartialChart> partials = MockStores.keyValue(StoreNames.CHART_PARTIALS, new JsonSerde<>(PartialChart.class));
    private final WriteBehindStore<String, ChartHistory> histories = MockStores.writeBehind(StoreNames.CHART_HISTORY,
            new ChartHistorySerde());
    private final KeyValueStore<String, EntityPartial> entityPartials = MockStores.keyValue(StoreNames.ENTITY_PARTIALS, new EntityPartialSerde());
    private final KeyValueStore<String, Map<String, EntityPartial.Listeners>> entityListeners = MockStores.keyValue(StoreNames.ENTITY_LISTENERS,
            new EntityListenerUnions.HeldSerde());
    private final KeyValueStore<String, PartialChart> archivePartials = MockStores.keyValue(StoreNames.ARCHIVE_PARTIALS, new PartialChartSerde());
    private final KeyValueStore<String, EntityPartial> archiveEntityPartials = MockStores.keyValue(StoreNames.ARCHIVE_ENTITY_PARTIALS,
            new EntityPartialSerde());
    private final KeyValueStore<String, Long> watermarks = MockStores.keyValue(StoreNames.ARCHIVE_WATERMARKS, Serdes.Long());
    private final KeyValueStore<String, ChartHistory> archiveHistories = MockStores.keyValue(StoreNames.ARCHIVE_HISTORY,
            new ChartHistorySerde());

    @Test
    void aPartialStoredButNotYetPublishedIsPublishedByTheTasksNextInstance() {
        ChartPublisher stopped = started(context());
        stopped.process(STAY_WITH_ME_14);
        // The task stops here: the partial is committed, its tick never came.

        MockProcessorContext<String, Object> after = context();
        started(after);
        tick(after);

        assertThat(after.forwarded()).singleElement().satisfies(forward -> {
            ChartDocument chart = (ChartDocument) forward.record().value();
            assertThat(chart.chartId()).isEqualTo("global/1h");
            assertThat(chart.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.trackId()).isEqualTo("stay-with-me");
                assertThat(entry.plays()).isEqualTo(14);
            });
        });
    }

    @Test
    void aTaskRevivedOnTheSameInstanceAfterAnAbortedTransactionPublishesAgain() {
        ChartPublisher publisher = publishedOnce();
        // The transaction with that publication aborts: Streams restores the committed state (the partial, no history)
        // and initialises the same processor instance again.
        histories.delete("global/1h");
        publisher.close();

        MockProcessorContext<String, Object> revived = context();
        publisher.init(revived);
        tick(revived);

        assertThat(revived.forwarded()).singleElement()
                .satisfies(forward -> assertThat(((ChartDocument) forward.record().value()).entries().getFirst().plays()).isEqualTo(14));
    }

    @Test
    void aRestartedTaskDoesNotRepublishChartsThatHaveNotChanged() {
        publishedOnce();

        MockProcessorContext<String, Object> after = context();
        started(after);
        tick(after);

        assertThat(after.forwarded()).extracting(CapturedForward::record).isEmpty();
    }

    @Test
    void aPeriodIsArchivedOnceEvenWhenItsPartialsAndWatermarksComeAgainAfterACrash() {
        long periodEnd = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
        Record<String, StageTwoInput> partial = new Record<>("global/1h", new StageTwoInput.Archive(periodEnd,
                new PartialChart(0, List.of(new Standing("stay-with-me", 14, null, null, null)))), NOW);
        Record<String, StageTwoInput> watermark = new Record<>("1h", new StageTwoInput.Watermark(ChartWindow.ONE_HOUR, 0, periodEnd), NOW);
        MockProcessorContext<String, Object> context = context();
        ChartPublisher publisher = started(context);
        publisher.process(partial);
        assertThat(context.forwarded()).as("not before the partition's watermark has passed the period").isEmpty();
        publisher.process(watermark);
        assertThat(context.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.record().key()).isEqualTo("global/1h@2026-11-21T09:00:00Z");
            assertThat(((ArchivedChart) forward.record().value()).entries()).extracting(ChartEntry::plays).containsExactly(14L);
        });

        // Stage 1 crashed after sending and before committing its progress: it sends the same again.
        MockProcessorContext<String, Object> again = context();
        ChartPublisher restarted = started(again);
        restarted.process(partial);
        restarted.process(watermark);
        assertThat(again.forwarded()).as("archived once").isEmpty();
    }

    @Test
    void aDramaPeriodIsArchivedOnceFromTheSumOfEveryPartitionsPlaysAfterTheLastWatermarkPassesIt() {
        long periodEnd = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
        // Goblin is second on each of two partitions, first by its sum; its top tracks come from both.
        List<Record<String, StageTwoInput>> partials = List.of(0, 1).stream().map(partition -> new Record<String, StageTwoInput>(
                "drama-charts/global/1h", new StageTwoInput.ArchiveEntities(periodEnd, new EntityPartial(partition, List.of(
                new EntityPartial.EntityStanding("hit-" + partition, "Hit " + partition, 50,
                        List.of(new Standing("hit-" + partition + "-song", 50, "Song", null, null))),
                new EntityPartial.EntityStanding("goblin", "Goblin", 30 + partition,
                        List.of(new Standing("goblin-" + partition, 30 + partition, "Goblin " + partition, null, null)))))), NOW)).toList();
        List<Record<String, StageTwoInput>> watermarks = List.of(0, 1).stream().map(partition -> new Record<String, StageTwoInput>(
                "1h", new StageTwoInput.Watermark(ChartWindow.ONE_HOUR, partition, periodEnd), NOW)).toList();
        MockProcessorContext<String, Object> context = context();
        ChartPublisher publisher = started(context, CONFIG.withPartitions(() -> 2));
        partials.forEach(publisher::process);
        publisher.process(watermarks.getFirst());
        assertThat(context.forwarded()).as("not before every partition's watermark has passed the period").isEmpty();
        publisher.process(watermarks.getLast());
        assertThat(context.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.record().key()).isEqualTo("drama-charts/global/1h@2026-11-21T09:00:00Z");
            ArchivedEntityChart chart = (ArchivedEntityChart) forward.record().value();
            assertThat(chart.isFinal()).isTrue();
            assertThat(chart.entries()).extracting(EntityChartDocument.EntityEntry::slug, EntityChartDocument.EntityEntry::plays)
                    .containsExactly(tuple("goblin", 61L), tuple("hit-0", 50L), tuple("hit-1", 50L));
            assertThat(chart.entries().getFirst().topTracks()).extracting(EntityChartDocument.TopTrack::trackId)
                    .containsExactly("goblin-1", "goblin-0");
        });

        // Stage 1 crashed after sending and before committing its progress: it sends the same again.
        MockProcessorContext<String, Object> again = context();
        ChartPublisher restarted = started(again, CONFIG.withPartitions(() -> 2));
        partials.forEach(restarted::process);
        watermarks.forEach(restarted::process);
        assertThat(again.forwarded()).as("archived once").isEmpty();
    }

    @Test
    void aDramasListenersKeptByAPartitionComeFromTheSketchesItSentBeforeStageTwoRestarted() {
        MockProcessorContext<String, Object> context = context();
        ChartPublisher publisher = started(context);
        publisher.process(goblin(0, 3, sketched("a", "b", "c")));
        publisher.process(goblin(1, 2, sketched("c", "d")));
        tick(context);
        assertThat(goblinOn(context)).extracting(EntityChartDocument.EntityEntry::plays, EntityChartDocument.EntityEntry::listeners)
                .as("a, b, c and d, c once").containsExactly(5L, 4L);

        // A new instance of the task: partition 0 sends new plays and keeps its listeners; partition 1 sends nothing.
        MockProcessorContext<String, Object> after = context();
        ChartPublisher restarted = started(after);
        restarted.process(goblin(0, 6, EntityPartial.Listeners.kept(0)));
        tick(after);
        assertThat(goblinOn(after)).extracting(EntityChartDocument.EntityEntry::plays, EntityChartDocument.EntityEntry::listeners)
                .as("the plays new, the listeners from both partitions' stored sketches").containsExactly(8L, 4L);

        restarted.process(goblin(1, 3, sketched("c", "d", "e")));
        tick(after);
        assertThat(goblinOn(after).listeners()).as("new sketches from partition 1: e joins").isEqualTo(5L);
    }

    private static Record<String, StageTwoInput> goblin(int partition, long plays, EntityPartial.Listeners listeners) {
        return new Record<>("drama-charts/global/1h", new StageTwoInput.Entities(new EntityPartial(partition, List.of(
                new EntityPartial.EntityStanding("goblin", "Goblin", plays, List.of(new Standing("goblin-" + partition, plays, "Song", null, null)),
                        listeners)))), NOW);
    }

    /** Listeners sketched by a partition (no first hour to apportion: a window on the hour), and no repeats. */
    private static EntityPartial.Listeners sketched(String... listeners) {
        HllSketch sketch = new HllSketch(HourAudience.LG_K, HourAudience.TYPE);
        for (String listener : listeners) {
            sketch.update(listener);
        }
        byte[] bytes = sketch.toCompactByteArray();
        return new EntityPartial.Listeners(bytes, bytes, 0, 0, 0);
    }

    /** Goblin's entry in the last drama chart published on {@code context}. */
    private static EntityChartDocument.EntityEntry goblinOn(MockProcessorContext<String, Object> context) {
        EntityChartDocument chart = (EntityChartDocument) context.forwarded().getLast().record().value();
        return chart.entries().stream().filter(entry -> entry.slug().equals("goblin")).findFirst().orElseThrow();
    }

    private static ChartPublisher started(MockProcessorContext<String, Object> context) {
        return started(context, CONFIG);
    }

    private static ChartPublisher started(MockProcessorContext<String, Object> context, ChartEngineConfig config) {
        ChartPublisher publisher = new ChartPublisher(config);
        publisher.init(context);
        return publisher;
    }

    /** A publisher that received one partial and published its chart on a tick. */
    private ChartPublisher publishedOnce() {
        MockProcessorContext<String, Object> context = context();
        ChartPublisher publisher = started(context);
        publisher.process(STAY_WITH_ME_14);
        tick(context);
        assertThat(context.forwarded()).hasSize(1);
        return publisher;
    }

    /** The stores outlive the processor, as a task's committed state does. */
    @BeforeEach
    void openStores() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        partials.init(context.getStateStoreContext(), partials);
        entityPartials.init(context.getStateStoreContext(), entityPartials);
        entityListeners.init(context.getStateStoreContext(), entityListeners);
        histories.init(context.getStateStoreContext(), histories);
        archivePartials.init(context.getStateStoreContext(), archivePartials);
        archiveEntityPartials.init(context.getStateStoreContext(), archiveEntityPartials);
        watermarks.init(context.getStateStoreContext(), watermarks);
        archiveHistories.init(context.getStateStoreContext(), archiveHistories);
    }

    /** What a new instance of the task sees: fresh in-memory state, the same stores. */
    private MockProcessorContext<String, Object> context() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW);
        context.addStateStore(partials);
        context.addStateStore(entityPartials);
        context.addStateStore(entityListeners);
        context.addStateStore(histories);
        context.addStateStore(archivePartials);
        context.addStateStore(archiveEntityPartials);
        context.addStateStore(watermarks);
        context.addStateStore(archiveHistories);
        return context;
    }

    private static void tick(MockProcessorContext<String, Object> context) {
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(NOW + TICK.toMillis());
    }
}
