package com.ostcharts.load;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.ReferenceCharts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier's judgement on a small seeded case: 500 plays, served by a stand-in for the gateway. */
class VerifierTest {

    /** Mid-day, so the seconds-old plays fall inside the same calendar day and week as now. */
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final List<PlayEvent> PLAYS = plays();

    private static List<PlayEvent> plays() {
        PlayFactory factory = new PlayFactory(TrackCatalog.trackIds(20), 0.8, 200, new Random(3));
        return IntStream.range(0, 500).mapToObj(i -> factory.next(NOW)).toList();
    }

    private static ReferenceCharts model(List<PlayEvent> plays) {
        ReferenceCharts model = new ReferenceCharts();
        plays.forEach(play -> model.offer(play, NOW));
        return model;
    }

    /** A gateway serving the charts of {@code plays}, computed as of now. */
    private static Verifier.ChartSource gatewayServing(List<PlayEvent> plays) {
        ReferenceCharts served = model(plays);
        return chart -> new Verifier.Served(200, NOW, served.chart(chart, NOW, Verifier.CHART_SIZE));
    }

    private static Set<String> ids(List<PlayEvent> plays) {
        return plays.stream().map(PlayEvent::eventId).collect(Collectors.toSet());
    }

    @Test
    void chartsThatMatchTheReferenceAndNothingLostPass() throws Exception {
        Verifier.Result result = Verifier.judge(model(PLAYS), ids(PLAYS), ids(PLAYS), gatewayServing(PLAYS), Duration.ZERO);

        assertThat(result.passed()).as("%s", result).isTrue();
        assertThat(result.acknowledged()).isEqualTo(500);
        assertThat(result.charts()).as("global, and each country and platform that had a play, in every window")
                .isGreaterThan(ChartWindow.values().length).isEqualTo(result.charts() / ChartWindow.values().length * ChartWindow.values().length);
        assertThat(result.mismatches()).isZero();
        assertThat(result.lost()).isZero();
    }

    @Test
    void aPlayMissingFromTheTopicIsReportedLostAndItsChartsAsMismatches() throws Exception {
        PlayEvent missing = PLAYS.get(0);
        List<PlayEvent> topic = PLAYS.subList(1, PLAYS.size());

        // Acknowledged by ingest, but not on the topic: lost. The gateway counted the topic, so its charts lack it.
        Verifier.Result lost = Verifier.judge(model(topic), ids(topic), ids(PLAYS), gatewayServing(topic), Duration.ZERO);
        assertThat(lost.passed()).isFalse();
        assertThat(lost.lost()).isEqualTo(1);

        // On the topic, but the gateway's charts miss it: every chart of its scopes differs, and says where.
        Verifier.Result mismatched = Verifier.judge(model(PLAYS), ids(PLAYS), ids(PLAYS), gatewayServing(topic), Duration.ZERO);
        assertThat(mismatched.passed()).isFalse();
        assertThat(mismatched.lost()).isZero();
        assertThat(mismatched.mismatches()).as("global, its country's and its platform's charts, each in every window (1h, 24h, 7d, day, week)")
                .isEqualTo(3 * ChartWindow.values().length);
        assertThat(mismatched.examples()).isNotEmpty().allSatisfy(example -> assertThat(example).contains("expected").contains("but served"));
        assertThat(String.join("\n", mismatched.examples())).contains(missing.trackId());
    }

    /** As {@link #gatewayServing}, each entry with the contract's listener figures, its listeners {@code off} by as many. */
    private static Verifier.ChartSource gatewayServingAudiences(List<PlayEvent> plays, long off) {
        ReferenceCharts served = model(plays);
        return chart -> {
            List<ReferenceCharts.Line> lines = served.chart(chart, NOW, Verifier.CHART_SIZE);
            double threshold = Audience.DEFAULT_CONCENTRATION.get(chart.window());
            List<Verifier.ServedAudience> audiences = lines.stream().map(line -> {
                Audience exact = served.audience(chart, line.trackId(), NOW);
                Audience shown = new Audience(exact.listeners() + off, exact.repeats());
                return new Verifier.ServedAudience(line.trackId(), line.plays(), shown.listeners(),
                        Audience.playsPerListener(line.plays(), shown), Audience.concentrated(line.plays(), shown, threshold));
            }).toList();
            return new Verifier.Served(200, NOW, lines, audiences);
        };
    }

    @Test
    void aStreamingPartysLoopedTrackIsMarkedConcentratedAndSteadyTrafficIsNot() throws Exception {
        List<String> tracks = TrackCatalog.trackIds(20);
        PlayFactory party = new PlayFactory(tracks, 0.8, 100_000, Scenario.STREAMING_PARTY, new Random(5));
        List<PlayEvent> partyPlays = IntStream.range(0, 6_000).mapToObj(i -> party.next(NOW)).toList();
        Verifier.Result partyResult = Verifier.judge(model(partyPlays), ids(partyPlays), ids(partyPlays),
                gatewayServingAudiences(partyPlays, 0), Duration.ZERO);
        assertThat(partyResult.passed()).as("%s", partyResult).isTrue();
        assertThat(partyResult.concentrated()).containsExactlyElementsOf(Scenario.STREAMING_PARTY.looped(tracks));
        assertThat(Scenario.STREAMING_PARTY.signalProblem(tracks, partyResult)).isNull();

        PlayFactory steady = new PlayFactory(tracks, 0.8, 100_000, Scenario.STEADY, new Random(5));
        List<PlayEvent> steadyPlays = IntStream.range(0, 3_000).mapToObj(i -> steady.next(NOW)).toList();
        Verifier.Result steadyResult = Verifier.judge(model(steadyPlays), ids(steadyPlays), ids(steadyPlays),
                gatewayServingAudiences(steadyPlays, 0), Duration.ZERO);
        assertThat(steadyResult.flagged()).isZero();
        assertThat(Scenario.STEADY.signalProblem(tracks, steadyResult)).isNull();
        assertThat(Scenario.STREAMING_PARTY.signalProblem(tracks, steadyResult)).as("a party run whose track was not marked")
                .contains("marked concentrated on no chart");
        assertThat(Scenario.STEADY.signalProblem(tracks, partyResult)).as("steady traffic marked").contains("steady traffic marked");
    }

    @Test
    void listenersFurtherFromTheExactCountThanTheSketchsErrorAreAMismatch() throws Exception {
        Verifier.Result off = Verifier.judge(model(PLAYS), ids(PLAYS), ids(PLAYS), gatewayServingAudiences(PLAYS, 2), Duration.ZERO);
        assertThat(off.passed()).isFalse();
        assertThat(off.examples().getFirst()).contains("listeners");

        Verifier.Result rounding = Verifier.judge(model(PLAYS), ids(PLAYS), ids(PLAYS), gatewayServingAudiences(PLAYS, 1), Duration.ZERO);
        assertThat(rounding.passed()).as("one off is the first hour's rounding: %s", rounding).isTrue();
    }

    @Test
    void aGatewayErrorIsAMismatchAndA404IsAnEmptyChart() throws Exception {
        Set<String> none = new HashSet<>();
        Verifier.Result failing = Verifier.judge(model(PLAYS), ids(PLAYS), none, chart -> new Verifier.Served(503, NOW, List.of()), Duration.ZERO);
        assertThat(failing.mismatches()).isEqualTo(failing.charts());
        assertThat(failing.examples().getFirst()).contains("gateway answered 503");

        Verifier.Result empty = Verifier.judge(model(List.of()), none, none, chart -> new Verifier.Served(404, NOW, List.of()), Duration.ZERO);
        assertThat(empty.passed()).isTrue();
    }
}
