package com.ostcharts.chart.engine;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * Stage 1 keeps its running totals and window edges in memory, derived from the minute buckets. A task that starts
 * on existing stores (a restart, a move, a restore after a crash) must rank exactly as if it had never stopped: each
 * window counts the buckets inside it, buckets that aged out while it was down count nowhere and are deleted.
 */
class PlayCounterRestartTest {

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final ChartEngineConfig CONFIG = new ChartEngineConfig(3, TICK, TICK, ChartEngineConfig.DEFAULTS.periods());

    private final WriteBehindStore<String, Long> listenerHours = MockStores.writeBehind(StoreNames.LISTENER_HOURS, Serdes.Long());
    private final WriteBehindStore<String, Long> buckets = MockStores.writeBehind(StoreNames.PLAY_BUCKETS, Serdes.Long());
    private final KeyValueStore<String, HourAudience> sketches = MockStores.keyValue(StoreNames.LISTENER_SKETCHES, new HourAudience.AudienceSerde());
    private final WriteBehindStore<Long, byte[]> journal = MockStores.journal(StoreNames.LISTENER_JOURNAL);
    private final WriteBehindStore<String, Track> catalog = MockStores.writeBehind(StoreNames.CATALOG, Topics.TRACKS.valueSerde());
    private final KeyValueStore<String, Long> archiveProgress = MockStores.keyValue(StoreNames.ARCHIVE_PROGRESS, Serdes.Long());

    @BeforeEach
    void openStores() {
        MockProcessorContext<String, StageTwoInput> context = new MockProcessorContext<>();
        listenerHours.init(context.getStateStoreContext(), listenerHours);
        buckets.init(context.getStateStoreContext(), buckets);
        catalog.init(context.getStateStoreContext(), catalog);
        sketches.init(context.getStateStoreContext(), sketches);
        journal.init(context.getStateStoreContext(), journal);
        archiveProgress.init(context.getStateStoreContext(), archiveProgress);
    }

    @Test
    void aStartedTaskRanksEachWindowFromTheBucketsInsideItAndForgetsThoseThatAgedOutWhileItWasDown() {
        bucket(NOW.minus(Duration.ofMinutes(10)), "global", "stay-with-me", 5);
        bucket(NOW.minus(Duration.ofHours(3)), "global", "stay-with-me", 2);
        bucket(NOW.minus(Duration.ofHours(3)), "global", "all-of-my-life", 4);
        bucket(NOW.minus(Duration.ofDays(3)), "global", "beautiful", 9);
        bucket(NOW.minus(Duration.ofDays(8)), "global", "aged-out", 50);

        MockProcessorContext<String, StageTwoInput> context = started();
        tick(context);

        Map<String, List<Standing>> sent = sent(context);
        assertThat(sent.get("global/1h")).extracting(Standing::trackId, Standing::plays)
                .containsExactly(tuple("stay-with-me", 5L));
        assertThat(sent.get("global/24h")).extracting(Standing::trackId, Standing::plays).containsExactly(
                tuple("stay-with-me", 7L), tuple("all-of-my-life", 4L));
        assertThat(sent.get("global/7d")).extracting(Standing::trackId)
                .containsExactly("beautiful", "stay-with-me", "all-of-my-life");
        assertThat(buckets.get(key(NOW.minus(Duration.ofDays(8)), "global", "aged-out"))).as("deleted on the first tick").isNull();
    }

    @Test
    void aPlayCountedAfterTheStartAddsToTheRebuiltTotals() {
        bucket(NOW.minus(Duration.ofMinutes(10)), "global", "stay-with-me", 5);
        MockProcessorContext<String, StageTwoInput> context = context();
        PlayCounter counter = new PlayCounter(CONFIG);
        counter.init(context);

        counter.process(new Record<>("stay-with-me", new StageOneInput.Play(new PlayEvent("e-1", "stay-with-me", "h1:fan",
                "melon", "KR", NOW.minusSeconds(60), 200_000)), NOW.toEpochMilli()));
        tick(context);

        assertThat(sent(context).get("global/1h")).extracting(Standing::plays).containsExactly(6L);
        assertThat(sent(context).get("country/KR/1h")).extracting(Standing::plays).containsExactly(1L);
    }

