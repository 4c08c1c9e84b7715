package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's second baseline counts what the contract counts, so comparing the engine with it is fair. */
class BareRulesTest {

    private static final Instant HOUR = Instant.parse("2026-12-03T10:00:00Z");

    private TopologyTestDriver driver;
    private int events;

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void theRulesBaselineCountsOnePlayPerListenerTrackAndHourAndDropsShortAndLatePlays() {
        TestInputTopic<String, PlayEvent> plays = start(true);
        play(plays, "ana", 200_000, HOUR.plusSeconds(60), HOUR.plusSeconds(61)); // counted
        play(plays, "ana", 200_000, HOUR.plusSeconds(120), HOUR.plusSeconds(121)); // the same hour: a repeat
        play(plays, "bo", 20_000, HOUR.plusSeconds(60), HOUR.plusSeconds(61)); // under 30 s
        play(plays, "cy", 200_000, HOUR.plusSeconds(60), HOUR.plus(Duration.ofHours(3))); // past the 2-h bound
        play(plays, "ana", 200_000, HOUR.plus(Duration.ofMinutes(61)), HOUR.plus(Duration.ofMinutes(62))); // the next hour

        assertThat(count()).isEqualTo(2);
    }

    @Test
    void theBareCountCountsEveryRecord() {
        TestInputTopic<String, PlayEvent> plays = start(false);
        play(plays, "ana", 200_000, HOUR, HOUR);
        play(plays, "ana", 20_000, HOUR, HOUR);

        assertThat(count()).isEqualTo(2);
    }

    private TestInputTopic<String, PlayEvent> start(boolean dedupe) {
        Properties props = new Properties();
        props.putAll(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "bare-rules-test", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/bare-rules-test-" + System.nanoTime()));
        driver = new TopologyTestDriver(BenchTools.BareCount.topology(dedupe), props);
        return driver.createInputTopic(Topics.PLAYS.name(), Serdes.String().serializer(), Topics.PLAYS.valueSerde().serializer());
    }

    private void play(TestInputTopic<String, PlayEvent> plays, String listener, long msPlayed, Instant playedAt, Instant arrival) {
        plays.pipeInput("goblin-ost", new PlayEvent("e-" + ++events, "goblin-ost", listener, "melon", "KR", playedAt, msPlayed), arrival);
    }

    private long count() {
        KeyValueStore<String, Long> counts = driver.getKeyValueStore("bare-counts");
        return counts.get("goblin-ost");
    }
}
