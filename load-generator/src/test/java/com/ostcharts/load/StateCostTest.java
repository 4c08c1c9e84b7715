package com.ostcharts.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The state measurement as arithmetic and parsing on what it read: no stack, no clock. */
class StateCostTest {

    private static final StateCost COST = new StateCost(200_000);

    @Test
    void bytesAndRecordsAreDividedByTheCountedPlays() {
        assertThat(COST.perPlay(50_000_000)).isEqualTo(250.0);
        assertThat(COST.perPlay(300_000)).isEqualTo(1.5);
        assertThat(COST.perPlay(0)).isZero();
    }

    @Test
    void anHourIsTheMeasuredStatePerPlayTimesThePlaysOfAnHour() {
        assertThat(StateCost.playsInAnHour(10_000)).isEqualTo(36_000_000L);
        assertThat(COST.anHourAt(300_000, 10_000)).as("1.5 records a play x 36 M plays").isEqualTo(54_000_000.0);
    }

    @Test
    void theRestoreRateIsRecordsOverSecondsAndAnHourTakesItsRecordsOverThatRate() {
        double rate = StateCost.restoreRate(300_000, 4.0);
        assertThat(rate).isEqualTo(75_000.0);
        assertThat(COST.secondsToRestoreAnHour(300_000, 10_000, rate)).as("54 M records at 75,000/s").isEqualTo(720.0);
        assertThat(COST.secondsToRestoreAnHour(300_000, 10_000, rate))
                .as("the same as scaling the measured restore by the hour's plays over the run's")
                .isCloseTo(4.0 * 36_000_000 / 200_000, within(1e-9));
    }

    @Test
    void nothingCountedOrNoTimeIsRefusedRatherThanDividedBy() {
        assertThatThrownBy(() -> new StateCost(0)).hasMessageContaining("no play was counted");
        assertThatThrownBy(() -> StateCost.restoreRate(1000, 0)).hasMessageContaining("took no time");
        assertThatThrownBy(() -> COST.secondsToRestoreAnHour(1000, 10_000, 0)).hasMessageContaining("no restore rate");
    }

    @Test
    void theHourOfTheReportIsRoundedAndAddsTheStartUp() {
        StateReport.Hour hour = StateReport.Hour.of(COST, 10_000, 300_000, 50_000_000, 20_000_000, 75_000, 8.25);
        assertThat(hour.plays()).isEqualTo(36_000_000L);
        assertThat(hour.changelogRecords()).isEqualTo(54_000_000L);
        assertThat(hour.changelogBytes()).isEqualTo(9_000_000_000L);
        assertThat(hour.localBytes()).isEqualTo(3_600_000_000L);
        assertThat(hour.restoreSeconds()).isEqualTo(720.0);
        assertThat(hour.restoreSecondsWithStartup()).isEqualTo(728.3);
    }

    @Test
    void readinessBeforeKafkaStreamsIsRunningIsTold() {
        assertThat(new StateReport.Restore(5.3, 9.4, 14.7, 6.8, 411_721, null, 43_881, 27_947).readinessTooSoon()).isTrue();
        assertThat(new StateReport.Restore(5.3, 9.4, 14.7, 14.5, 411_721, null, 43_881, 27_947).readinessTooSoon()).isFalse();
    }

    @Test
    void theCountedPlaysAreSummedOverTasksFromPrometheusText() {
        String exposition = """
                # HELP kafka_ost_chart_plays_counted_total plays that counted on the charts
                # TYPE kafka_ost_chart_plays_counted_total counter
                kafka_ost_chart_plays_counted_total{kafka_version="4.2.1",task_id="0_0",thread_id="t-1"} 61234.0
                kafka_ost_chart_plays_counted_total{kafka_version="4.2.1",task_id="0_1",thread_id="t-1"} 1.5E5
                kafka_ost_chart_plays_duplicate_total{task_id="0_0"} 12.0
                kafka_ost_chart_plays_counted_other 99.0
                plays_counted_total 7
                """;
        assertThat(StateCommand.counter(exposition, "plays_counted_total")).isEqualTo(211_234L);
        assertThat(StateCommand.counter(exposition, "plays_duplicate_total")).isEqualTo(12L);
        assertThat(StateCommand.counter(exposition, "plays_late_total")).as("absent: none").isZero();
    }

    @Test
    void whatStreamsSaysItRestoredIsSummedPerStore() {
        String log = """
                2026-12-01T10:00:01.000Z  INFO 1 --- [chart-service] [StateUpdater-1] o.a.k.s.p.i.StoreChangelogReader : stream-thread \
                [StateUpdater-1] Finished restoring changelog state-chart-service-play-buckets-changelog-0 to store play-buckets with a \
                total number of 1200 records
                ... Finished restoring changelog state-chart-service-play-buckets-changelog-1 to store play-buckets with a total number of 34 records
                ... Finished restoring changelog state-chart-service-listener-hours-changelog-0 to store listener-hours with a total number of 5 records
                """;
        assertThat(StateCommand.restoredByStore(log)).containsExactly(Map.entry("listener-hours", 5L), Map.entry("play-buckets", 1234L));
        assertThat(StateCommand.restoredByStore("nothing restored")).isEmpty();
    }

    @Test
    void localStoresAreTheRocksDbFoldersOfEveryTaskAndTheRestIsOther(@TempDir Path dir) throws Exception {
        write(dir.resolve("0_0/rocksdb/play-buckets/000012.sst"), 100);
        write(dir.resolve("0_1/rocksdb/play-buckets/000007.sst"), 50);
        write(dir.resolve("0_1/rocksdb/listener-hours/MANIFEST-000001"), 20);
        write(dir.resolve("0_1/.checkpoint"), 3);
        write(dir.resolve("kafka-streams-process-metadata"), 4);
        assertThat(StateCommand.localStores(dir))
                .containsExactly(Map.entry("listener-hours", 20L), Map.entry("other", 7L), Map.entry("play-buckets", 150L));
        assertThat(StateCommand.localStores(dir.resolve("absent"))).isEmpty();
    }

    private static void write(Path file, int bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
