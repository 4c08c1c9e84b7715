package com.ostcharts.load;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.ReferenceCharts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive half of {@code --verify} on a seeded backfill (8,000 plays over the 8 days before a fixed now, so a
 * tracking week ends inside it), against an engine stand-in that archives every final period as the contract says:
 * what passes, and what is reported.
 */
class ArchiveCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:34:56Z");
    private static final ChartId GLOBAL_HOUR = new ChartId(ChartScope.GLOBAL, ChartWindow.ONE_HOUR);

    private static ReferenceCharts model;
    private static ArchiveCheck.Span span;
    private static List<ArchivedChart> archives;

    @BeforeAll
    static void backfill() {
        PlayFactory factory = new PlayFactory(TrackCatalog.trackIds(50), 0.8, 500, new Random(5));
        HistoryPlays history = new HistoryPlays(factory, NOW, 8, 8_000, new Random(6));
        model = new ReferenceCharts();
        Instant firstPlayed = Instant.MAX;
        Instant newest = Instant.MIN;
        while (history.hasNext()) {
            for (HistoryPlays.Timed timed : history.next(500)) {
                model.offer(timed.play(), timed.arrival());
                firstPlayed = timed.play().playedAt().isBefore(firstPlayed) ? timed.play().playedAt() : firstPlayed;
                newest = timed.arrival().isAfter(newest) ? timed.arrival() : newest;
            }
        }
        span = new ArchiveCheck.Span(firstPlayed, newest, newest);
        archives = archivedAsTheContractSays();
    }

    /** The engine stand-in: each chart's periods that end 2 h 1 min before the stream time, archived unless empty. */
    private static List<ArchivedChart> archivedAsTheContractSays() {
        List<ArchivedChart> archived = new ArrayList<>();
        for (ChartId chart : model.charts()) {
            Duration period = chart.window().defaultPeriod();
            Instant start = Instant.ofEpochMilli(chart.window().periodStart(span.firstPlayed().toEpochMilli(), period));
            for (; start.plus(period).plus(Duration.ofMinutes(121)).compareTo(span.streamTime()) <= 0; start = start.plus(period)) {
                List<ReferenceCharts.Line> lines = model.archived(chart, start.plus(period), Verifier.CHART_SIZE);
                if (!lines.isEmpty()) {
                    archived.add(archive(chart, start, period, lines, start.plus(period).plus(Duration.ofMinutes(121))));
                }
            }
        }
        return archived;
    }

    private static ArchivedChart archive(ChartId chart, Instant periodStart, Duration period, List<ReferenceCharts.Line> lines, Instant asOf) {
        List<ChartEntry> entries = lines.stream().map(l -> new ChartEntry(l.rank(), l.trackId(), null, null, null, l.plays(), null,
                Movement.NEW, l.rank(), 1)).toList();
        Instant periodEnd = periodStart.plus(period);
        Instant windowStart = chart.window().calendar() ? periodStart : periodEnd.minus(chart.window().length());
        return new ArchivedChart(chart.value(), chart.window(), chart.scope(), 1, asOf, windowStart, periodEnd, periodStart, periodEnd, true, entries);
    }

    private static ArchiveCheck checkOf(List<ArchivedChart> topic) {
        ArchiveCheck check = new ArchiveCheck(model, span);
        topic.forEach(chart -> check.accept(chart.key(), chart));
        return check;
    }

    @Test
    void archivesEqualToTheReferencePassAndEveryFinalPeriodIsChecked() {
        ArchiveCheck.Result result = checkOf(archives).result();

        assertThat(result.passed()).as("%s", result).isTrue();
        assertThat(result.expected()).as("the final periods of every chart, in every window").isEqualTo(archives.size()).isGreaterThan(100);
        assertThat(result.checked()).isEqualTo(archives.size());
        assertThat(archives).extracting(ArchivedChart::window).contains(ChartWindow.values());
    }

    @Test
    void anArchivedChartWithOnePlayTooManyIsAMismatchNamingItsKey() {
        List<ArchivedChart> topic = new ArrayList<>(archives);
        ArchivedChart wrong = topic.stream().filter(a -> a.chartId().equals(GLOBAL_HOUR.value())).findFirst().orElseThrow();
        topic.set(topic.indexOf(wrong), withFirstEntryPlays(wrong, wrong.entries().getFirst().plays() + 1));

        ArchiveCheck.Result result = checkOf(topic).result();

        assertThat(result.passed()).isFalse();
        assertThat(result.mismatches()).isEqualTo(1);
        assertThat(result.examples()).singleElement().asString().startsWith(wrong.key()).contains("expected").contains("but served");
    }

    @Test
    void aKeyWrittenTwiceWithDifferentEntriesIsReportedButTheSameChartArchivedAgainLaterIsNot() {
        ArchivedChart first = archives.getFirst();
        ArchivedChart sameAgainLater = new ArchivedChart(first.chartId(), first.window(), first.scope(), first.version(),
                first.asOf().plusSeconds(30), first.windowStart(), first.windowEnd(), first.periodStart(), first.periodEnd(), true, first.entries());
        List<ArchivedChart> rewritten = new ArrayList<>(archives);
        rewritten.add(sameAgainLater);
        assertThat(checkOf(rewritten).result().passed()).as("a rewrite with the same content").isTrue();

        List<ArchivedChart> changed = new ArrayList<>(archives);
        changed.add(withFirstEntryPlays(first, first.entries().getFirst().plays() + 5));
        ArchiveCheck.Result result = checkOf(changed).result();

        assertThat(result.passed()).isFalse();
        assertThat(result.doubled()).isEqualTo(1);
        assertThat(result.mismatches()).as("the first one read is judged; the second is the doubled key").isZero();
        assertThat(result.examples()).singleElement().asString().contains(first.key()).contains("twice");
    }

    @Test
    void aFinalPeriodThatWasNeverArchivedIsMissingUntilItAppears() {
        ArchivedChart late = archives.getLast();
        ArchiveCheck check = checkOf(archives.subList(0, archives.size() - 1));

        assertThat(check.missing()).containsExactly(late.key());
        assertThat(check.result().missing()).isEqualTo(1);

        check.accept(late.key(), late);
        assertThat(check.missing()).isEmpty();
        assertThat(check.result().passed()).isTrue();
    }

    @Test
    void periodsTheStreamTimeHasNotMadeFinalAreNotExpectedButAreJudgedIfArchived() {
        Instant periodStart = Instant.ofEpochMilli(ChartWindow.ONE_HOUR.periodStart(span.streamTime().toEpochMilli(), Duration.ofHours(1)))
                .minus(Duration.ofHours(1)); // ended under an hour ago: final only in two
        ArchiveCheck check = checkOf(archives);
        assertThat(check.missing()).doesNotContain(ArchivedChart.key(GLOBAL_HOUR.value(), periodStart));

        // The engine may archive it early by the wall clock (nothing read for 30 s): then it is compared like any other.
        List<ReferenceCharts.Line> lines = model.archived(GLOBAL_HOUR, periodStart.plus(Duration.ofHours(1)), Verifier.CHART_SIZE);
        ArchivedChart early = archive(GLOBAL_HOUR, periodStart, Duration.ofHours(1), lines, NOW.plus(Duration.ofHours(2)));
        check.accept(early.key(), withFirstEntryPlays(early, lines.getFirst().plays() + 1));
        assertThat(check.result().mismatches()).isEqualTo(1);
    }

    @Test
    void archivesOfPeriodsBeforeTheRunAreCountedButNotJudged() {
        Instant monthBefore = Instant.parse("2026-10-30T10:00:00Z");
        ArchivedChart older = archive(GLOBAL_HOUR, monthBefore, Duration.ofHours(1),
                List.of(new ReferenceCharts.Line(1, "an-older-track", 999)), monthBefore.plus(Duration.ofHours(3)));
        List<ArchivedChart> topic = new ArrayList<>(archives);
        topic.addFirst(older);

        ArchiveCheck.Result result = checkOf(topic).result();

        assertThat(result.passed()).isTrue();
        assertThat(result.archived()).isEqualTo(archives.size() + 1);
        assertThat(result.checked()).isEqualTo(archives.size());
    }

    @Test
    void anArchiveThatIsNotFinalOrUnreadableIsAMismatch() {
        ArchivedChart first = archives.getFirst();
        ArchiveCheck check = new ArchiveCheck(model, span);
        check.accept(first.key(), new ArchivedChart(first.chartId(), first.window(), first.scope(), first.version(), first.asOf(),
                first.windowStart(), first.windowEnd(), first.periodStart(), first.periodEnd(), false, first.entries()));
        check.unreadable("global/1h@2026-11-30T01:00:00Z", "not JSON");

        assertThat(check.result().mismatches()).isEqualTo(2);
        assertThat(check.result().examples()).anySatisfy(e -> assertThat(e).contains("final is false"))
                .anySatisfy(e -> assertThat(e).contains("not an archived chart"));
    }

    private static ArchivedChart withFirstEntryPlays(ArchivedChart chart, long plays) {
        List<ChartEntry> entries = new ArrayList<>(chart.entries());
        ChartEntry top = entries.getFirst();
        entries.set(0, new ChartEntry(top.rank(), top.trackId(), top.title(), top.artists(), top.drama(), plays, top.previousRank(),
                top.movement(), top.peakRank(), top.periodsOnChart()));
        return new ArchivedChart(chart.chartId(), chart.window(), chart.scope(), chart.version(), chart.asOf(), chart.windowStart(),
                chart.windowEnd(), chart.periodStart(), chart.periodEnd(), chart.isFinal(), entries);
    }
}
