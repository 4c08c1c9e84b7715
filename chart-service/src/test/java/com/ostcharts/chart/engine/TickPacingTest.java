package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ticks stretch when the charts' work takes more than its share of a stream thread, shrink back when it no longer
 * does, and the charts stay exact either way. The work's cost comes from a clock the test drives.
 */
class TickPacingTest {

    private static final Duration INTERVAL = Duration.ofMillis(250);
    private static final Instant START = Instant.parse("2026-11-21T10:15:00Z");

    /** Each reading is {@code cost} later than the one before: every measured piece of work took {@code cost}. */
    private static final class WorkClock {
        final AtomicLong nanos = new AtomicLong();
        volatile long cost;

        long read() {
            return nanos.addAndGet(cost);
        }
    }

    private final WorkClock clock = new WorkClock();
    /** Input read this far behind the wall clock: past {@link TickPacer#LIVE_LAG_MS}, the thread is not keeping up. */
    private static final Duration FALLING_BEHIND = Duration.ofMillis(1_500);
    private static final Duration LIVE = Duration.ofMillis(200);

    private TickPacer pacer(double share, int maxStretch) {
        return new TickPacer(new ChartEngineConfig.Pacing(share, maxStretch, clock::read));
    }

    /** Punctuates {@code schedule} every 250 ms for {@code seconds}, each run costing the clock's cost; returns how many ran. */
    private int tick(TickPacer.Schedule schedule, long[] now, int seconds) {
        return tickBehind(schedule, now, seconds, null);
    }

    @Test
    void workAboveItsShareStretchesTheIntervalUpToTheBoundAndShrinksBackWhenItIsCheapAgain() {
        TickPacer pacer = pacer(0.3, 8);
        TickPacer.Schedule schedule = pacer.schedule(INTERVAL);
        long[] now = {0};

        clock.cost = Duration.ofMillis(1_000).toNanos(); // even one tick in 2 s would be half the thread
        assertThat(tickBehind(schedule, now, 1, FALLING_BEHIND)).as("the first second runs every tick").isEqualTo(4);
        tickBehind(schedule, now, 20, FALLING_BEHIND);
        assertThat(pacer.stretch()).as("as far as it may go").isEqualTo(8.0);
        assertThat(tickBehind(schedule, now, 10, FALLING_BEHIND)).as("a tick every 2 s").isBetween(5, 6);

        clock.cost = Duration.ofMillis(1).toNanos();
        tickBehind(schedule, now, 10, FALLING_BEHIND);
        assertThat(pacer.stretch()).isEqualTo(1.0);
        assertThat(tick(schedule, now, 5)).as("every tick again").isEqualTo(20);
    }

    @Test
    void aStretchSettlesWhereTheWorkTakesItsShare() {
        TickPacer pacer = pacer(0.3, 8);
        TickPacer.Schedule schedule = pacer.schedule(INTERVAL);
        long[] now = {0};
        clock.cost = Duration.ofMillis(150).toNanos(); // at every tick 60 %: every second tick is 30 %
        tickBehind(schedule, now, 30, FALLING_BEHIND);
        assertThat(tickBehind(schedule, now, 10, FALLING_BEHIND)).as("between every second and every third tick").isBetween(13, 20);
    }

    @Test
    void aThreadReadingLiveInputKeepsItsIntervalsWhateverTheShareAndShrinksBackOnceLiveAgain() {
        TickPacer pacer = pacer(0.3, 8);
        TickPacer.Schedule schedule = pacer.schedule(INTERVAL);
        long[] now = {0};
        clock.cost = Duration.ofMillis(150).toNanos(); // 60 % of the thread: above its share, but the plays are read live
        assertThat(tickBehind(schedule, now, 10, LIVE)).as("reading within a second of the wall clock: every tick").isEqualTo(40);
        assertThat(pacer.stretch()).isEqualTo(1.0);

        tickBehind(schedule, now, 5, FALLING_BEHIND);
        assertThat(pacer.stretch()).as("behind by a second and a half: stretched").isGreaterThanOrEqualTo(2.0);
        tickBehind(schedule, now, 10, LIVE);
        assertThat(pacer.stretch()).as("live again for 10 s, the work as dear as before: back to the configured intervals").isEqualTo(1.0);
    }

    /** As {@link #tick}, the task reading, before each punctuation, a record {@code behind} older than the wall clock (if given). */
    private int tickBehind(TickPacer.Schedule schedule, long[] now, int seconds, Duration behind) {
        int[] ran = {0};
        for (int i = 0; i < seconds * 4; i++) {
            now[0] += INTERVAL.toMillis();
            if (behind != null) {
                schedule.read(now[0] - behind.toMillis());
            }
            schedule.runIfDue(now[0], () -> ran[0]++);
        }
        return ran[0];
    }

