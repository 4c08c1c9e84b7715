package com.ostcharts.load;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bench's made-up chart history: the periods a 400-day archive holds, each shaped as chart-service archives a chart. */
class SyntheticArchiveTest {

    private static final Instant BEFORE = Instant.parse("2026-11-30T09:34:56Z");
    private static final List<Track> TRACKS = SyntheticArchive.tracks();

    private static List<ArchivedChart> history(ChartWindow window) {
        List<ArchivedChart> charts = new ArrayList<>();
        SyntheticArchive.generate(SyntheticArchive.plan(window, BEFORE, 400), TRACKS, charts::add);
        return charts;
    }

    @Test
    void fourHundredDaysAre9600HourlyPeriodsOr400DailyOnesBackToBackUpToTheLastBoundary() {
        SyntheticArchive.Plan hourly = SyntheticArchive.plan(ChartWindow.ONE_HOUR, BEFORE, 400);
        assertThat(hourly.periods()).isEqualTo(9_600);
        assertThat(hourly.end()).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(hourly.firstStart()).isEqualTo(hourly.end().minus(Duration.ofDays(400)));
        assertThat(SyntheticArchive.plan(ChartWindow.ONE_DAY, BEFORE, 400).periods()).as("24h is archived hourly too").isEqualTo(9_600);
        SyntheticArchive.Plan daily = SyntheticArchive.plan(ChartWindow.DAY, BEFORE, 400);
        assertThat(daily.periods()).isEqualTo(400);
        assertThat(daily.end()).isEqualTo("2026-11-30T00:00:00Z");

        List<ArchivedChart> charts = history(ChartWindow.ONE_HOUR);
        assertThat(charts).hasSize(9_600);
        for (int i = 0; i < charts.size(); i++) {
            ArchivedChart chart = charts.get(i);
            assertThat(chart.periodStart()).isEqualTo(hourly.periodStart(i));
            assertThat(chart.periodEnd()).isEqualTo(chart.periodStart().plus(Duration.ofHours(1)));
            assertThat(chart.version()).isEqualTo(i + 1);
        }
        assertThat(charts.getLast().periodEnd()).isEqualTo(hourly.end());
    }

    @Test
    void eachArchiveIsAFinalHundredEntryChartKeyedAndWindowedAsTheContractSays() {
        for (ChartWindow window : List.of(ChartWindow.ONE_HOUR, ChartWindow.ONE_DAY, ChartWindow.DAY)) {
            assertThat(history(window)).allSatisfy(chart -> {
                assertThat(chart.key()).isEqualTo("global/" + window.label() + "@" + chart.periodStart());
                assertThat(chart.isFinal()).isTrue();
                assertThat(chart.windowEnd()).isEqualTo(chart.periodEnd());
                assertThat(chart.windowStart()).isEqualTo(window.calendar() ? chart.periodStart() : chart.periodEnd().minus(window.length()));
                assertThat(chart.asOf()).isEqualTo(chart.periodEnd().plus(Duration.ofMinutes(121)));
                assertThat(chart.entries()).hasSize(100);
                assertThat(chart.entries()).extracting(ChartEntry::rank).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
                assertThat(chart.entries()).isSortedAccordingTo(Comparator.comparingLong(ChartEntry::plays).reversed()
                        .thenComparing(ChartEntry::trackId));
                assertThat(chart.entries()).allSatisfy(e -> assertThat(e.title()).as("every entry carries its metadata").isNotBlank());
            });
        }
    }

    @Test
    void movementPeakAndPeriodsOnChartFollowThePreviousPeriods() {
        List<ArchivedChart> charts = history(ChartWindow.DAY);
        assertThat(charts.getFirst().entries()).allSatisfy(e -> {
            assertThat(e.movement()).isEqualTo(Movement.NEW);
            assertThat(e.previousRank()).isNull();
            assertThat(e.periodsOnChart()).isEqualTo(1);
        });
        Map<String, Integer> previous = new HashMap<>();
        Map<String, Integer> peaks = new HashMap<>();
        Map<String, Integer> periodsOn = new HashMap<>();
        Set<Movement> seen = new HashSet<>();
        for (ArchivedChart chart : charts) {
            Map<String, Integer> now = new HashMap<>();
            for (ChartEntry e : chart.entries()) {
                assertThat(e.previousRank()).isEqualTo(previous.get(e.trackId()));
                Movement expected = e.previousRank() == null ? (periodsOn.containsKey(e.trackId()) ? Movement.RE_ENTRY : Movement.NEW)
                        : Integer.compare(e.rank(), e.previousRank()) < 0 ? Movement.UP : e.rank() > e.previousRank() ? Movement.DOWN : Movement.SAME;
                assertThat(e.movement()).isEqualTo(expected);
                assertThat(e.peakRank()).isEqualTo(Math.min(e.rank(), peaks.getOrDefault(e.trackId(), e.rank())));
                assertThat(e.periodsOnChart()).isEqualTo(periodsOn.getOrDefault(e.trackId(), 0) + 1);
                peaks.put(e.trackId(), e.peakRank());
                periodsOn.put(e.trackId(), e.periodsOnChart());
                now.put(e.trackId(), e.rank());
                seen.add(e.movement());
            }
            previous = now;
        }
        assertThat(seen).as("a year of releases and fading: every movement happens").containsExactlyInAnyOrder(Movement.values());
    }

    @Test
    void theDemoCatalogsOstsAreOnItAndAnEntryWeighsWhatARealOneDoes() {
        ArchivedChart last = history(ChartWindow.ONE_HOUR).getLast();
        Set<String> demo = new HashSet<>(DemoCatalog.load().stream().map(Track::trackId).toList());
        assertThat(last.entries()).anySatisfy(e -> assertThat(demo).contains(e.trackId()));
        byte[] json = Topics.CHARTS_ARCHIVE.valueSerde().serializer().serialize(Topics.CHARTS_ARCHIVE.name(), last);
        assertThat(json.length / 100.0).as("bytes per entry").isCloseTo(230, within(80.0));
    }

    @Test
    void theSameChartAndEndGiveTheSameHistory() {
        assertThat(history(ChartWindow.DAY)).isEqualTo(history(ChartWindow.DAY));
    }
}
