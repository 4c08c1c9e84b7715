package com.ostcharts.chart.engine;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.ReferenceCharts;
import com.ostcharts.contract.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Calendar windows and the chart archive, driven through the whole topology with explicit stream and wall-clock time. */
class ChartArchiveTest {

    private static final Instant START = Instant.parse("2026-11-21T10:15:00Z"); // a Saturday
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int SIZE = 3;

    private final AtomicInteger eventIds = new AtomicInteger();
    private TopologyTestDriver driver;
    private TestInputTopic<String, PlayEvent> plays;
    private TestOutputTopic<String, ChartDocument> charts;
    private TestOutputTopic<String, ArchivedChart> archive;
    private final Map<String, ChartDocument> latest = new HashMap<>();
    private Instant now = START;

    @BeforeEach
    void start() {
        ChartEngineConfig config = new ChartEngineConfig(SIZE, TICK, TICK, ChartEngineConfig.DEFAULTS.periods());
        driver = new TopologyTestDriver(ChartTopology.build(config, Stores::inMemoryKeyValueStore), ChartTopology.streamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "chart-archive-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/chart-archive-test-" + System.nanoTime())), START);
        plays = driver.createInputTopic(Topics.PLAYS.name(), Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer());
        charts = driver.createOutputTopic(Topics.CHARTS.name(), Topics.CHARTS.keySerde().deserializer(), Topics.CHARTS.valueSerde().deserializer());
        archive = driver.createOutputTopic(Topics.CHARTS_ARCHIVE.name(), Topics.CHARTS_ARCHIVE.keySerde().deserializer(),
                Topics.CHARTS_ARCHIVE.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theDayChartHoldsTheUtcDaySoFarAndMovesAgainstThePreviousDay() {
        play("l1", "a", START, START);
        play("l2", "a", START, START);
        play("l1", "b", START, START);
        tick();
        assertThat(latest.get("global/day").entries()).extracting(ChartEntry::trackId, ChartEntry::plays)
                .containsExactly(tuple("a", 2L), tuple("b", 1L));
        assertThat(latest.get("global/day").windowStart()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));

        advance(Duration.ofHours(14)); // Sunday 00:15: yesterday's plays count in the day chart no more, in the week still
        tick();
        assertThat(latest.get("global/day").entries()).isEmpty();
        assertThat(latest.get("global/week").entries()).extracting(ChartEntry::trackId).containsExactly("a", "b");
        assertThat(latest.get("global/week").windowStart()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z")); // Friday

        play("l3", "b", now, now);
        tick();
        assertThat(latest.get("global/day").entries()).extracting(ChartEntry::trackId, ChartEntry::previousRank, ChartEntry::movement)
                .containsExactly(tuple("b", 2, Movement.UP));
    }

    @Test
    void aBackfillIsArchivedPeriodByPeriodAsItsStreamTimePassesEachEndPlusTheLatenessBound() {
        // Two days of plays written in time order, far behind the wall clock, as `ost-load --history-days` writes them.
        ReferenceCharts model = new ReferenceCharts();
        Random random = new Random(15);
        Instant first = Instant.parse("2026-11-18T00:00:00Z");
        for (Instant arrival = first; arrival.isBefore(Instant.parse("2026-11-20T06:00:00Z")); arrival = arrival.plusSeconds(37)) {
            Instant playedAt = arrival.minusSeconds(random.nextInt(3 * 3600)); // some beyond the lateness bound
            String track = "track-" + (char) ('a' + Math.min(random.nextInt(6), random.nextInt(6)));
            PlayEvent play = new PlayEvent("e-" + eventIds.incrementAndGet(), track, "h1:listener-" + random.nextInt(40), "melon",
                    random.nextBoolean() ? "KR" : "US", playedAt, 200_000);
            plays.pipeInput(track, play, arrival);
            model.offer(play, arrival);
            if (random.nextInt(200) == 0) {
                driver.advanceWallClockTime(TICK); // the ticks that archive, a few a second while replaying
            }
        }
        driver.advanceWallClockTime(TICK);

        Map<String, ArchivedChart> archived = new HashMap<>();
        archive.readValuesToList().forEach(chart -> assertThat(archived.put(chart.key(), chart)).as("archived once").isNull());
        assertThat(archived).containsKeys("global/day@2026-11-18T00:00:00Z", "global/day@2026-11-19T00:00:00Z",
                "global/1h@2026-11-20T02:00:00Z", "country/KR/24h@2026-11-19T12:00:00Z", "platform/melon/7d@2026-11-19T00:00:00Z");
        assertThat(archived).as("the day of 2026-11-20 is not final before 2026-11-21T02:01").doesNotContainKey("global/day@2026-11-20T00:00:00Z");
        assertThat(archived).as("nor the hour ending 04:00 before 06:01").doesNotContainKey("global/1h@2026-11-20T03:00:00Z");
        archived.values().forEach(chart -> assertThat(lines(chart.entries())).as(chart.key())
                .isEqualTo(model.archived(ChartId.parse(chart.chartId()).orElseThrow(), chart.periodEnd(), SIZE)));

        ArchivedChart day = archived.get("global/day@2026-11-19T00:00:00Z");
        assertThat(day.periodStart()).isEqualTo(Instant.parse("2026-11-19T00:00:00Z"));
        assertThat(day.periodEnd()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(day.isFinal()).isTrue();
        assertThat(day.version()).as("the third day archived: the 17th (plays late into it), the 18th, the 19th").isEqualTo(3);
        ArchivedChart hour = archived.get("global/24h@2026-11-19T11:00:00Z");
        assertThat(hour.windowStart()).as("the 24 hours ending at the period's end").isEqualTo(Instant.parse("2026-11-18T12:00:00Z"));
        assertThat(hour.periodEnd()).isEqualTo(Instant.parse("2026-11-19T12:00:00Z"));
    }

    @Test
    void aQuietEngineArchivesByTheWallClockOnceItHasReadNothingForThirtySecondsAndSeveralTicks() {
        Instant playedAt = START.minus(Duration.ofHours(3)); // 07:15, read at 07:16: on time
        play("l1", "a", playedAt, playedAt.plusSeconds(60));
        advance(TICK);
        assertThat(archive.readValuesToList()).as("stream time is 07:16: nothing is final").isEmpty();

        advance(Duration.ofSeconds(31));
        assertThat(archive.readValuesToList()).as("one tick 31 s later: its thread may have been away, not the plays").isEmpty();
        for (int i = 0; i < ArchiveFronts.QUIET_TICKS; i++) {
            advance(TICK);
        }
        assertThat(archive.readValuesToList()).extracting(ArchivedChart::key).contains("global/1h@2026-11-21T07:00:00Z",
                "global/24h@2026-11-21T07:00:00Z", "country/KR/1h@2026-11-21T07:00:00Z");
    }

    @Test
    void aThreadBusyForThirtySecondsDoesNotMakeALaggingPartitionQuiet() {
        // A backfill far behind the wall clock; between two of its reads the stream thread is away for 31 s (another
        // task's long tick, a commit, a restore), so the next tick comes 31 s after the last play read.
        ReferenceCharts model = new ReferenceCharts();
        Instant first = START.minus(Duration.ofHours(30));
        for (int i = 0; i < 600; i++) {
            Instant playedAt = first.plus(Duration.ofMinutes(3L * i));
            String track = "track-" + (char) ('a' + i % 5);
            PlayEvent play = new PlayEvent("e-" + eventIds.incrementAndGet(), track, "h1:listener-" + i % 7, "melon", "KR", playedAt, 200_000);
            plays.pipeInput(track, play, playedAt);
            model.offer(play, playedAt);
            if (i == 100) {
                advance(Duration.ofSeconds(31));
            } else if (i % 50 == 0) {
                advance(TICK);
            }
        }
        for (int i = 0; i < 5; i++) {
            advance(TICK);
        }

        List<ArchivedChart> archived = archive.readValuesToList();
        assertThat(archived).extracting(ArchivedChart::key).contains("global/1h@2026-11-20T10:00:00Z", "global/day@2026-11-20T00:00:00Z");
        archived.forEach(chart -> assertThat(lines(chart.entries())).as(chart.key())
                .isEqualTo(model.archived(ChartId.parse(chart.chartId()).orElseThrow(), chart.periodEnd(), SIZE)));
    }

    @Test
    void archivedChartsMoveAgainstTheChartsPreviousArchivedPeriod() {
        Instant hour = Instant.parse("2026-11-18T10:30:00Z");
        play("l1", "a", hour, hour);
        play("l2", "a", hour, hour);
        play("l1", "b", hour, hour);
        Instant next = hour.plus(Duration.ofHours(1));
        play("l3", "b", next, next);
        play("l4", "b", next, next);
        play("l1", "c", next, next);
        play("l9", "z", next.plus(Duration.ofHours(3)), next.plus(Duration.ofHours(3))); // stream time moves on
        advance(TICK);

        Map<String, ArchivedChart> archived = new HashMap<>();
        archive.readValuesToList().forEach(chart -> archived.put(chart.key(), chart));
        assertThat(archived.get("global/1h@2026-11-18T10:00:00Z").entries()).extracting(ChartEntry::trackId, ChartEntry::movement)
                .containsExactly(tuple("a", Movement.NEW), tuple("b", Movement.NEW));
        assertThat(archived.get("global/1h@2026-11-18T11:00:00Z").entries())
                .extracting(ChartEntry::trackId, ChartEntry::previousRank, ChartEntry::movement, ChartEntry::peakRank, ChartEntry::periodsOnChart)
                .containsExactly(tuple("b", 2, Movement.UP, 1, 2), tuple("c", null, Movement.NEW, 2, 1));
    }

    private static List<ReferenceCharts.Line> lines(List<ChartEntry> entries) {
        return entries.stream().map(e -> new ReferenceCharts.Line(e.rank(), e.trackId(), e.plays())).toList();
    }

    private void play(String listener, String track, Instant playedAt, Instant arrival) {
        PlayEvent play = new PlayEvent("e-" + eventIds.incrementAndGet(), track, listener, "melon", "KR", playedAt, 200_000);
        plays.pipeInput(track, play, arrival);
    }

    private void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Two ticks: stage 1 sends, stage 2 publishes. */
    private void tick() {
        advance(TICK);
        advance(TICK);
        charts.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
    }
}
