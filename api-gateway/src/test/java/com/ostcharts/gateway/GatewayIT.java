package com.ostcharts.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway on a real broker: it serves what is on ost.charts.v1, with ETags, 304s, SSE and problem+json. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GatewayIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static KafkaProducer<String, ChartDocument> producer;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        kafka.createContractTopics(TopicLayout.LOCAL);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer());
        publish(document("country/KR/24h", ChartScope.country("KR"), ChartWindow.ONE_DAY, 1, "before-start"));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", kafka.bootstrapServers()));
        await("gateway ready").atMost(Duration.ofSeconds(30)).until(() -> get("/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void chartsPublishedBeforeStartAreServedOnceReadyAndListed() throws Exception {
        HttpResponse<String> response = get("/api/v1/charts/country/KR/24h");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).get("entries").get(0).get("trackId").asText()).isEqualTo("before-start");

        JsonNode listed = null;
        for (JsonNode chart : Json.MAPPER.readTree(get("/api/v1/charts").body()).get("charts")) {
            if (chart.get("chartId").asText().equals("country/KR/24h")) {
                listed = chart;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("scope").toString()).isEqualTo("{\"type\":\"country\",\"code\":\"KR\"}");
        assertThat(listed.get("window").asText()).isEqualTo("24h");
        assertThat(listed.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anyOriginMayGetButNotWithCredentials() throws Exception {
        HttpResponse<String> response = get("/api/v1/charts/global/1h", "Origin", "https://dashboard.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dashboard.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void aNewVersionChangesTheEtagAndAnUnchangedOneAnswers304() throws Exception {
        publish(document("platform/melon/1h", ChartScope.platform("melon"), ChartWindow.ONE_HOUR, 1, "first"));
        HttpResponse<String> first = awaitVersion("/api/v1/charts/platform/melon/1h", 1);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age"));

        assertThat(get("/api/v1/charts/platform/melon/1h", "If-None-Match", etag).statusCode()).isEqualTo(304);

        publish(document("platform/melon/1h", ChartScope.platform("melon"), ChartWindow.ONE_HOUR, 2, "second"));
        HttpResponse<String> second = awaitVersion("/api/v1/charts/platform/melon/1h", 2);
        assertThat(second.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(get("/api/v1/charts/platform/melon/1h", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void limitCutsTheEntriesAndHasItsOwnEtag() throws Exception {
        publish(document("country/US/7d", ChartScope.country("US"), ChartWindow.SEVEN_DAYS, 1, "a", "b", "c"));
        HttpResponse<String> full = awaitVersion("/api/v1/charts/country/US/7d", 1);
        HttpResponse<String> two = get("/api/v1/charts/country/US/7d?limit=2");
        assertThat(Json.MAPPER.readTree(two.body()).get("entries")).hasSize(2);
        assertThat(two.headers().firstValue("ETag")).isNotEqualTo(full.headers().firstValue("ETag"));
        assertThat(get("/api/v1/charts/country/US/7d?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/charts/country/US/7d?limit=101").statusCode()).isEqualTo(400);
    }

    @Test
    void aTombstoneRemovesTheChart() throws Exception {
        publish(document("platform/flo/1h", ChartScope.platform("flo"), ChartWindow.ONE_HOUR, 1, "x"));
        awaitVersion("/api/v1/charts/platform/flo/1h", 1);
        producer.send(new ProducerRecord<>(Topics.CHARTS.name(), "platform/flo/1h", null)).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/charts/platform/flo/1h").statusCode() == 404);
    }

    @Test
    void listenersOnTheStreamGetTheCurrentVersionThenEachNewOne() throws Exception {
        publish(document("country/JP/1h", ChartScope.country("JP"), ChartWindow.ONE_HOUR, 1, "one"));
        awaitVersion("/api/v1/charts/country/JP/1h", 1);
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/charts/country/JP/1h/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(nextChartEvent(events).get("version").asLong()).isEqualTo(1);
            publish(document("country/JP/1h", ChartScope.country("JP"), ChartWindow.ONE_HOUR, 2, "two"));
            JsonNode second = nextChartEvent(events);
            assertThat(second.get("version").asLong()).isEqualTo(2);
            assertThat(second.get("entries").get(0).get("trackId").asText()).isEqualTo("two");
        }
    }

    @Test
    void theGlobalChartAlwaysExistsAndOthersAre404UntilTheyHaveAPlay() throws Exception {
        assertThat(get("/api/v1/charts/global/7d").statusCode()).isEqualTo(200);
        HttpResponse<String> missing = get("/api/v1/charts/country/FR/1h");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theCalendarWindowsDayAndWeekAreChartsLikeTheOthersTheirGlobalOnesAlwaysListed() throws Exception {
        for (String window : List.of("day", "week")) {
            HttpResponse<String> global = get("/api/v1/charts/global/" + window);
            assertThat(global.statusCode()).as(window).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(global.body()).get("window").asText()).isEqualTo(window);
        }
        publish(document("country/KR/week", ChartScope.country("KR"), ChartWindow.WEEK, 4, "weekly"));
        assertThat(Json.MAPPER.readTree(awaitVersion("/api/v1/charts/country/KR/week", 4).body()).get("entries").get(0).get("trackId").asText())
                .isEqualTo("weekly");
        List<String> listed = new ArrayList<>();
        Json.MAPPER.readTree(get("/api/v1/charts").body()).get("charts").forEach(chart -> listed.add(chart.get("chartId").asText()));
        assertThat(listed).contains("global/1h", "global/24h", "global/7d", "global/day", "global/week", "country/KR/week")
                .isSorted();
        assertThat(get("/api/v1/charts/country/FR/day").statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(get("/api/v1/charts/global/month").body()).get("detail").asText())
                .isEqualTo("window: must be 1h, 24h, 7d, day or week, not month");
    }

    @Test
    void aDramasAndAnArtistsTrackChartsAreServedByTheirSlugsHangulIncludedAndBadSlugsAre400() throws Exception {
        publish(document("drama/도깨비/24h", ChartScope.drama("도깨비"), ChartWindow.ONE_DAY, 3, "stay-with-me", "beautiful"));
        publish(document("artist/iu/7d", ChartScope.artist("iu"), ChartWindow.SEVEN_DAYS, 1, "through-the-night"));
        String drama = "/api/v1/charts/drama/%EB%8F%84%EA%B9%A8%EB%B9%84/24h";
        JsonNode served = Json.MAPPER.readTree(awaitVersion(drama, 3).body());
        assertThat(served.get("chartId").asText()).isEqualTo("drama/도깨비/24h");
        assertThat(served.get("scope").get("type").asText()).isEqualTo("drama");
        assertThat(served.get("scope").get("slug").asText()).isEqualTo("도깨비");
        assertThat(served.get("entries").get(1).get("trackId").asText()).isEqualTo("beautiful");
        String etag = get(drama).headers().firstValue("ETag").orElseThrow();
        assertThat(get(drama, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(awaitVersion("/api/v1/charts/artist/iu/7d", 1).statusCode()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        Json.MAPPER.readTree(get("/api/v1/charts").body()).get("charts").forEach(chart -> listed.add(chart.get("chartId").asText()));
        assertThat(listed).contains("drama/도깨비/24h", "artist/iu/7d");

        assertThat(get("/api/v1/charts/artist/taeyeon/7d").statusCode()).as("no counted play yet").isEqualTo(404);
        for (String path : List.of("/api/v1/charts/artist/IU/7d", "/api/v1/charts/drama/goblin-/1h", "/api/v1/charts/drama/a--b/1h",
                "/api/v1/charts/artist/a%20b/1h", "/api/v1/charts/drama/%EB%8F%84%EA%B9%A8%EB%B9%84/2h")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            String detail = Json.MAPPER.readTree(response.body()).get("detail").asText();
            assertThat(detail).as(path).startsWith(path.endsWith("2h") ? "window:" : path.contains("/artist/") ? "artist:" : "drama:");
        }
    }

    @Test
    void dramaAndArtistChartsAreServedListedAndStreamedAsTrackChartsAre() throws Exception {
        try (KafkaProducer<String, EntityChartDocument> entities = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), Topics.ENTITY_CHARTS.keySerde().serializer(), Topics.ENTITY_CHARTS.valueSerde().serializer())) {
            entities.send(new ProducerRecord<>(Topics.ENTITY_CHARTS.name(), "drama-charts/country/KR/24h", dramas(1, "goblin", "crash-landing-on-you"))).get();
            HttpResponse<String> served = awaitVersion("/api/v1/drama-charts/country/KR/24h", 1);
            JsonNode first = Json.MAPPER.readTree(served.body()).get("entries").get(0);
            assertThat(first.get("slug").asText()).isEqualTo("goblin");
            assertThat(first.get("topTracks").get(0).get("trackId").asText()).isEqualTo("goblin-song");
            String etag = served.headers().firstValue("ETag").orElseThrow();
            assertThat(get("/api/v1/drama-charts/country/KR/24h", "If-None-Match", etag).statusCode()).isEqualTo(304);
            assertThat(Json.MAPPER.readTree(get("/api/v1/drama-charts/country/KR/24h?limit=1").body()).get("entries")).hasSize(1);
            List<String> listed = new ArrayList<>();
            Json.MAPPER.readTree(get("/api/v1/charts").body()).get("charts")
                    .forEach(chart -> listed.add(chart.get("chartId").asText() + " " + chart.get("kind").asText()));
            assertThat(listed).contains("drama-charts/country/KR/24h dramas", "global/24h tracks");

            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/drama-charts/country/KR/24h/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(nextChartEvent(events).get("version").asLong()).isEqualTo(1);
                entities.send(new ProducerRecord<>(Topics.ENTITY_CHARTS.name(), "drama-charts/country/KR/24h", dramas(2, "crash-landing-on-you"))).get();
                JsonNode second = nextChartEvent(events);
                assertThat(second.get("version").asLong()).isEqualTo(2);
                assertThat(second.get("entries").get(0).get("slug").asText()).isEqualTo("crash-landing-on-you");
            }
        }
        assertThat(get("/api/v1/artist-charts/global/24h").statusCode()).as("no play yet").isEqualTo(404);
        assertThat(get("/api/v1/artist-charts/country/XX/24h").statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(get("/api/v1/drama-charts/global/2h").body()).get("detail").asText()).startsWith("window:");
    }

    private static EntityChartDocument dramas(long version, String... slugs) {
        Instant now = Instant.now();
        List<EntityChartDocument.EntityEntry> entries = new ArrayList<>();
        for (String slug : slugs) {
            entries.add(new EntityChartDocument.EntityEntry(entries.size() + 1, slug, slug, 10 - entries.size(),
                    List.of(new EntityChartDocument.TopTrack(slug.split("-")[0] + "-song", "Song", 10 - entries.size())), null, Movement.NEW, 1, 1));
        }
        return new EntityChartDocument("drama-charts/country/KR/24h", ChartWindow.ONE_DAY, ChartScope.country("KR"), version, now,
                now.minus(ChartWindow.ONE_DAY.length()), now, entries);
    }

    @Test
    void malformedPathsAre400AndOtherMethodsAreRefusedWithProblemJson() throws Exception {
        for (String path : List.of("/api/v1/charts/global/2h", "/api/v1/charts/country/kr/1h", "/api/v1/charts/country/XX/1h",
                "/api/v1/charts/platform/Spotify/1h", "/api/v1/charts/platform/a_b/24h")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            JsonNode problem = Json.MAPPER.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("detail").asText()).isNotBlank();
        }
        assertThat(get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/charts/global/1h"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theTrackEndpointGivesMetadataAndPositionsAndManagementOnlyHealthAndPrometheus() throws Exception {
        publish(document("country/TH/1h", ChartScope.country("TH"), ChartWindow.ONE_HOUR, 1, "lonely-track"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> track = get("/api/v1/tracks/lonely-track");
            assertThat(track.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(track.body()).get("positions").get(0).get("chartId").asText()).isEqualTo("country/TH/1h");
        });
        assertThat(get("/api/v1/tracks/never-heard-of-it").statusCode()).isEqualTo(404);
        assertThat(get("/prometheus").statusCode()).isEqualTo(200);
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
        for (String hidden : List.of("/metrics", "/beans", "/env", "/loggers", "/routes")) {
            assertThat(get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void aRestartedGatewayIsNotReadyUntilCaughtUpThenServesTheSameCharts() throws Exception {
        publish(document("country/VN/24h", ChartScope.country("VN"), ChartWindow.ONE_DAY, 3, "x", "y"));
        String before = awaitVersion("/api/v1/charts/country/VN/24h", 3).body();
        String listBefore = get("/api/v1/charts").body();

        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", kafka.bootstrapServers()))) {
            URI base = restarted.getURI();
            await("restarted gateway ready").atMost(Duration.ofSeconds(30))
                    .until(() -> HTTP.send(HttpRequest.newBuilder(base.resolve("/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            HttpResponse<String> after = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/charts/country/VN/24h")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.body()).isEqualTo(before);
            assertThat(HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/charts")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo(listBefore);
        }
    }

    @Test
    void prometheusShowsChartsHeldLagStreamListenersAndTheArchive() throws Exception {
        String metrics = get("/prometheus").body();
        assertThat(metrics).contains("ost_gateway_charts", "ost_gateway_follower_lag", "ost_gateway_sse_listeners",
                "ost_gateway_archive_caught_up", "ost_gateway_archive_lag", "ost_gateway_archive_records_read_total",
                "ost_gateway_archive_charts", "ost_gateway_archive_disk_bytes{family=\"charts\"}");
    }

    private static JsonNode nextChartEvent(BufferedReader events) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                boolean chart = false;
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    if (line.equals("event: chart")) {
                        chart = true;
                    } else if (chart && line.startsWith("data: ")) {
                        return Json.MAPPER.readTree(line.substring(6));
                    }
                }
                throw new IllegalStateException("stream ended");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(15, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> awaitVersion(String path, long version) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> get(path),
                response -> response.statusCode() == 200 && versionOf(response) == version);
    }

    private static long versionOf(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body()).get("version").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void publish(ChartDocument document) {
        try {
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChartDocument document(String chartId, ChartScope scope, ChartWindow window, long version, String... tracks) {
        Instant now = Instant.now();
        List<ChartEntry> entries = new ArrayList<>();
        for (String track : tracks) {
            entries.add(new ChartEntry(entries.size() + 1, track, null, null, null, 10 - entries.size(), null, Movement.NEW,
                    entries.size() + 1, 1));
        }
        return new ChartDocument(chartId, window, scope, version, now, now.minus(window.length()), now, entries);
    }

    private static URI uri(String path) {
        return server.getURI().resolve(path);
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
