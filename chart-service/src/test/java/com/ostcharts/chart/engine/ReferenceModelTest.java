package com.ostcharts.chart.engine;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.ReferenceCharts;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random plays over eleven simulated days, fed to the topology and to a brute-force model of the
 * contract; at every check, every chart the model knows must equal the engine's, entry by entry. The mix covers
 * short plays, late arrivals, plays from the near future, resends, listeners repeating within the hour, ties,
 * top-N cut-offs (N = 5 over 30 tracks) and scores falling as plays leave each window. Every archived chart too (each
 * window's periods, as the archive clock passes them) must equal the model's chart of its window, and be archived once.
 * A catalog gives most tracks a drama and one or two artists (some share them, a few tracks stay unknown) and changes
 * now and then (a track moved to another drama, a credit added or removed), so the drama and artist charts, live and
 * archived (with their listeners), are compared too, each against the catalog as it stood.
 */
class ReferenceModelTest {

    private static final int PLAYS = Integer.getInteger("reference.plays", 12_000);
    private static final int CHART_SIZE = 5;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final String[] COUNTRIES = {"KR", "US", "JP", "PH"};
    private static final String[] PLATFORMS = {"melon", "spotify", "youtube-music"};
    private static final String[] DRAMAS = {"Goblin", "도깨비", "Crash Landing on You", "Hotel del Luna", "Reply 1988"};
    private static final String[] ARTISTS = {"IU", "Gaho", "Chanyeol", "Punch", "태연", "Crush", "Baek Ye-rin"};

    @Test
    void everyChartEqualsTheReferenceModelEntryByEntry() throws Exception {
        long seed = Long.getLong("reference.seed", 20261121L);
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-01T00:00:10Z");
        Properties props = ChartTopology.streamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "reference-model-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("reference-model").toString()));
        // Dramas' and artists' sketches at the production cadence: each check follows a jump of over a minute, whose first
        // tick starts a new listener period, so every figure compared is as fresh as the contract promises.
        ChartEngineConfig config = new ChartEngineConfig(CHART_SIZE, TICK, TICK, ChartEngineConfig.DEFAULTS.periods())
                .withEntityListenersEvery(ChartEngineConfig.DEFAULTS.entityListenersEvery());

        try (TopologyTestDriver driver = new TopologyTestDriver(ChartTopology.build(config, Stores::inMemoryKeyValueStore), props, start)) {
            TestInputTopic<String, PlayEvent> plays = driver.createInputTopic(Topics.PLAYS.name(),
                    Topics.PLAYS.keySerde().serializer(), Topics.PLAYS.valueSerde().serializer());
            TestInputTopic<String, Track> tracks = driver.createInputTopic(Topics.TRACKS.name(),
                    Topics.TRACKS.keySerde().serializer(), Topics.TRACKS.valueSerde().serializer());
            TestOutputTopic<String, ChartDocument> charts = driver.createOutputTopic(Topics.CHARTS.name(),
                    Topics.CHARTS.keySerde().deserializer(), Topics.CHARTS.valueSerde().deserializer());
            TestOutputTopic<String, EntityChartDocument> entityCharts = driver.createOutputTopic(Topics.ENTITY_CHARTS.name(),
                    Topics.ENTITY_CHARTS.keySerde().deserializer(), Topics.ENTITY_CHARTS.valueSerde().deserializer());
            Map<String, EntityChartDocument> publishedEntities = new HashMap<>();
            int entityRankings = 0;
            TestOutputTopic<String, ArchivedChart> archive = driver.createOutputTopic(Topics.CHARTS_ARCHIVE.name(),
                    Topics.CHARTS_ARCHIVE.keySerde().deserializer(), Topics.CHARTS_ARCHIVE.valueSerde().deserializer());
            TestOutputTopic<String, ArchivedEntityChart> entityArchive = driver.createOutputTopic(Topics.ENTITY_CHARTS_ARCHIVE.name(),
                    Topics.ENTITY_CHARTS_ARCHIVE.keySerde().deserializer(), Topics.ENTITY_CHARTS_ARCHIVE.valueSerde().deserializer());
            ReferenceCharts model = new ReferenceCharts();
            for (int t = 0; t < 27; t++) { // 27 of the 30 tracks: the three least played stay unknown to the catalog
                Track track = randomTrack(random, (char) ('a' + t));
                tracks.pipeInput(track.trackId(), track, start);
                model.learn(track.trackId(), track);
            }
            Map<String, ArchivedChart> archived = new HashMap<>();
            Map<ChartWindow, Integer> globalPeriods = new EnumMap<>(ChartWindow.class);
            int archivedEntries = 0;
            int archivedEntityEntries = 0;
            Map<ChartWindow, Integer> globalDramaPeriods = new EnumMap<>(ChartWindow.class);
            int entityEntries = 0;
            int catalogChanges = 0;
            Map<String, ChartDocument> published = new HashMap<>();
            List<PlayEvent> sent = new ArrayList<>();
            Instant now = start;
            int checks = 0;
            int comparedEntries = 0;
            int heardEntries = 0;

            for (int step = 0; sent.size() < PLAYS; step++) {
                Duration gap = Duration.ofSeconds(1 + random.nextInt(600));
                driver.advanceWallClockTime(gap);
                now = now.plus(gap);
                int burst = random.nextInt(7);
                for (int i = 0; i < burst; i++) {
                    PlayEvent play = sent.isEmpty() || random.nextInt(10) > 0 ? randomPlay(random, now, sent.size()) : resend(random, sent);
                    sent.add(play);
                    plays.pipeInput(play.trackId(), play, now);
                    model.offer(play, now);
                }
                if (step % 25 == 24) {
                    // Compare in the middle of a minute, so stage 1's tick and stage 2's publish see the same minute.
                    Duration toSecondTen = Duration.ofSeconds(Math.floorMod(10 - now.getEpochSecond() % 60, 60) + 60);
                    driver.advanceWallClockTime(toSecondTen);
                    now = now.plus(toSecondTen);
                    for (int tick = 0; tick < 2; tick++) {
                        driver.advanceWallClockTime(TICK);
                        now = now.plus(TICK);
                    }
                    charts.readKeyValuesToList().forEach(kv -> published.put(kv.key, kv.value));
                    for (ChartId chart : model.charts()) {
                        List<ReferenceCharts.Line> expected = model.chart(chart, now, CHART_SIZE);
                        ChartDocument document = published.get(chart.value());
                        List<ReferenceCharts.Line> actual = document == null ? List.of() : document.entries().stream()
                                .map(e -> new ReferenceCharts.Line(e.rank(), e.trackId(), e.plays())).toList();
                        assertThat(actual).as("%s at %s (seed %d, check %d)", chart, now, seed, checks).isEqualTo(expected);
                        for (ChartEntry entry : document == null ? List.<ChartEntry>of() : document.entries()) {
                            assertThat(ReferenceCharts.audienceDifference(entry.plays(), entry.listeners(), entry.playsPerListener(),
                                    entry.concentrated(), model.audience(chart, entry.trackId(), now), config.concentratedAt().get(chart.window())))
                                    .as("%s %s at %s (seed %d, check %d)", chart, entry.trackId(), now, seed, checks).isNull();
                            heardEntries += entry.listeners() != null && entry.listeners() < entry.plays() ? 1 : 0;
                        }
                        comparedEntries += expected.size();
                        entityEntries += chart.scope().isEntity() ? expected.size() : 0;
                    }
                    entityCharts.readKeyValuesToList().forEach(kv -> publishedEntities.put(kv.key, kv.value));
                    for (EntityChartId chart : model.entityCharts()) {
                        List<ReferenceCharts.EntityLine> expected = model.entityChart(chart, now, CHART_SIZE);
                        EntityChartDocument document = publishedEntities.get(chart.value());
                        List<ReferenceCharts.EntityLine> actual = document == null ? List.of() : document.entries().stream()
                                .map(e -> new ReferenceCharts.EntityLine(e.rank(), e.slug(), e.plays(), topLines(e.topTracks()))).toList();
                        assertThat(actual).as("%s at %s (seed %d, check %d)", chart, now, seed, checks).isEqualTo(expected);
                        for (EntityChartDocument.EntityEntry entry : document == null ? List.<EntityChartDocument.EntityEntry>of() : document.entries()) {
                            assertThat(ReferenceCharts.audienceDifference(entry.plays(), entry.listeners(), entry.playsPerListener(),
                                    entry.concentrated(), model.entityAudience(chart, entry.slug(), now), config.concentratedAt().get(chart.window())))
                                    .as("%s %s at %s (seed %d, check %d)", chart, entry.slug(), now, seed, checks).isNull();
                        }
                        entityRankings += expected.size();
                    }
                    // archived since the last check, all with the catalog as it has stood since then
                    for (ArchivedChart chart : archive.readValuesToList()) {
                        assertThat(archived.put(chart.key(), chart)).as("%s archived once", chart.key()).isNull();
                        List<ReferenceCharts.Line> expected = model.archived(ChartId.parse(chart.chartId()).orElseThrow(), chart.periodEnd(), CHART_SIZE);
                        assertThat(chart.entries().stream().map(e -> new ReferenceCharts.Line(e.rank(), e.trackId(), e.plays())).toList())
                                .as("%s (seed %d)", chart.key(), seed).isEqualTo(expected);
                        ChartId chartId = ChartId.parse(chart.chartId()).orElseThrow();
                        for (ChartEntry entry : chart.entries()) {
                            assertThat(ReferenceCharts.audienceDifference(entry.plays(), entry.listeners(), entry.playsPerListener(),
                                    entry.concentrated(), model.archivedAudience(chartId, entry.trackId(), chart.periodEnd()),
                                    config.concentratedAt().get(chart.window()))).as("%s %s (seed %d)", chart.key(), entry.trackId(), seed).isNull();
                        }
                        assertThat(chart.isFinal()).isTrue();
                        archivedEntries += expected.size();
                        if (chart.chartId().startsWith("global/")) {
                            globalPeriods.merge(chart.window(), 1, Integer::sum);
                        }
                    }
                    for (ArchivedEntityChart chart : entityArchive.readValuesToList()) {
                        assertThat(archived.put(chart.key(), null)).as("%s archived once", chart.key()).isNull();
                        assertThat(archived).containsKey(chart.key());
                        EntityChartId chartId = EntityChartId.parse(chart.chartId()).orElseThrow();
                        List<ReferenceCharts.EntityLine> expected = model.archivedEntityChart(chartId, chart.periodEnd(), CHART_SIZE);
                        assertThat(chart.entries().stream().map(e -> new ReferenceCharts.EntityLine(e.rank(), e.slug(), e.plays(),
                                topLines(e.topTracks()))).toList()).as("%s (seed %d)", chart.key(), seed).isEqualTo(expected);
                        for (EntityChartDocument.EntityEntry entry : chart.entries()) {
                            assertThat(ReferenceCharts.audienceDifference(entry.plays(), entry.listeners(), entry.playsPerListener(),
                                    entry.concentrated(), model.archivedEntityAudience(chartId, entry.slug(), chart.periodEnd()),
                                    config.concentratedAt().get(chart.window()))).as("%s %s (seed %d)", chart.key(), entry.slug(), seed).isNull();
                        }
                        assertThat(chart.isFinal()).isTrue();
                        archivedEntityEntries += expected.size();
                        if (chart.chartId().startsWith("drama-charts/global/")) {
                            globalDramaPeriods.merge(chart.window(), 1, Integer::sum);
                        }
                    }
                    checks++;
                    if (checks % 8 == 0) {
                        Track changed = randomTrack(random, (char) ('a' + random.nextInt(27)));
                        tracks.pipeInput(changed.trackId(), changed, now);
                        model.learn(changed.trackId(), changed);
                        catalogChanges++;
                    }
                }
            }
            // Eleven days: every hour's 1h and 24h chart, every day's 7d and day chart, and the weeks, less the last 2 hours.
            assertThat(globalPeriods.get(ChartWindow.ONE_HOUR)).isGreaterThan(250);
            assertThat(globalPeriods.get(ChartWindow.ONE_DAY)).isGreaterThan(250);
            assertThat(globalPeriods.get(ChartWindow.DAY)).isGreaterThanOrEqualTo(10);
            assertThat(globalPeriods.get(ChartWindow.SEVEN_DAYS)).isGreaterThanOrEqualTo(10);
            assertThat(globalPeriods.get(ChartWindow.WEEK)).isGreaterThanOrEqualTo(1);
            assertThat(archivedEntries).as("the archive compared real entries").isGreaterThan(10_000);
            assertThat(globalDramaPeriods).as("drama charts archived as often as track charts").isEqualTo(globalPeriods);
            assertThat(archivedEntityEntries).as("the drama and artist archive compared real entries").isGreaterThan(5_000);
            assertThat(checks).isGreaterThan(100);
            assertThat(entityEntries).as("drama and artist charts compared real entries").isGreaterThan(5_000);
            assertThat(catalogChanges).isGreaterThan(10);
            assertThat(entityRankings).as("drama and artist rankings compared real entries").isGreaterThan(5_000);
            assertThat(comparedEntries).as("the checks compared real entries, not only empty charts").isGreaterThan(10_000);
            assertThat(heardEntries).as("entries with fewer listeners than plays: listeners across hours compared").isGreaterThan(1_000);
            assertThat(Duration.between(start, now)).as("the run crossed the 7-day window").isGreaterThan(Duration.ofDays(8));
        }
    }

    private static PlayEvent randomPlay(Random random, Instant now, int n) {
        String listener = "h1:listener-" + random.nextInt(60);
        String track = "track-" + (char) ('a' + Math.min(random.nextInt(30), random.nextInt(30))); // skewed popularity
        // Most plays are fresh; some arrive late (a few beyond the 2-hour bound), some come from up to 2 minutes ahead.
        long lagSeconds = switch (random.nextInt(10)) {
            case 0 -> random.nextInt(3 * 3600);
            case 1 -> -random.nextInt(121);
            default -> random.nextInt(300);
        };
        long msPlayed = random.nextInt(8) == 0 ? random.nextInt(30_000) : 30_000 + random.nextInt(200_000);
        return new PlayEvent("e-" + n, track, listener, PLATFORMS[random.nextInt(PLATFORMS.length)],
                COUNTRIES[random.nextInt(COUNTRIES.length)], now.minusSeconds(lagSeconds), msPlayed);
    }

    private static List<ReferenceCharts.Line> topLines(List<EntityChartDocument.TopTrack> tracks) {
        List<ReferenceCharts.Line> lines = new ArrayList<>();
        for (EntityChartDocument.TopTrack track : tracks) {
            lines.add(new ReferenceCharts.Line(lines.size() + 1, track.trackId(), track.plays()));
        }
        return lines;
    }

    /** A track's metadata: one of a few dramas, one or two of a few artists (so tracks share both). */
    private static Track randomTrack(Random random, char letter) {
        List<String> artists = new ArrayList<>(List.of(ARTISTS[random.nextInt(ARTISTS.length)]));
        if (random.nextInt(3) == 0) {
            artists.add(ARTISTS[random.nextInt(ARTISTS.length)]);
        }
        return new Track("track-" + letter, "Song " + letter, artists, DRAMAS[random.nextInt(DRAMAS.length)], 2020, null, 1);
    }

    private static PlayEvent resend(Random random, List<PlayEvent> sent) {
        return sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 50)));
    }
}