    @Test
    void behindItsInputTheChartWorkWaitsAQuarterOfTheLagAtMostTenSecondsAndResumesOnceCaughtUp() {
        TickPacer pacer = pacer(0.3, 8);
        TickPacer.Schedule schedule = pacer.schedule(INTERVAL);
        long[] now = {0};
        clock.cost = Duration.ofMillis(1).toNanos(); // cheap: its share alone never stretches it

        assertThat(tickBehind(schedule, now, 5, Duration.ofMillis(800))).as("live: under a second behind").isEqualTo(20);
        tickBehind(schedule, now, 2, Duration.ofSeconds(20));
        assertThat(tickBehind(schedule, now, 20, Duration.ofSeconds(20))).as("20 s behind: every 5 s").isBetween(4, 5);
        assertThat(schedule.stretch()).isEqualTo(20.0);
        tickBehind(schedule, now, 10, Duration.ofMinutes(10));
        assertThat(tickBehind(schedule, now, 30, Duration.ofMinutes(10))).as("10 min behind: every 10 s, not every 150 s").isBetween(3, 4);

        tickBehind(schedule, now, 2, Duration.ofMillis(100));
        assertThat(tickBehind(schedule, now, 5, Duration.ofMillis(100))).as("caught up: every tick within two seconds").isEqualTo(20);
        assertThat(tickBehind(schedule, now, 2, Duration.ofMinutes(1)) + tick(schedule, now, 3))
                .as("a task that reads nothing is not behind: once it stops reading, every tick again").isGreaterThanOrEqualTo(8);
        assertThat(tick(schedule, now, 5)).isEqualTo(20);
    }

    @Test
    void eachTaskWaitsForItsOwnBacklogOnly() {
        TickPacer pacer = pacer(0.3, 8);
        TickPacer.Schedule caughtUp = pacer.schedule(INTERVAL);
        TickPacer.Schedule behind = pacer.schedule(INTERVAL);
        clock.cost = Duration.ofMillis(1).toNanos();
        long[] now = {0};
        int[] ran = {0, 0};
        for (int i = 0; i < 80; i++) { // 20 s, both tasks of one thread punctuating every 250 ms
            now[0] += INTERVAL.toMillis();
            behind.read(now[0] - 40_000);
            behind.runIfDue(now[0], () -> ran[0]++);
            caughtUp.read(now[0]);
            caughtUp.runIfDue(now[0], () -> ran[1]++);
        }
        assertThat(ran[0]).as("40 s behind: every 10 s").isBetween(2, 3);
        assertThat(ran[1]).as("a stage-2 task reading fresh partials publishes them at once").isEqualTo(80);
    }

    @Test
    void offNeverStretches() {
        TickPacer pacer = new TickPacer(ChartEngineConfig.Pacing.OFF);
        TickPacer.Schedule schedule = pacer.schedule(INTERVAL);
        long[] now = {0};
        clock.cost = Duration.ofMillis(400).toNanos();
        assertThat(tick(schedule, now, 10)).isEqualTo(40);
        assertThat(tickBehind(schedule, now, 10, Duration.ofMinutes(5))).as("nor waits behind its input").isEqualTo(40);
        assertThat(pacer.stretch()).isEqualTo(1.0);
    }

    @Test
    void eachStreamThreadHasItsOwnBudget() throws Exception {
        TickPacer pacer = pacer(0.3, 8);
        TickPacer.Schedule schedule = pacer.schedule(INTERVAL);
        clock.cost = Duration.ofMillis(200).toNanos();
        tickBehind(schedule, new long[]{0}, 10, FALLING_BEHIND);
        assertThat(pacer.stretch()).isGreaterThan(1.0);
        assertThat(CompletableFuture.supplyAsync(pacer::stretch).get()).as("another thread's tasks did no work").isEqualTo(1.0);
    }

