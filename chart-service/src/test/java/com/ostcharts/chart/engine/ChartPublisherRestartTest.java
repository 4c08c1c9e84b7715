package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.JsonSerde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stage 2 commits a partial as it arrives and publishes its chart on the next tick. A task that stops in between
 * (a crash, or the task moving to another instance) must not leave the chart unpublished: the next instance of the
 * task, on the same stores, publishes it. This is the miscount the chart-service crash test found.
 */
class ChartPublisherRestartTest {

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final long NOW = Instant.parse("2026-11-21T10:15:00Z").toEpochMilli();
    private static final ChartEngineConfig CONFIG = new ChartEngineConfig(3, TICK, TICK, ChartEngineConfig.DEFAULTS.periods());
    private static final Record<String, PartialChart> STAY_WITH_ME_14 =
            new Record<>("global/1h", new PartialChart(0, List.of(new Standing("stay-with-me", 14, null, null, null))), NOW);

    private final KeyValueStore<String, PartialChart> partials = MockStores.keyValue(StoreNames.CHART_PARTIALS, new JsonSerde<>(PartialChart.class));
    private final WriteBehindStore<String, ChartHistory> histories = MockStores.writeBehind(StoreNames.CHART_HISTORY,
            new JsonSerde<>(ChartHistory.class));

    @Test
    void aPartialStoredButNotYetPublishedIsPublishedByTheTasksNextInstance() {
        ChartPublisher stopped = started(context());
        stopped.process(STAY_WITH_ME_14);
        // The task stops here: the partial is committed, its tick never came.

        MockProcessorContext<String, ChartDocument> after = context();
        started(after);
        tick(after);

        assertThat(after.forwarded()).singleElement().satisfies(forward -> {
            ChartDocument chart = forward.record().value();
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

        MockProcessorContext<String, ChartDocument> revived = context();
        publisher.init(revived);
        tick(revived);

        assertThat(revived.forwarded()).singleElement()
                .satisfies(forward -> assertThat(forward.record().value().entries().getFirst().plays()).isEqualTo(14));
    }

    @Test
    void aRestartedTaskDoesNotRepublishChartsThatHaveNotChanged() {
        publishedOnce();

        MockProcessorContext<String, ChartDocument> after = context();
        started(after);
        tick(after);

        assertThat(after.forwarded()).extracting(CapturedForward::record).isEmpty();
    }

    private static ChartPublisher started(MockProcessorContext<String, ChartDocument> context) {
        ChartPublisher publisher = new ChartPublisher(CONFIG);
        publisher.init(context);
        return publisher;
    }

    /** A publisher that received one partial and published its chart on a tick. */
    private ChartPublisher publishedOnce() {
        MockProcessorContext<String, ChartDocument> context = context();
        ChartPublisher publisher = started(context);
        publisher.process(STAY_WITH_ME_14);
        tick(context);
        assertThat(context.forwarded()).hasSize(1);
        return publisher;
    }

    /** The stores outlive the processor, as a task's committed state does. */
    @BeforeEach
    void openStores() {
        MockProcessorContext<String, ChartDocument> context = new MockProcessorContext<>();
        partials.init(context.getStateStoreContext(), partials);
        histories.init(context.getStateStoreContext(), histories);
    }

    /** What a new instance of the task sees: fresh in-memory state, the same stores. */
    private MockProcessorContext<String, ChartDocument> context() {
        MockProcessorContext<String, ChartDocument> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW);
        context.addStateStore(partials);
        context.addStateStore(histories);
        return context;
    }

    private static void tick(MockProcessorContext<String, ChartDocument> context) {
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(NOW + TICK.toMillis());
    }
}
