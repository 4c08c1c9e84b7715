package com.ostcharts.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chart history on a real broker: archived charts published on {@code ost.charts.archive.v1} (and drama and artist
 * charts on {@code ost.entity-charts.archive.v1}) are served by every history path of CONTRACT section 5 (period lists,
 * one period, {@code ?at}, a track's history, CSV), and every bad parameter is a 400 naming it, every period not
 * archived a 404.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArchiveIT {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    /** Twelve hours ago, on the hour: global/1h is archived for H0 .. H0+5h. */
    private static final Instant H0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(12));
    /** The UTC day before yesterday, archived for country/KR/day. */
    private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    /** The tracking week (from a Friday) two weeks ago, archived for platform/melon/week. */
    private static final Instant WEEK = Instant.ofEpochMilli(
            ChartWindow.WEEK.periodStart(Instant.now().minus(Duration.ofDays(14)).toEpochMilli(), Duration.ofDays(7)));
    /** Which tracks global/1h had in each archived hour: "hero" is absent in hours 1 and 4. */
    private static final List<List<String>> HOURS = List.of(
            List.of("hero", "a", "b"), List.of("a", "b"), List.of("b", "hero"), List.of("hero"), List.of("a"), List.of("a", "hero"));

    private static final List<ArchivedChart> HOURLY = new ArrayList<>();
    private static ArchivedChart korea;
    private static final List<ArchivedEntityChart> DRAMAS_HOURLY = new ArrayList<>();
    private static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        try (KafkaProducer<String, ArchivedChart> archive = ArchiveFixtures.producer(kafka.bootstrapServers())) {
            for (int h = 0; h < HOURS.size(); h++) {
                HOURLY.add(ArchiveFixtures.chart("global/1h", hour(h), h + 1, HOURS.get(h).toArray(String[]::new)));
            }
            HOURLY.forEach(chart -> ArchiveFixtures.publish(archive, chart));
            korea = ArchiveFixtures.chart("country/KR/24h", H0, 1, "known-track", "unknown-track", "third");
            ArchiveFixtures.publish(archive, korea,
                    ArchiveFixtures.chart("country/KR/day", DAY, 1, "daily"),
                    ArchiveFixtures.chart("platform/melon/week", WEEK, 1, "weekly"));
        }
        try (KafkaProducer<String, ArchivedEntityChart> archive = ArchiveFixtures.entityProducer(kafka.bootstrapServers())) {
            for (int h = 0; h < 3; h++) {
                DRAMAS_HOURLY.add(ArchiveFixtures.entityChart("drama-charts/global/1h", hour(h), h + 1, "goblin", "도깨비", "reply-1988"));
            }
            DRAMAS_HOURLY.forEach(chart -> ArchiveFixtures.publish(archive, chart));
            ArchiveFixtures.publish(archive, ArchiveFixtures.entityChart("artist-charts/country/KR/day", DAY, 1, "iu", "태연"));
        }
        try (KafkaProducer<String, ChartDocument> charts = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer())) {
            ChartDocument live = new ChartDocument("country/KR/24h", korea.window(), korea.scope(), 7, Instant.now(), Instant.now().minus(Duration.ofDays(1)),
                    Instant.now(), korea.entries());
            charts.send(new ProducerRecord<>(Topics.CHARTS.name(), live.chartId(), live)).get();
        }
        server = ArchiveFixtures.gateway(kafka.bootstrapServers(), null);
        await("the archive read").atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/charts/global/1h/periods").statusCode() == 200 && ArchiveFixtures.follower(server).lag() == 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aChartsPeriodsAreListedNewestFirstWithinFromAndToUpToTheLimitEachLinkingItsChart() throws Exception {
        JsonNode all = json(get("/api/v1/charts/global/1h/periods"));
        assertThat(all.get("chartId").asText()).isEqualTo("global/1h");
        assertThat(starts(all)).containsExactly(hour(5), hour(4), hour(3), hour(2), hour(1), hour(0));
        JsonNode first = all.get("periods").get(5);
        assertThat(first.get("periodEnd").asText()).isEqualTo(hour(1).toString());
        assertThat(first.get("final").asBoolean()).isTrue();
        assertThat(first.get("href").asText()).isEqualTo("/api/v1/charts/global/1h/periods/" + hour(0));
        assertThat(get(first.get("href").asText()).statusCode()).isEqualTo(200);

        assertThat(starts(json(get("/api/v1/charts/global/1h/periods?from=" + hour(1) + "&to=" + hour(4)))))
                .containsExactly(hour(3), hour(2), hour(1));
        assertThat(starts(json(get("/api/v1/charts/global/1h/periods?limit=2")))).containsExactly(hour(5), hour(4));
        // a period starting before from, though its window reaches into the range, is not listed
        assertThat(starts(json(get("/api/v1/charts/global/1h/periods?from=" + hour(5).minusSeconds(1))))).containsExactly(hour(5));
        assertThat(starts(json(get("/api/v1/charts/country/KR/day/periods")))).containsExactly(DAY);
        assertThat(starts(json(get("/api/v1/charts/platform/melon/week/periods")))).containsExactly(WEEK);
        // a chart with nothing archived has an empty list, not a 404: the range simply holds no period
        assertThat(json(get("/api/v1/charts/country/FR/1h/periods")).get("periods")).isEmpty();
    }

    @Test
    void onePeriodIsTheArchivedDocumentAsPublishedImmutableWithAStrongEtagAnd304() throws Exception {
        String path = "/api/v1/charts/global/1h/periods/" + hour(2);
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(ArchiveFixtures.json(HOURLY.get(2)));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[^\"]+\"");

        HttpResponse<String> notModified = get(path, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);

        HttpResponse<String> top1 = get(path + "?limit=1");
        assertThat(json(top1).get("entries")).hasSize(1);
        assertThat(json(top1).get("periodStart").asText()).isEqualTo(hour(2).toString());
        assertThat(top1.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        // another form of the same instant names the same period (a + in a path written %2B: Micronaut's router reads it as a space)
        String seoul = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(hour(2).atOffset(ZoneOffset.ofHours(9)));
        assertThat(get("/api/v1/charts/global/1h/periods/" + seoul.replace("+", "%2B")).statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/charts/global/1h?at=" + seoul)).get("periodStart").asText()).isEqualTo(hour(2).toString());
    }

    @Test
    void atServesTheArchivedChartOfThePeriodHoldingTheInstant() throws Exception {
        HttpResponse<String> hourly = get("/api/v1/charts/global/1h?at=" + hour(3).plus(Duration.ofMinutes(59)));
        assertThat(hourly.statusCode()).isEqualTo(200);
        assertThat(json(hourly).get("periodStart").asText()).isEqualTo(hour(3).toString());
        assertThat(json(hourly).get("final").asBoolean()).isTrue();
        assertThat(hourly.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(json(get("/api/v1/charts/country/KR/day?at=" + DAY.plus(Duration.ofHours(23)))).get("periodStart").asText())
                .isEqualTo(DAY.toString());
        // the tracking week runs Friday to Thursday: its last day still holds the instant
        assertThat(json(get("/api/v1/charts/platform/melon/week?at=" + WEEK.plus(Duration.ofDays(6).plusHours(23)))).get("periodStart").asText())
                .isEqualTo(WEEK.toString());
        assertThat(get("/api/v1/charts/platform/melon/week?at=" + WEEK.plus(Duration.ofDays(7))).statusCode()).isEqualTo(404);
    }

    @Test
    void aTracksHistoryHasEveryArchivedPeriodOldestFirstWithNullsWhereItWasNotOnTheChart() throws Exception {
        JsonNode history = json(get("/api/v1/tracks/hero/history?chart=global/1h&from=" + hour(0) + "&to=" + hour(6)));
        assertThat(history.get("trackId").asText()).isEqualTo("hero");
        assertThat(history.get("chartId").asText()).isEqualTo("global/1h");
        assertThat(history.get("from").asText()).isEqualTo(hour(0).toString());
        assertThat(history.get("to").asText()).isEqualTo(hour(6).toString());
        List<String> lines = new ArrayList<>();
        for (JsonNode period : history.get("periods")) {
            lines.add(period.get("periodStart").asText() + " " + period.get("periodEnd").asText() + " " + period.get("rank") + " " + period.get("plays"));
        }
        assertThat(lines).containsExactly(
                hour(0) + " " + hour(1) + " 1 100",
                hour(1) + " " + hour(2) + " null null",
                hour(2) + " " + hour(3) + " 2 99",
                hour(3) + " " + hour(4) + " 1 100",
                hour(4) + " " + hour(5) + " null null",
                hour(5) + " " + hour(6) + " 2 99");
        // by default the last 400 days up to now: the same six
        assertThat(json(get("/api/v1/tracks/hero/history?chart=global/1h")).get("periods")).hasSize(6);
        // a track never on the chart still gets the chart's periods, all null
        JsonNode stranger = json(get("/api/v1/tracks/stranger/history?chart=global/1h"));
        assertThat(stranger.get("periods")).hasSize(6).allSatisfy(p -> assertThat(p.get("rank").isNull()).isTrue());
    }

    @Test
    void anyChartLiveOrArchivedComesAsCsvWhenAskedWithItsOwnEtag() {
        String expected = "rank,track_id,artist_names,track_name,drama,peak_rank,previous_rank,periods_on_chart,plays\n"
                + "1,known-track,\"Chanyeol, Punch\",\"Stay With Me, \"\"Live\"\"\",Goblin,1,2,3,100\n"
                + "2,unknown-track,,,,2,,1,99\n"
                + "3,third,,,,3,,1,98\n";
        for (String path : List.of("/api/v1/charts/country/KR/24h", "/api/v1/charts/country/KR/24h/periods/" + H0,
                "/api/v1/charts/country/KR/24h?at=" + H0.plusSeconds(1))) {
            HttpResponse<String> csv = get(path, "Accept", "text/csv");
            assertThat(csv.statusCode()).as(path).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
            assertThat(csv.headers().firstValue("Vary")).as(path).hasValue("Accept");
            assertThat(csv.body()).as(path).isEqualTo(expected);
            String etag = csv.headers().firstValue("ETag").orElseThrow();
            assertThat(get(path).headers().firstValue("ETag")).as(path).isPresent().get().isNotEqualTo(etag);
            assertThat(get(path, "Accept", "text/csv", "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
            assertThat(get(path + (path.contains("?") ? "&" : "?") + "limit=1", "Accept", "text/csv").body().lines()).as(path).hasSize(2);
        }
    }

    @Test
    void dramaAndArtistChartsAreArchivedAndServedAsTrackChartsAre() throws Exception {
        JsonNode periods = json(get("/api/v1/drama-charts/global/1h/periods"));
        assertThat(periods.get("chartId").asText()).isEqualTo("drama-charts/global/1h");
        assertThat(starts(periods)).containsExactly(hour(2), hour(1), hour(0));
        String href = periods.get("periods").get(2).get("href").asText();
        assertThat(href).isEqualTo("/api/v1/drama-charts/global/1h/periods/" + hour(0));
        HttpResponse<String> period = get(href);
        assertThat(period.statusCode()).isEqualTo(200);
        assertThat(period.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(ArchiveFixtures.json(DRAMAS_HOURLY.getFirst()));
        assertThat(period.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        String etag = period.headers().firstValue("ETag").orElseThrow();
        assertThat(get(href, "If-None-Match", etag).statusCode()).isEqualTo(304);
        JsonNode top1 = json(get(href + "?limit=1"));
        assertThat(top1.get("entries")).hasSize(1);
        assertThat(top1.get("entries").get(0).get("slug").asText()).isEqualTo("goblin");
        assertThat(top1.get("entries").get(0).get("topTracks").get(0).get("trackId").asText()).isEqualTo("goblin-song");

        JsonNode at = json(get("/api/v1/drama-charts/global/1h?at=" + hour(1).plus(Duration.ofMinutes(30))));
        assertThat(at.get("periodStart").asText()).isEqualTo(hour(1).toString());
        assertThat(at.get("final").asBoolean()).isTrue();
        assertThat(starts(json(get("/api/v1/artist-charts/country/KR/day/periods")))).containsExactly(DAY);
        assertThat(json(get("/api/v1/artist-charts/country/KR/day/periods/" + DAY)).get("entries").get(1).get("slug").asText()).isEqualTo("태연");
        assertThat(json(get("/api/v1/artist-charts/global/day/periods")).get("periods")).isEmpty();
    }

    @Test
    void everyBadParameterIsA400ProblemNamingIt() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/v1/charts/global/1h/periods?from=yesterday", "from");
        cases.put("/api/v1/charts/global/1h/periods?to=2026-13-01T00:00:00Z", "to");
        cases.put("/api/v1/charts/global/1h/periods?from=" + hour(5) + "&to=" + hour(1), "from");
        cases.put("/api/v1/charts/global/1h/periods?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        cases.put("/api/v1/charts/global/1h/periods?limit=0", "limit");
        cases.put("/api/v1/charts/global/1h/periods?limit=1001", "limit");
        cases.put("/api/v1/charts/global/2h/periods", "window");
        cases.put("/api/v1/charts/country/kr/1h/periods", "country");
        cases.put("/api/v1/charts/platform/Melon/week/periods", "platform");
        cases.put("/api/v1/charts/global/1h/periods/not-a-time", "periodStart");
        cases.put("/api/v1/charts/global/1h/periods/" + hour(0).plus(Duration.ofMinutes(30)), "periodStart");
        cases.put("/api/v1/charts/global/1h/periods/" + hour(0).plusMillis(1), "periodStart");
        cases.put("/api/v1/charts/country/KR/day/periods/" + DAY.plus(Duration.ofHours(1)), "periodStart");
        cases.put("/api/v1/charts/platform/melon/week/periods/" + WEEK.plus(Duration.ofDays(3)), "periodStart");
        cases.put("/api/v1/charts/global/1h/periods/" + hour(0) + "?limit=101", "limit");
        cases.put("/api/v1/charts/global/1h/periods/" + hour(0) + "x/2h", null); // not a path of the API: 404
        cases.put("/api/v1/charts/global/1h?at=noon", "at");
        cases.put("/api/v1/charts/global/1h?at=", "at");
        cases.put("/api/v1/tracks/hero/history", "chart");
        cases.put("/api/v1/tracks/hero/history?chart=global/2h", "chart");
        cases.put("/api/v1/tracks/hero/history?chart=global/1h&from=x", "from");
        cases.put("/api/v1/tracks/hero/history?chart=global/1h&to=" + hour(0) + "&from=" + hour(1), "from");
        cases.put("/api/v1/tracks/Hero_1/history?chart=global/1h", "trackId");
        cases.put("/api/v1/drama-charts/global/1h/periods?limit=0", "limit");
        cases.put("/api/v1/artist-charts/country/kr/day/periods", "country");
        cases.put("/api/v1/drama-charts/global/1h/periods/not-a-time", "periodStart");
        cases.put("/api/v1/artist-charts/platform/melon/day/periods/" + DAY.plus(Duration.ofHours(1)), "periodStart");
        cases.put("/api/v1/drama-charts/global/1h?at=noon", "at");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = get(bad.getKey());
            assertThat(response.headers().firstValue("Content-Type")).as(bad.getKey()).hasValue("application/problem+json");
            if (bad.getValue() == null) {
                assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(404);
                continue;
            }
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(json(response).get("detail").asText()).as(bad.getKey()).startsWith(bad.getValue() + ":");
        }
    }

    @Test
    void aWellFormedPeriodThatIsNotArchivedIsA404Problem() throws Exception {
        for (String path : List.of("/api/v1/charts/global/1h/periods/" + hour(7), "/api/v1/charts/country/FR/week/periods/" + WEEK,
                "/api/v1/charts/global/24h/periods/" + hour(1), "/api/v1/charts/global/1h?at=" + hour(8), "/api/v1/charts/country/FR/1h?at=" + hour(0),
                "/api/v1/drama-charts/global/1h/periods/" + hour(3), "/api/v1/artist-charts/global/1h?at=" + hour(0))) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(json(response).get("detail").asText()).as(path).contains("no archived chart");
        }
    }

    private static List<Instant> starts(JsonNode periods) {
        List<Instant> starts = new ArrayList<>();
        periods.get("periods").forEach(p -> starts.add(Instant.parse(p.get("periodStart").asText())));
        return starts;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static Instant hour(int h) {
        return H0.plus(Duration.ofHours(h));
    }

    private static HttpResponse<String> get(String path, String... headers) {
        return ArchiveFixtures.get(server, path, headers);
    }
}
