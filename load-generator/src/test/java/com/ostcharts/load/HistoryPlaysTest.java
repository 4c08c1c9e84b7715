package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The backfill of {@code run --history-days}: 20,000 seeded plays over the 3 days before a fixed now. */
class HistoryPlaysTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:34:56.789Z");
    private static final int DAYS = 3;
    private static final int PLAYS = 20_000;

    private static List<HistoryPlays.Timed> backfill(Scenario scenario) {
        PlayFactory factory = new PlayFactory(TrackCatalog.trackIds(1000), 0.8, 100_000, scenario, new Random(42));
        HistoryPlays history = new HistoryPlays(factory, NOW, DAYS, PLAYS, new Random(43));
        List<HistoryPlays.Timed> all = new ArrayList<>();
        while (history.hasNext()) {
            all.addAll(history.next(1000));
        }
        return all;
    }

    @Test
    void writesExactlyTheAskedNumberSpreadEvenlyFromTheFirstDayUpToNow() {
        List<HistoryPlays.Timed> plays = backfill(Scenario.STEADY);

        assertThat(plays).hasSize(PLAYS);
        assertThat(plays.getFirst().arrival()).isEqualTo(NOW.minus(Duration.ofDays(DAYS)));
        assertThat(plays.getLast().arrival()).isBefore(NOW).isAfter(NOW.minusSeconds(60));
        Map<Long, Long> perDay = plays.stream().collect(Collectors.groupingBy(
                p -> Duration.between(NOW.minus(Duration.ofDays(DAYS)), p.arrival()).toDays(), Collectors.counting()));
        assertThat(perDay).containsOnlyKeys(0L, 1L, 2L);
        perDay.values().forEach(count -> assertThat(count.doubleValue()).isCloseTo(PLAYS / (double) DAYS, within(2.0)));
    }

    @Test
    void recordTimestampsNeverGoBackwardsSoStreamTimePassesEachPeriodInTurn() {
        List<HistoryPlays.Timed> plays = backfill(Scenario.STEADY);

        for (int i = 1; i < plays.size(); i++) {
            assertThat(plays.get(i).arrival()).as("play %d", i).isAfterOrEqualTo(plays.get(i - 1).arrival());
        }
    }

    @Test
    void everyPlayArrivesWithinAMinuteOfItsPlayedAtSoWellInsideTheTwoHourBound() {
        List<HistoryPlays.Timed> plays = backfill(Scenario.STEADY);

        Set<String> seen = new HashSet<>();
        assertThat(plays).allSatisfy(p -> {
            Duration delay = Duration.between(p.play().playedAt(), p.arrival());
            if (seen.add(p.play().eventId())) {
                assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(59));
            } else {
                assertThat(delay).as("a resent event, a moment after the first").isBetween(Duration.ZERO, Duration.ofMinutes(2));
            }
        });
    }

    @Test
    void theLateScenarioStillShapesArrivalsOnTheBackfill() {
        List<HistoryPlays.Timed> plays = backfill(Scenario.LATE);

        long beyondTheBound = plays.stream().filter(p -> Duration.between(p.play().playedAt(), p.arrival()).compareTo(Duration.ofHours(2)) > 0).count();
        assertThat(beyondTheBound / (double) PLAYS).as("a fifth of the scenario's plays arrive over 2 hours late").isCloseTo(0.2, within(0.03));
    }

    @Test
    void shortPlaysRepeatedListenerHoursAndResentEventsAreMixedInSoTheRulesAreExercised() {
        List<HistoryPlays.Timed> plays = backfill(Scenario.STEADY);

        long shortPlays = plays.stream().filter(p -> p.play().msPlayed() < 30_000).count();
        assertThat(shortPlays / (double) PLAYS).as("skipped before 30 s").isCloseTo(0.05, within(0.01));

        Set<String> eventIds = new HashSet<>();
        long resent = plays.stream().filter(p -> !eventIds.add(p.play().eventId())).count();
        assertThat(resent / (double) PLAYS).as("the same event again").isCloseTo(0.01, within(0.005));

        long sameListenerTrackAndHour = 0;
        for (int i = 1; i < plays.size(); i++) {
            PlayEvent before = plays.get(i - 1).play();
            PlayEvent play = plays.get(i).play();
            if (!play.eventId().equals(before.eventId()) && play.listenerId().equals(before.listenerId())
                    && play.trackId().equals(before.trackId()) && hour(play) == hour(before)) {
                sameListenerTrackAndHour++;
            }
        }
        assertThat(sameListenerTrackAndHour / (double) PLAYS).as("another play of the listener's track in the same hour: not counted")
                .isCloseTo(0.05, within(0.01));
    }

    @Test
    void moreThanThirtyDaysOrNoPlaysIsRefused() {
        PlayFactory factory = new PlayFactory(TrackCatalog.trackIds(10), 0.8, 10, new Random(1));
        assertThatThrownBy(() -> new HistoryPlays(factory, NOW, 31, 10, new Random(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryPlays(factory, NOW, 1, 0, new Random(1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static long hour(PlayEvent play) {
        return Math.floorDiv(play.playedAt().getEpochSecond(), 3600);
    }
}