    @Test
    void readingABacklogTheChartsWaitForItAndAreExactOnceCaughtUp() {
        clock.cost = Duration.ofMillis(1).toNanos(); // cheap work: only the backlog spaces the charts out
        try (Driven driven = drive("backlog")) {
            TopologyTestDriver driver = driven.driver();
            TestInputTopic<String, PlayEvent> plays = driven.plays();
            TestOutputTopic<String, ChartDocument> charts = driven.charts();
            Instant now = START;
            int sent = 0;
            for (int i = 0; i < 120; i++) { // 30 s of a backlog: each play read arrived 2 minutes before it is read
                Instant arrived = now.minus(Duration.ofMinutes(2));
                plays.pipeInput("stay-with-me", new PlayEvent("e-" + i, "stay-with-me", "listener-" + i, "melon", "KR", arrived, 200_000), arrived);
                sent++;
                now = now.plus(INTERVAL);
                driver.advanceWallClockTime(INTERVAL);
            }
            List<ChartDocument> behind = charts.readValuesToList().stream().filter(c -> c.chartId().equals("global/1h")).toList();
            assertThat(behind.size()).as("versions of global/1h in 30 s, 2 min behind: every 10 s, against 120 live").isBetween(3, 4);

            for (int i = 0; i < 8; i++) { // caught up: the plays read now are fresh
                plays.pipeInput("stay-with-me", new PlayEvent("f-" + i, "stay-with-me", "fresh-" + i, "melon", "KR", now, 200_000), now);
                sent++;
                now = now.plus(INTERVAL);
                driver.advanceWallClockTime(INTERVAL);
            }
            driver.advanceWallClockTime(INTERVAL); // the last play's partial, then its chart
            driver.advanceWallClockTime(INTERVAL);
            int expected = sent;
            assertThat(charts.readValuesToList().stream().filter(c -> c.chartId().equals("global/1h")).toList())
                    .as("within two seconds of catching up, the chart holds every play")
                    .last().satisfies(chart -> assertThat(chart.entries().getFirst().plays()).isEqualTo(expected));
        }
    }

    /** The topology at 250-ms intervals, paced with a share of 0.3 up to 8 times, the work's cost from the test's clock. */
    private record Driven(TopologyTestDriver driver, TestInputTopic<String, PlayEvent> plays, TestOutputTopic<String, ChartDocument> charts)
            implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
        }
    }

    private Driven drive(String name) {
        ChartEngineConfig config = new ChartEngineConfig(3, INTERVAL, INTERVAL, ChartEngineConfig.DEFAULTS.periods())
                .withPacing(new ChartEngineConfig.Pacing(0.3, 8, clock::read));
        Map<String, Object> props = Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "tick-pacing-" + name,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/tick-pacing-" + name + "-" + System.nanoTime());
        TopologyTestDriver driver = new TopologyTestDriver(ChartTopology.build(config), ChartTopology.streamsConfig(props), START);
        return new Driven(driver, driver.createInputTopic(Topics.PLAYS.name(), Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer()),
                driver.createOutputTopic(Topics.CHARTS.name(), Topics.CHARTS.keySerde().deserializer(), Topics.CHARTS.valueSerde().deserializer()));
    }

    @Test
    void underLoadTheChartsUpdateLessOftenAndStayExact() {
        clock.cost = Duration.ofMillis(200).toNanos(); // each chart work takes most of a tick
        try (Driven driven = drive("load")) {
            TopologyTestDriver driver = driven.driver();
            TestInputTopic<String, PlayEvent> plays = driven.plays();
            TestOutputTopic<String, ChartDocument> charts = driven.charts();
            Instant now = START;
            int sent = 0;
            for (int i = 0; i < 120; i++) { // 30 s, a play every tick, each read 1.5 s after it arrived: counting behind
                Instant arrived = now.minus(FALLING_BEHIND);
                plays.pipeInput("stay-with-me", new PlayEvent("e-" + i, "stay-with-me", "listener-" + i, "melon", "KR", arrived, 200_000), arrived);
                sent++;
                now = now.plus(INTERVAL);
                driver.advanceWallClockTime(INTERVAL);
            }
            List<ChartDocument> loaded = charts.readValuesToList().stream().filter(c -> c.chartId().equals("global/1h")).toList();
            assertThat(loaded.size()).as("versions of global/1h in 30 s, against 120 at fixed intervals").isLessThan(40);

            clock.cost = 0; // the load is over: the charts' work costs nothing
            for (int i = 0; i < 40; i++) {
                driver.advanceWallClockTime(INTERVAL);
            }
            List<ChartDocument> after = charts.readValuesToList().stream().filter(c -> c.chartId().equals("global/1h")).toList();
            ChartDocument latest = after.isEmpty() ? loaded.getLast() : after.getLast();
            assertThat(latest.entries().getFirst().plays()).as("every play counted").isEqualTo(sent);

            now = now.plus(INTERVAL.multipliedBy(40)); // the wall clock moved on
            plays.pipeInput("stay-with-me", new PlayEvent("e-last", "stay-with-me", "listener-last", "melon", "KR", now, 200_000), now);
            driver.advanceWallClockTime(INTERVAL);
            driver.advanceWallClockTime(INTERVAL);
            int expected = sent + 1;
            assertThat(charts.readValuesToList().stream().filter(c -> c.chartId().equals("global/1h")).toList())
                    .as("back to fixed intervals: a play is on the chart two ticks later")
                    .last().satisfies(chart -> assertThat(chart.entries().getFirst().plays()).isEqualTo(expected));
        }
    }
}
