package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Listeners, plays per listener and the concentration signal (CONTRACT section 3, "Listeners") through the whole
 * topology, wall-clock time advanced explicitly.
 */
class ListenerCountsTest {

    private static final Instant START = Instant.parse("2026-11-21T10:00:30Z");
    private static final Duration TICK = Duration.ofSeconds(1);

    private final AtomicInteger eventIds = new AtomicInteger();
    private final Map<String, ChartDocument> latest = new HashMap<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, PlayEvent> plays;
    private TestOutputTopic<String, ChartDocument> charts;
    private Instant now = START;

    @BeforeEach
    void start() {
        start(new ChartEngineConfig(100, TICK, TICK, ChartEngineConfig.DEFAULTS.periods()));
    }

    private void start(ChartEngineConfig config) {
        // In-memory stores: the driver commits after every record, and a persistent store syncs a file at each commit.
        driver = new TopologyTestDriver(ChartTopology.build(config, Stores::inMemoryKeyValueStore), ChartTopology.streamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "listener-counts-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/listener-counts-test-" + System.nanoTime())), START);
        plays = driver.createInputTopic(Topics.PLAYS.name(), Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer());
        charts = driver.createOutputTopic(Topics.CHARTS.name(), Topics.CHARTS.keySerde().deserializer(), Topics.CHARTS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aFewListenersAreCountedExactlyAcrossHoursAndTheirRepeatsRaisePlaysPerListener() {
        for (int hour = 0; hour < 3; hour++) {
            for (String listener : new String[] {"a", "b"}) {
                play(listener, "goblin", now.plusSeconds(60)); // counted: the first of the hour
                play(listener, "goblin", now.plusSeconds(120)); // a repeat in the same hour
            }
            advance(Duration.ofHours(1));
        }
        play("c", "goblin", now);

        ChartEntry entry = tick().get("global/24h").entries().getFirst();
        assertThat(entry.plays()).as("one play per listener, track and hour").isEqualTo(7);
        assertThat(entry.listeners()).as("three people").isEqualTo(3);
        assertThat(entry.playsPerListener()).as("(7 counted + 6 repeats) / 3").isEqualTo(4.33);
        assertThat(entry.concentrated()).as("below the 24h threshold of 6").isFalse();
        assertThat(tick().get("country/KR/24h")).as("unchanged: no new version").isNull();
    }

    @Test
    void manyListenersAreEstimatedWithinTheStatedErrorAcrossHours() {
        int people = 10_000;
        for (int hour = 0; hour < 2; hour++) {
            for (int i = 0; i < people; i++) {
                play("listener-" + i, "goblin", now);
            }
            advance(Duration.ofHours(1));
        }
        ChartEntry entry = tick().get("global/24h").entries().getFirst();
        assertThat(entry.plays()).isEqualTo(2L * people);
        assertThat((double) entry.listeners()).as("the same people in both hours")
                .isCloseTo(people, within(people * Audience.CHECKED_ERROR));
    }

    @Test
    void aWindowsListenersTakeEveryPlayCountedSinceTheTickBeforeHoweverMany() {
        play("a", "goblin", now);
        play("b", "goblin", now);
        assertThat(tick().get("global/24h").entries().getFirst().listeners()).as("the windows' sketches built").isEqualTo(2);

        for (int i = 0; i < 200; i++) { // fewer than a batch: they wait for the next tick
            play("few-" + i, "goblin", now);
        }
        assertThat(tick().get("global/24h").entries().getFirst().listeners()).as("exact below a few hundred").isEqualTo(202);

        int many = 5_000; // many batches between two ticks
        for (int i = 0; i < many; i++) {
            play("many-" + i, "goblin", now);
        }
        ChartEntry entry = tick().get("global/24h").entries().getFirst();
        assertThat(entry.plays()).isEqualTo(202L + many);
        assertThat((double) entry.listeners()).isCloseTo(202 + many, within((202 + many) * Audience.CHECKED_ERROR));
        assertThat(latest.get("global/1h").entries().getFirst().listeners()).as("every window takes them")
                .isEqualTo(entry.listeners());
    }

    @Test
    void aWindowStartingInsideAnHourApportionsThatHoursListenersByItsPlaysInside() {
        advance(Duration.ofMinutes(20)); // 10:20:30
        play("a", "goblin", START.plus(Duration.ofMinutes(10)));
        play("b", "goblin", START.plus(Duration.ofMinutes(20)));
        advance(Duration.ofMinutes(40)); // 11:00:30
        play("c", "goblin", now);

        advance(Duration.ofMinutes(15)); // the 1h window starts at 10:15: of 10:00's two plays, b's is inside
        ChartEntry entry = tick().get("global/1h").entries().getFirst();
        assertThat(entry.plays()).isEqualTo(2);
        assertThat(entry.listeners()).as("c, and half of 10:00's two listeners").isEqualTo(2);

        advance(Duration.ofMinutes(10)); // from 10:25: only c's play is inside
        entry = tick().get("global/1h").entries().getFirst();
        assertThat(entry.plays()).isEqualTo(1);
        assertThat(entry.listeners()).isEqualTo(1);
    }

    @Test
    void aStreamingPartyAndABotFarmAreMarkedConcentratedAndSteadyListeningIsNot() {
        for (int i = 0; i < 300; i++) {
            play("organic-" + i, "steady-song", now); // one play each
            for (int loop = 0; loop < 20; loop++) {
                play("fan-" + i, "party-song", now.plusSeconds(loop)); // a fan streaming party: each fan loops the song
            }
        }
        for (int bot = 0; bot < 5; bot++) {
            for (int loop = 0; loop < 200; loop++) {
                play("bot-" + bot, "farmed-song", now.plusSeconds(loop % 60));
            }
        }
        Map<String, ChartEntry> byTrack = new HashMap<>();
        tick().get("global/1h").entries().forEach(entry -> byTrack.put(entry.trackId(), entry));

        assertThat(byTrack.get("party-song").playsPerListener()).isEqualTo(20.0);
        assertThat(byTrack.get("party-song").concentrated()).isTrue();
        assertThat(byTrack.get("farmed-song").playsPerListener()).isEqualTo(200.0);
        assertThat(byTrack.get("farmed-song").concentrated()).isTrue();
        assertThat(byTrack.get("steady-song").playsPerListener()).isEqualTo(1.0);
        assertThat(byTrack.get("steady-song").concentrated()).isFalse();
        assertThat(byTrack.get("party-song").plays()).as("the plays still count, once per listener and hour").isEqualTo(300);
        assertThat(concentratedGauge()).as("operators see the flagged entries: two in each of the 15 charts (global, KR, "
                + "melon; five windows)").isEqualTo(30.0);
    }

    @Test
    void aDramasListenersCountSomeoneWhoPlayedTwoOfItsSongsOnce() {
        goblinsTwoSongs();
        TestOutputTopic<String, EntityChartDocument> entityCharts = driver.createOutputTopic(Topics.ENTITY_CHARTS.name(),
                Topics.ENTITY_CHARTS.keySerde().deserializer(), Topics.ENTITY_CHARTS.valueSerde().deserializer());
        play("a", "stay-with-me", now);
        play("a", "beautiful", now);
        play("b", "beautiful", now);
        play("b", "beautiful", now); // a repeat

        tick();
        Map<String, EntityChartDocument> latest = new HashMap<>();
        entityCharts.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        EntityChartDocument.EntityEntry goblin = latest.get("drama-charts/global/1h").entries().getFirst();
        assertThat(goblin.plays()).isEqualTo(3);
        assertThat(goblin.listeners()).as("a and b, a once for both songs").isEqualTo(2);
        assertThat(goblin.playsPerListener()).as("(3 counted + 1 repeat) / 2").isEqualTo(2.0);
        assertThat(goblin.concentrated()).isFalse();
        assertThat(latest.get("artist-charts/country/KR/24h").entries().getFirst().listeners()).isEqualTo(2);
    }

    @Test
    void aDramasListenersFollowItsPlaysWithinOneListenerPeriodAndANewDramasComeAtOnce() {
        driver.close();
        start(new ChartEngineConfig(100, TICK, TICK, ChartEngineConfig.DEFAULTS.periods()).withEntityListenersEvery(Duration.ofSeconds(10)));
        TestInputTopic<String, Track> tracks = goblinsTwoSongs();
        TestOutputTopic<String, EntityChartDocument> entityCharts = driver.createOutputTopic(Topics.ENTITY_CHARTS.name(),
                Topics.ENTITY_CHARTS.keySerde().deserializer(), Topics.ENTITY_CHARTS.valueSerde().deserializer());
        tracks.pipeInput("remember-me", new Track("remember-me", "Remember Me", List.of("Oh Hyuk"), "Hotel del Luna", 2019, null, 1), now);
        Map<String, EntityChartDocument.EntityEntry> dramas = new HashMap<>();
        Runnable read = () -> entityCharts.readKeyValuesToList().stream().filter(kv -> kv.key.equals("drama-charts/global/1h"))
                .forEach(kv -> kv.value.entries().forEach(entry -> dramas.put(entry.slug(), entry)));

        play("a", "stay-with-me", now); // 10:00:30, the start of a 10-second listener period
        play("b", "stay-with-me", now);
        tick();
        read.run();
        assertThat(dramas.get("goblin").listeners()).as("new on the partition: sketched at once").isEqualTo(2);

        play("c", "beautiful", now);
        play("d", "beautiful", now);
        play("e", "remember-me", now);
        tick(); // 10:00:34, the same period
        read.run();
        assertThat(dramas.get("goblin").plays()).as("plays every tick").isEqualTo(4);
        assertThat(dramas.get("goblin").listeners()).as("its sketches as of this period's first tick").isEqualTo(2);
        assertThat(dramas.get("hotel-del-luna").listeners()).as("a drama new on the partition: sketched at once").isEqualTo(1);

        advance(Duration.ofSeconds(5)); // 10:00:39
        tick(); // 10:00:41: the next period, and no new play
        read.run();
        assertThat(dramas.get("goblin").listeners()).as("sent again with its sketches").isEqualTo(4);
        assertThat(dramas.get("goblin").plays()).isEqualTo(4);
    }

    /** The catalog topic, Goblin's two songs (by Chanyeol) on it. */
    private TestInputTopic<String, Track> goblinsTwoSongs() {
        TestInputTopic<String, Track> tracks = driver.createInputTopic(Topics.TRACKS.name(), Topics.TRACKS.keySerde().serializer(),
                Topics.TRACKS.valueSerde().serializer());
        for (String song : List.of("stay-with-me", "beautiful")) {
            tracks.pipeInput(song, new Track(song, song, List.of("Chanyeol"), "Goblin", 2016, null, 1), now);
        }
        return tracks;
    }

    private double concentratedGauge() {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : driver.metrics().entrySet()) {
            if (metric.getKey().name().equals("entries-concentrated")) {
                sum += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    private void play(String listener, String track, Instant playedAt) {
        plays.pipeInput(track, new PlayEvent("e-" + eventIds.incrementAndGet(), track, listener, "melon", "KR", playedAt, 200_000), now);
    }

    private void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Two ticks, one per stage; the documents published meanwhile, by chart. */
    private Map<String, ChartDocument> tick() {
        advance(TICK);
        advance(TICK);
        latest.clear();
        charts.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return Map.copyOf(latest);
    }
}
