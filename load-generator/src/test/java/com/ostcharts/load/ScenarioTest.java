package com.ostcharts.load;

import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What each scenario's traffic looks like, over 10,000 seeded plays: the shares its README row promises. */
class ScenarioTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final List<String> TRACKS = TrackCatalog.trackIds(1000);
    private static final int PLAYS = 10_000;

    private static List<PlayEvent> plays(Scenario scenario, double progress) {
        PlayFactory factory = new PlayFactory(TRACKS, 0.8, 100_000, scenario, new Random(42));
        return IntStream.range(0, PLAYS).mapToObj(i -> factory.next(NOW, progress)).toList();
    }

    private static double share(List<PlayEvent> plays, Predicate<PlayEvent> which) {
        return plays.stream().filter(which).count() / (double) plays.size();
    }

    @Test
    void steadyFollowsZipfOverTheCatalogWithEveryPlayCountable() {
        List<PlayEvent> plays = plays(Scenario.STEADY, 0.5);
        Map<String, Long> perTrack = plays.stream().collect(Collectors.groupingBy(PlayEvent::trackId, Collectors.counting()));
        assertThat(perTrack.get(TRACKS.get(0))).as("rank 1 is the most played").isGreaterThan(perTrack.getOrDefault(TRACKS.get(9), 0L) * 3);
        assertThat(share(plays, p -> p.msPlayed() >= 30_000)).isEqualTo(1.0);
        assertThat(share(plays, p -> Duration.between(p.playedAt(), NOW).toSeconds() < 60)).as("played within the last minute").isEqualTo(1.0);
        assertThat(plays.stream().map(PlayEvent::listenerId).distinct().count()).as("many listeners").isGreaterThan(9_000);
    }

    @Test
    void releaseSpikeIsAbsentBeforeAThirdOfTheRunAndClimbsToAThirdOfAllPlays() {
        assertThat(share(plays(Scenario.RELEASE_SPIKE, 0.3), p -> p.trackId().equals(PlayFactory.NEW_RELEASE))).isZero();
        assertThat(share(plays(Scenario.RELEASE_SPIKE, 0.5), p -> p.trackId().equals(PlayFactory.NEW_RELEASE))).isCloseTo(1.0 / 6, within(0.02));
        assertThat(share(plays(Scenario.RELEASE_SPIKE, 1.0), p -> p.trackId().equals(PlayFactory.NEW_RELEASE))).isCloseTo(1.0 / 3, within(0.02));
    }

    @Test
    void streamingPartyIsThreeHundredFansLoopingOneTrack() {
        List<PlayEvent> plays = plays(Scenario.STREAMING_PARTY, 0.5);
        List<PlayEvent> party = plays.stream().filter(p -> p.trackId().equals(TRACKS.get(7))
                && Integer.parseInt(p.listenerId().substring("listener-".length())) < 300).toList();
        assertThat(party.size() / (double) PLAYS).isCloseTo(0.5, within(0.03));
        assertThat(party.stream().map(PlayEvent::listenerId).distinct().count()).isLessThanOrEqualTo(300);
    }

    @Test
    void botFarmIsTwoHundredAccountsOverThreeTracks() {
        List<PlayEvent> bots = plays(Scenario.BOT_FARM, 0.5).stream().filter(p -> p.listenerId().startsWith("listener--")).toList();
        assertThat(bots.size() / (double) PLAYS).isCloseTo(0.5, within(0.03));
        assertThat(bots.stream().map(PlayEvent::listenerId).distinct().count()).isEqualTo(Scenario.BOT_ACCOUNTS);
        assertThat(bots.stream().map(PlayEvent::trackId).distinct().toList()).containsExactlyInAnyOrderElementsOf(TRACKS.subList(997, 1000));
    }

    @Test
    void skipsAreFortyPercentUnderThirtySeconds() {
        assertThat(share(plays(Scenario.SKIPS, 0.5), p -> p.msPlayed() < 30_000)).isCloseTo(0.4, within(0.03));
    }

    @Test
    void lateIsTwentyPercentWithinTheBoundAndTwentyPercentBeyondIt() {
        List<PlayEvent> plays = plays(Scenario.LATE, 0.5);
        Function<PlayEvent, Duration> late = p -> Duration.between(p.playedAt(), NOW);
        assertThat(share(plays, p -> late.apply(p).toMinutes() >= 30 && late.apply(p).toMinutes() < 100)).isCloseTo(0.2, within(0.02));
        assertThat(share(plays, p -> late.apply(p).compareTo(Duration.ofHours(2)) > 0)).isCloseTo(0.2, within(0.02));
    }

    @Test
    void resendsSendOneBatchInFiveTwiceAndNoOtherScenarioResends() {
        assertThat(IntStream.range(0, 100).filter(Scenario.RESENDS::resends).count()).isEqualTo(20);
        for (Scenario scenario : Scenario.values()) {
            if (scenario != Scenario.RESENDS) {
                assertThat(IntStream.range(0, 100).noneMatch(scenario::resends)).as(scenario.label()).isTrue();
            }
        }
    }

    @Test
    void malformedBreaksOneEventInTwentyAndOnlyThen() {
        PlayFactory malformed = new PlayFactory(TRACKS, 0.8, 1000, Scenario.MALFORMED, new Random(42));
        long broken = lines(malformed, PLAYS).stream().filter(ScenarioTest::breaksARule).count();
        assertThat(broken / (double) PLAYS).isCloseTo(0.05, within(0.01));

        PlayFactory steady = new PlayFactory(TRACKS, 0.8, 1000, Scenario.STEADY, new Random(42));
        assertThat(lines(steady, 1000)).noneMatch(ScenarioTest::breaksARule);
    }

    @Test
    void aBodyIsOneLineOfTheContractsJsonPerPlayEachEndedByANewline() throws Exception {
        PlayFactory steady = new PlayFactory(TRACKS, 0.8, 1000, Scenario.STEADY, new Random(7));
        List<PlayEvent> plays = IntStream.range(0, 50).mapToObj(i -> steady.next(NOW)).toList();
        StringBuilder expected = new StringBuilder();
        for (PlayEvent play : plays) {
            expected.append(Json.MAPPER.writeValueAsString(play)).append('\n');
        }
        assertThat(new String(steady.body(plays), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    /** {@code count} plays as the body a run sends, split into its lines. */
    private static List<String> lines(PlayFactory plays, int count) {
        List<PlayEvent> batch = IntStream.range(0, count).mapToObj(i -> plays.next(NOW)).toList();
        return new String(plays.body(batch), StandardCharsets.UTF_8).lines().toList();
    }

    /** The four ways the malformed scenario breaks an event. */
    private static boolean breaksARule(String json) {
        return json.contains("\"msPlayed\":\"") || json.contains("\"country\":\"XX\"") || !json.contains("\"trackId\"")
                || json.contains("\"playedAt\":\"yesterday\"");
    }

    @Test
    void theSameSeedGivesTheSameTraffic() {
        List<String> first = plays(Scenario.STEADY, 0.5).stream().map(p -> p.trackId() + p.listenerId()).toList();
        List<String> second = plays(Scenario.STEADY, 0.5).stream().map(p -> p.trackId() + p.listenerId()).toList();
        assertThat(first).isEqualTo(second);
    }
}
