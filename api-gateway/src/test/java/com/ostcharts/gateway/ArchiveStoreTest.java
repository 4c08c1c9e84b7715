package com.ostcharts.gateway;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The archive store on a real RocksDB in a temporary directory: what it keeps, how it ranges, and what survives a reopen. */
class ArchiveStoreTest {

    private static final long MEMORY = 16L << 20;
    private static final Instant HOUR_0 = Instant.parse("2026-11-29T00:00:00Z");

    @TempDir
    Path dir;
    private ArchiveStore store;

    @BeforeEach
    void open() {
        store = ArchiveStore.open(dir, MEMORY, false);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStoredChartIsServedAsTheBytesItCameAsWithADigestOfThem() throws Exception {
        ArchivedChart chart = ArchiveFixtures.chart("global/1h", hour(0), 1, "a", "b", "c");
        byte[] json = Json.MAPPER.writeValueAsBytes(chart);
        write(chart, json);

        ArchiveStore.StoredChart stored = store.chart("global/1h", hour(0).toEpochMilli()).orElseThrow();
        assertThat(stored.json()).isEqualTo(json);
        assertThat(stored.entries()).isEqualTo(3);
        assertThat(stored.digest()).hasSize(16).matches("[A-Za-z0-9_-]+");
        assertThat(store.chart("global/1h", hour(1).toEpochMilli())).isEmpty();
        assertThat(store.chart("global/24h", hour(0).toEpochMilli())).isEmpty();
    }

    @Test
    void periodsAreListedNewestFirstFromInclusiveToExclusiveUpToTheLimit() {
        for (int h = 0; h < 6; h++) {
            write(ArchiveFixtures.chart("country/KR/1h", hour(h), h + 1, "a"));
        }
        write(ArchiveFixtures.chart("country/KR/24h", hour(3), 1, "a")); // another chart of the scope
        assertThat(starts(store.periods("country/KR/1h", hour(1).toEpochMilli(), hour(4).toEpochMilli(), 100)))
                .containsExactly(hour(3), hour(2), hour(1));
        assertThat(starts(store.periods("country/KR/1h", hour(0).toEpochMilli(), hour(6).toEpochMilli(), 2)))
                .containsExactly(hour(5), hour(4));
        assertThat(store.periods("country/KR/1h", hour(2).toEpochMilli(), hour(2).toEpochMilli(), 10)).isEmpty();
        ArchiveStore.Period period = store.periods("country/KR/1h", hour(0).toEpochMilli(), hour(1).toEpochMilli(), 1).getFirst();
        assertThat(period).isEqualTo(new ArchiveStore.Period(hour(0).toEpochMilli(), hour(1).toEpochMilli(), true));
    }

    @Test
    void aTracksHistoryHoldsEveryPeriodOfTheChartInRangeWithNullsWhereItWasNotOn() {
        write(ArchiveFixtures.chart("global/1h", hour(0), 1, "a", "b"));
        write(ArchiveFixtures.chart("global/1h", hour(1), 2, "c"));
        write(ArchiveFixtures.chart("global/1h", hour(2), 3, "b", "a"));
        write(ArchiveFixtures.chart("global/24h", hour(1), 1, "a")); // another chart: not in the history of global/1h
        List<ArchiveStore.Placing> history = store.trackHistory("a", "global/1h", hour(0).toEpochMilli(), hour(3).toEpochMilli());
        assertThat(history).extracting(p -> p.period().startMs(), ArchiveStore.Placing::rank, ArchiveStore.Placing::plays).containsExactly(
                tuple(hour(0).toEpochMilli(), 1, 100L),
                tuple(hour(1).toEpochMilli(), null, null),
                tuple(hour(2).toEpochMilli(), 2, 99L));
        assertThat(store.trackHistory("a", "global/1h", hour(1).toEpochMilli(), hour(2).toEpochMilli()))
                .extracting(ArchiveStore.Placing::rank).containsExactly((Integer) null);
        assertThat(store.trackHistory("never-on", "global/1h", hour(0).toEpochMilli(), hour(3).toEpochMilli()))
                .hasSize(3).allSatisfy(p -> assertThat(p.rank()).isNull());
    }

    @Test
    void theSameRecordReadTwiceChangesNothing() {
        ArchivedChart chart = ArchiveFixtures.chart("global/1h", hour(0), 1, "a", "b");
        write(chart);
        write(chart);
        try (ArchiveStore.Batch batch = store.batch()) {
            batch.put(chart, ArchiveFixtures.json(chart));
            batch.put(chart, ArchiveFixtures.json(chart));
            batch.commit();
        }
        assertThat(store.periods("global/1h", 0, Long.MAX_VALUE, 100)).hasSize(1);
        assertThat(store.trackHistory("a", "global/1h", 0, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void aChartArchivedAgainReplacesItsTracksPlacesInTheSameBatchOrALaterOne() {
        write(ArchiveFixtures.chart("global/1h", hour(0), 1, "a", "b"));
        write(ArchiveFixtures.chart("global/1h", hour(0), 1, "b", "c"));
        assertThat(store.trackHistory("a", "global/1h", 0, Long.MAX_VALUE)).extracting(ArchiveStore.Placing::rank).containsExactly((Integer) null);
        assertThat(store.trackHistory("b", "global/1h", 0, Long.MAX_VALUE)).extracting(ArchiveStore.Placing::rank).containsExactly(1);

        try (ArchiveStore.Batch batch = store.batch()) {
            ArchivedChart first = ArchiveFixtures.chart("global/1h", hour(1), 1, "x");
            ArchivedChart second = ArchiveFixtures.chart("global/1h", hour(1), 1, "y");
            batch.put(first, ArchiveFixtures.json(first));
            batch.put(second, ArchiveFixtures.json(second));
            batch.commit();
        }
        assertThat(store.trackHistory("x", "global/1h", hour(1).toEpochMilli(), hour(2).toEpochMilli()).getFirst().rank()).isNull();
        assertThat(store.trackHistory("y", "global/1h", hour(1).toEpochMilli(), hour(2).toEpochMilli()).getFirst().rank()).isEqualTo(1);
    }

    @Test
    void aRemovedPeriodTakesItsTracksPlacesWithIt() {
        write(ArchiveFixtures.chart("global/1h", hour(0), 1, "a"));
        write(ArchiveFixtures.chart("global/1h", hour(1), 2, "a"));
        try (ArchiveStore.Batch batch = store.batch()) {
            batch.remove("global/1h", hour(0).toEpochMilli());
            batch.commit();
        }
        assertThat(store.chart("global/1h", hour(0).toEpochMilli())).isEmpty();
        assertThat(starts(store.periods("global/1h", 0, Long.MAX_VALUE, 100))).containsExactly(hour(1));
        assertThat(store.trackHistory("a", "global/1h", 0, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void positionsAreWrittenWithTheDataAndSurviveAReopen() {
        assertThat(store.positions()).isEmpty();
        try (ArchiveStore.Batch batch = store.batch()) {
            ArchivedChart chart = ArchiveFixtures.chart("global/day", Instant.parse("2026-11-28T00:00:00Z"), 1, "a");
            batch.put(chart, ArchiveFixtures.json(chart));
            batch.position(new TopicPartition(Topics.CHARTS_ARCHIVE.name(), 0), 17);
            batch.position(new TopicPartition(Topics.CHARTS_ARCHIVE.name(), 5), 3);
            batch.position(new TopicPartition(Topics.ENTITY_CHARTS_ARCHIVE.name(), 5), 8);
            // nothing is visible before the commit
            assertThat(store.positions()).isEmpty();
            assertThat(store.chart("global/day", chart.periodStart().toEpochMilli())).isEmpty();
            batch.commit();
        }
        store.close();
        store = ArchiveStore.open(dir, MEMORY, false);
        assertThat(store.positions()).isEqualTo(Map.of(new TopicPartition(Topics.CHARTS_ARCHIVE.name(), 0), 17L,
                new TopicPartition(Topics.CHARTS_ARCHIVE.name(), 5), 3L, new TopicPartition(Topics.ENTITY_CHARTS_ARCHIVE.name(), 5), 8L));
        assertThat(store.chart("global/day", Instant.parse("2026-11-28T00:00:00Z").toEpochMilli())).isPresent();
    }

    @Test
    void aResetForgetsEverythingAndRemembersTheTopic() {
        write(ArchiveFixtures.chart("global/1h", hour(0), 1, "a"));
        try (ArchiveStore.Batch batch = store.batch()) {
            batch.position(new TopicPartition(Topics.CHARTS_ARCHIVE.name(), 0), 1);
            batch.commit();
        }
        Map<String, String> topicIds = Map.of(Topics.CHARTS_ARCHIVE.name(), "topic-2", Topics.ENTITY_CHARTS_ARCHIVE.name(), "topic-3");
        store.reset(topicIds);
        assertThat(store.topicIds()).isEqualTo(topicIds);
        assertThat(store.positions()).isEmpty();
        assertThat(store.chart("global/1h", hour(0).toEpochMilli())).isEmpty();
        assertThat(store.periods("global/1h", 0, Long.MAX_VALUE, 100)).isEmpty();
        assertThat(store.trackHistory("a", "global/1h", 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aDramaChartIsStoredAndListedBesideTrackChartsWithoutTrackPlacesAndHangulSlugsStayApart() {
        ArchivedEntityChart goblin = ArchiveFixtures.entityChart("drama-charts/global/1h", hour(0), 1, "goblin");
        ArchivedChart dokkaebi = ArchiveFixtures.chart("drama/도깨비/1h", hour(0), 1, "a");
        ArchivedChart another = ArchiveFixtures.chart("drama/드라마/1h", hour(0), 1, "b");
        try (ArchiveStore.Batch batch = store.batch()) {
            batch.put(goblin, ArchiveFixtures.json(goblin));
            batch.put(dokkaebi, ArchiveFixtures.json(dokkaebi));
            batch.put(another, ArchiveFixtures.json(another));
            batch.commit();
        }
        assertThat(ArchiveStore.decodeEntityJson(store.chart("drama-charts/global/1h", hour(0).toEpochMilli()).orElseThrow().json()))
                .isEqualTo(goblin);
        assertThat(starts(store.periods("drama-charts/global/1h", 0, Long.MAX_VALUE, 100))).containsExactly(hour(0));
        assertThat(store.trackHistory("goblin", "drama-charts/global/1h", 0, Long.MAX_VALUE))
                .as("a drama is no track: its period is listed, with no place").extracting(ArchiveStore.Placing::rank).containsOnlyNulls();
        assertThat(ArchiveStore.decodeJson(store.chart("drama/도깨비/1h", hour(0).toEpochMilli()).orElseThrow().json()).entries())
                .extracting(ChartEntry::trackId).containsExactly("a");
        assertThat(ArchiveStore.decodeJson(store.chart("drama/드라마/1h", hour(0).toEpochMilli()).orElseThrow().json()).entries())
                .extracting(ChartEntry::trackId).containsExactly("b");
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedWithAMessageNamingIt() {
        assertThatThrownBy(() -> ArchiveStore.open(dir, MEMORY, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(dir.toString());
    }

    @Test
    void aTemporaryStoreRemovesItsDirectoryWhenClosed() throws Exception {
        Path temporary = Files.createTempDirectory(dir, "temporary");
        ArchiveStore.open(temporary, MEMORY, true).close();
        assertThat(temporary).doesNotExist();
    }

    private void write(ArchivedChart chart) {
        write(chart, ArchiveFixtures.json(chart));
    }

    private void write(ArchivedChart chart, byte[] json) {
        try (ArchiveStore.Batch batch = store.batch()) {
            batch.put(chart, json);
            batch.commit();
        }
    }

    private static List<Instant> starts(List<ArchiveStore.Period> periods) {
        return periods.stream().map(p -> Instant.ofEpochMilli(p.startMs())).toList();
    }

    private static Instant hour(int h) {
        return HOUR_0.plus(Duration.ofHours(h));
    }
}