    @Test
    void aListenerHourCountedBeforeARestartIsStillADuplicateAfterIt() {
        PlayEvent play = new PlayEvent("e-1", "stay-with-me", "h1:fan", "melon", "KR", NOW.minusSeconds(60), 200_000);
        MockProcessorContext<String, StageTwoInput> before = context();
        PlayCounter counter = new PlayCounter(CONFIG);
        counter.init(before);
        counter.process(new Record<>("stay-with-me", new StageOneInput.Play(play), NOW.toEpochMilli()));
        listenerHours.flushCache(); // committed
        buckets.flushCache();

        MockProcessorContext<String, StageTwoInput> after = context();
        PlayCounter restarted = new PlayCounter(CONFIG);
        restarted.init(after);
        PlayEvent again = new PlayEvent("e-2", "stay-with-me", "h1:fan", "melon", "KR", NOW.minusSeconds(30), 200_000);
        restarted.process(new Record<>("stay-with-me", new StageOneInput.Play(again), NOW.toEpochMilli()));
        tick(after);

        assertThat(sent(after).get("global/1h")).as("the same listener, track and hour counts once")
                .extracting(Standing::plays).containsExactly(1L);
    }

    @Test
    void listenersSurviveARestartFromTheirCheckpointAndJournalAndNoPlayIsCountedTwice() {
        MockProcessorContext<String, StageTwoInput> before = context();
        PlayCounter counter = new PlayCounter(CONFIG);
        counter.init(before);
        for (String listener : List.of("a", "b", "c")) {
            counter.process(playOf(listener));
        }
        commit();
        before.scheduledPunctuators().getLast().getPunctuator().punctuate(NOW.plus(Duration.ofMillis(ListenerSketches.CHECKPOINT_EVERY)).toEpochMilli());
        commit(); // a, b and c in listener-sketches; the journal holding them deleted
        for (String listener : List.of("d", "e")) {
            counter.process(playOf(listener));
        }
        commit(); // d and e in the journal only

        MockProcessorContext<String, StageTwoInput> after = context();
        PlayCounter restarted = new PlayCounter(CONFIG);
        restarted.init(after);
        tick(after);
        assertThat(sent(after).get("global/1h")).extracting(s -> s.audience().listeners()).containsExactly(5L);

        after.scheduledPunctuators().getLast().getPunctuator().punctuate(NOW.plus(Duration.ofMillis(ListenerSketches.CHECKPOINT_EVERY)).toEpochMilli());
        commit();
        HourAudience stored = sketches.get(StoreKeys.join(StoreKeys.time(Math.floorDiv(NOW.getEpochSecond(), 3600)), "global", "stay-with-me"));
        assertThat(HourAudience.from(stored.plays, 0)).as("each play once in the hour's minutes").isEqualTo(5);
        assertThat(stored.listeners.getEstimate()).isCloseTo(5.0, within(0.001));
        assertThat(journal.get(0L)).as("the journal checkpointed away").isNull();
    }

    private static Record<String, StageOneInput> playOf(String listener) {
        return new Record<>("stay-with-me", new StageOneInput.Play(new PlayEvent("e-" + listener, "stay-with-me", "h1:" + listener,
                "melon", "KR", NOW.minusSeconds(60), 200_000)), NOW.toEpochMilli());
    }

    /** What Kafka Streams does before it commits: every write-behind store hands its writes down. */
    private void commit() {
        listenerHours.flushCache();
        buckets.flushCache();
        journal.flushCache();
    }

    private MockProcessorContext<String, StageTwoInput> started() {
        MockProcessorContext<String, StageTwoInput> context = context();
        new PlayCounter(CONFIG).init(context);
        return context;
    }

    /** What a new instance of the task sees: the same stores, nothing in memory. */
    private MockProcessorContext<String, StageTwoInput> context() {
        MockProcessorContext<String, StageTwoInput> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        context.setCurrentStreamTimeMs(NOW.toEpochMilli());
        context.addStateStore(listenerHours);
        context.addStateStore(buckets);
        context.addStateStore(catalog);
        context.addStateStore(sketches);
        context.addStateStore(journal);
        context.addStateStore(archiveProgress);
        return context;
    }

    private static void tick(MockProcessorContext<String, StageTwoInput> context) {
        context.scheduledPunctuators().getLast().getPunctuator().punctuate(NOW.plus(TICK).toEpochMilli());
    }

    /** The latest live partial of each chart the counter sent. */
    private static Map<String, List<Standing>> sent(MockProcessorContext<String, StageTwoInput> context) {
        Map<String, List<Standing>> latest = new HashMap<>();
        for (CapturedForward<? extends String, ? extends StageTwoInput> forward : context.forwarded()) {
            if (forward.record().value() instanceof StageTwoInput.Live(PartialChart partial)) {
                latest.put(forward.record().key(), partial.standings());
            }
        }
        return latest;
    }

    private void bucket(Instant minute, String scope, String trackId, long plays) {
        buckets.put(key(minute, scope, trackId), plays);
    }

    private static String key(Instant minute, String scope, String trackId) {
        return StoreKeys.join(StoreKeys.time(CountingRules.minuteOf(minute.toEpochMilli())), scope, trackId);
    }
}
