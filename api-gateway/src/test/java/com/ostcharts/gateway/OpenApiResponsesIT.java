package com.ostcharts.gateway;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every read path's answers, held against the description the gateway serves at {@code /openapi.json} by an
 * OpenAPI 3.1 validator: the real gateway on a real broker, each response (status, headers, Content-Type, body)
 * checked with the validator. A response that breaks the description fails here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenApiResponsesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    /** Archived periods: an hour of country/KR/24h (and the next), a tracking week of global/week, a day of platform/melon/day. */
    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
    private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    private static final Instant WEEK = Instant.ofEpochMilli(ChartWindow.WEEK.periodStart(Instant.now().minus(Duration.ofDays(7)).toEpochMilli(),
            Duration.ofDays(7)));

    private static EmbeddedServer server;
    private static OpenApiInteractionValidator validator;
    private static OpenAPI description;

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, ChartDocument> charts = producer(config, Topics.CHARTS.valueSerde().serializer());
             KafkaProducer<String, Track> tracks = producer(config, Topics.TRACKS.valueSerde().serializer())) {
            for (ChartDocument document : List.of(
                    document("country/KR/24h", ChartScope.country("KR"), ChartWindow.ONE_DAY, "known-track", "unknown-track", "third"),
                    document("platform/melon/1h", ChartScope.platform("melon"), ChartWindow.ONE_HOUR, "known-track"),
                    document("global/1h", ChartScope.GLOBAL, ChartWindow.ONE_HOUR, "known-track", "unknown-track"),
                    document("drama/도깨비/24h", ChartScope.drama("도깨비"), ChartWindow.ONE_DAY, "known-track"))) {
                charts.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get();
            }
            Instant now = Instant.now();
            EntityChartDocument dramas = new EntityChartDocument("drama-charts/global/24h", ChartWindow.ONE_DAY, ChartScope.GLOBAL, 1, now,
                    now.minus(ChartWindow.ONE_DAY.length()), now, List.of(new EntityChartDocument.EntityEntry(1, "goblin", "Goblin", 12,
                    List.of(new EntityChartDocument.TopTrack("known-track", "Stay With Me", 9), new EntityChartDocument.TopTrack("unknown-track", null, 3)),
                    null, Movement.NEW, 1, 1)));
            try (KafkaProducer<String, EntityChartDocument> entities = producer(config, Topics.ENTITY_CHARTS.valueSerde().serializer())) {
                entities.send(new ProducerRecord<>(Topics.ENTITY_CHARTS.name(), dramas.chartId(), dramas)).get();
            }
            tracks.send(new ProducerRecord<>(Topics.TRACKS.name(), "known-track", new Track("known-track", "Stay With Me",
                    List.of("Chanyeol", "Punch"), "Goblin", 2016, LocalDate.of(2016, 12, 3), 1))).get();
            tracks.send(new ProducerRecord<>(Topics.TRACKS.name(), "bare-track", new Track("bare-track", "Bare",
                    List.of("A"), "D", null, null, null))).get();
        }
        try (KafkaProducer<String, ArchivedChart> archive = ArchiveFixtures.producer(kafka.bootstrapServers())) {
            ArchiveFixtures.publish(archive, ArchiveFixtures.chart("country/KR/24h", HOUR, 1, "known-track", "unknown-track"),
                    ArchiveFixtures.chart("country/KR/24h", HOUR.plus(Duration.ofHours(1)), 2, "unknown-track"),
                    ArchiveFixtures.chart("global/week", WEEK, 1, "known-track"),
                    ArchiveFixtures.chart("platform/melon/day", DAY, 1, "known-track"));
        }
        try (KafkaProducer<String, ArchivedEntityChart> archive = ArchiveFixtures.entityProducer(kafka.bootstrapServers())) {
            ArchiveFixtures.publish(archive, ArchiveFixtures.entityChart("drama-charts/country/KR/24h", HOUR, 1, "goblin", "도깨비"),
                    ArchiveFixtures.entityChart("artist-charts/global/week", WEEK, 1, "iu"));
        }
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", kafka.bootstrapServers()));
        await("gateway ready").atMost(Duration.ofSeconds(30)).until(() -> get("/health/readiness").statusCode() == 200);
        await("archive read").atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/charts/country/KR/24h/periods").body().contains(HOUR.toString()));
        // The description the gateway itself serves, with no key: what clients read is what is checked.
        HttpResponse<String> served = get("/openapi.json");
        assertThat(served.statusCode()).isEqualTo(200);
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(served.body()).build();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        description = new OpenAPIV3Parser().readContents(served.body(), null, options).getOpenAPI();
        assertThat(description.getOpenapi()).startsWith("3.1");
        assertValid("/openapi.json", served, 200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chartListAndChartDocumentsMatchTheDescription() throws Exception {
        assertValid("/api/v1/charts", get("/api/v1/charts"), 200);
        for (String path : List.of("/api/v1/charts/country/KR/24h", "/api/v1/charts/platform/melon/1h", "/api/v1/charts/global/1h",
                "/api/v1/charts/global/7d", "/api/v1/charts/country/KR/24h?limit=2", "/api/v1/charts/global/24h?limit=100")) {
            assertValid(path, get(path), 200);
        }
        // 304: the ETag a chart gave, sent back
        String etag = get("/api/v1/charts/country/KR/24h").headers().firstValue("ETag").orElseThrow();
        assertValid("/api/v1/charts/country/KR/24h", get("/api/v1/charts/country/KR/24h", "If-None-Match", etag), 304);
        // 400: a window, a country, a platform, a limit outside their rules
        for (String path : List.of("/api/v1/charts/global/2h", "/api/v1/charts/country/kr/1h", "/api/v1/charts/country/XX/1h",
                "/api/v1/charts/platform/Spotify/1h", "/api/v1/charts/platform/a_b/24h", "/api/v1/charts/global/1h?limit=0",
                "/api/v1/charts/country/KR/24h?limit=101", "/api/v1/charts/platform/melon/1h?limit=x")) {
            assertValid(path, get(path), 400);
        }
        // 404: a well-formed chart without a counted play yet
        assertValid("/api/v1/charts/country/FR/1h", get("/api/v1/charts/country/FR/1h"), 404);
        assertValid("/api/v1/charts/platform/flo/7d", get("/api/v1/charts/platform/flo/7d"), 404);
    }

    @Test
    void dramaAndArtistChartsMatchTheDescription() throws Exception {
        String drama = "/api/v1/charts/drama/%EB%8F%84%EA%B9%A8%EB%B9%84/24h";
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/drama-charts/global/24h").statusCode() == 200);
        assertValid(drama, get(drama), 200);
        assertValid("/api/v1/charts/artist/Punch/24h", get("/api/v1/charts/artist/Punch/24h"), 400);
        assertValid("/api/v1/charts/artist/punch/24h", get("/api/v1/charts/artist/punch/24h"), 404);
        assertValid("/api/v1/drama-charts/global/24h", get("/api/v1/drama-charts/global/24h"), 200);
        assertValid("/api/v1/drama-charts/global/24h", get("/api/v1/drama-charts/global/24h?limit=1"), 200);
        String etag = get("/api/v1/drama-charts/global/24h").headers().firstValue("ETag").orElseThrow();
        assertValid("/api/v1/drama-charts/global/24h", get("/api/v1/drama-charts/global/24h", "If-None-Match", etag), 304);
        assertValid("/api/v1/artist-charts/country/KR/1h", get("/api/v1/artist-charts/country/KR/1h"), 404);
        assertValid("/api/v1/artist-charts/country/kr/1h", get("/api/v1/artist-charts/country/kr/1h"), 400);
        assertValid("/api/v1/drama-charts/platform/melon/2h", get("/api/v1/drama-charts/platform/melon/2h"), 400);
        assertValid("/api/v1/charts", get("/api/v1/charts"), 200);
    }

    @Test
    void streamsMatchTheDescriptionAndEachChartEventCarriesADescribedDocument() throws Exception {
        for (String path : List.of("/api/v1/charts/global/1h/stream", "/api/v1/charts/country/KR/24h/stream?limit=1",
                "/api/v1/charts/platform/melon/1h/stream")) {
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String event = firstChartEvent(events);
                assertValid(path, stream.statusCode(), stream.headers(), event, 200);
                String data = event.lines().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow().substring(6);
                assertMatchesSchema(data, "ChartDocument");
            }
        }
        assertValid("/api/v1/charts/global/2h/stream", get("/api/v1/charts/global/2h/stream"), 400);
        assertValid("/api/v1/charts/country/Korea/1h/stream", get("/api/v1/charts/country/Korea/1h/stream"), 400);
        assertValid("/api/v1/charts/platform/melon/1h/stream", get("/api/v1/charts/platform/melon/1h/stream?limit=1000"), 400);
        assertValid("/api/v1/charts/country/FR/1h/stream", get("/api/v1/charts/country/FR/1h/stream"), 404);
        assertValid("/api/v1/charts/platform/flo/1h/stream", get("/api/v1/charts/platform/flo/1h/stream"), 404);
    }

    @Test
    void tracksMatchTheDescriptionKnownOrNot() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/tracks/bare-track").statusCode() == 200);
        for (String track : List.of("known-track", "unknown-track", "bare-track")) {
            assertValid("/api/v1/tracks/" + track, get("/api/v1/tracks/" + track), 200);
        }
        assertValid("/api/v1/tracks/Not_A_Track", get("/api/v1/tracks/Not_A_Track"), 400);
        assertValid("/api/v1/tracks/never-heard-of-it", get("/api/v1/tracks/never-heard-of-it"), 404);
    }

    @Test
    void csvAndTheLiveChartsAtAnInstantMatchTheDescription() throws Exception {
        for (String path : List.of("/api/v1/charts/country/KR/24h", "/api/v1/charts/global/day", "/api/v1/charts/country/KR/24h?at=" + HOUR.plusSeconds(1))) {
            assertValid(path, get(path, "Accept", "text/csv"), 200);
        }
        HttpResponse<String> archived = get("/api/v1/charts/country/KR/24h?at=" + HOUR.plusSeconds(1));
        assertValid("/api/v1/charts/country/KR/24h", archived, 200);
        assertMatchesSchema(archived.body(), "ArchivedChart");
        assertValid("/api/v1/charts/global/week", get("/api/v1/charts/global/week?at=" + WEEK.plus(Duration.ofDays(6))), 200);
        assertValid("/api/v1/charts/global/week", get("/api/v1/charts/global/week?at=" + WEEK.minusSeconds(1)), 404);
        assertValid("/api/v1/charts/global/1h", get("/api/v1/charts/global/1h?at=soon"), 400);
        String csvEtag = get("/api/v1/charts/global/day", "Accept", "text/csv").headers().firstValue("ETag").orElseThrow();
        assertValid("/api/v1/charts/global/day", get("/api/v1/charts/global/day", "Accept", "text/csv", "If-None-Match", csvEtag), 304);
    }

    @Test
    void chartHistoryMatchesTheDescription() throws Exception {
        for (String path : List.of("/api/v1/charts/country/KR/24h/periods", "/api/v1/charts/global/week/periods?limit=1000",
                "/api/v1/charts/platform/melon/day/periods?from=" + DAY + "&to=" + DAY.plus(Duration.ofDays(1)), "/api/v1/charts/platform/flo/1h/periods")) {
            assertValid(path, get(path), 200);
        }
        for (String path : List.of("/api/v1/charts/country/KR/24h/periods?from=now", "/api/v1/charts/global/week/periods?limit=0",
                "/api/v1/charts/global/month/periods", "/api/v1/charts/country/KR/24h/periods?from=2020-01-01T00:00:00Z&to=2021-03-01T00:00:00Z")) {
            assertValid(path, get(path), 400);
        }
        for (String path : List.of("/api/v1/charts/country/KR/24h/periods/" + HOUR, "/api/v1/charts/global/week/periods/" + WEEK + "?limit=1",
                "/api/v1/charts/platform/melon/day/periods/" + DAY)) {
            HttpResponse<String> archived = get(path);
            assertValid(path, archived, 200);
            assertMatchesSchema(archived.body(), "ArchivedChart");
            assertValid(path, get(path, "Accept", "text/csv"), 200);
            assertValid(path, get(path, "If-None-Match", archived.headers().firstValue("ETag").orElseThrow()), 304);
        }
        for (String path : List.of("/api/v1/charts/global/week/periods/" + WEEK.plus(Duration.ofDays(1)), "/api/v1/charts/global/1h/periods/" + HOUR + "?limit=101",
                "/api/v1/charts/global/1h/periods/yesterday")) {
            assertValid(path, get(path), 400);
        }
        String notArchived = "/api/v1/charts/country/KR/24h/periods/" + HOUR.minus(Duration.ofHours(1));
        assertValid(notArchived, get(notArchived), 404);

        for (String path : List.of("/api/v1/drama-charts/country/KR/24h/periods", "/api/v1/artist-charts/global/week/periods?limit=10",
                "/api/v1/artist-charts/platform/flo/1h/periods")) {
            assertValid(path, get(path), 200);
        }
        for (String path : List.of("/api/v1/drama-charts/country/KR/24h/periods/" + HOUR, "/api/v1/artist-charts/global/week/periods/" + WEEK + "?limit=1",
                "/api/v1/drama-charts/country/KR/24h?at=" + HOUR.plus(Duration.ofMinutes(5)))) {
            HttpResponse<String> archived = get(path);
            assertValid(path, archived, 200);
            assertMatchesSchema(archived.body(), "ArchivedEntityChart");
            assertValid(path, get(path, "If-None-Match", archived.headers().firstValue("ETag").orElseThrow()), 304);
        }
        for (String path : List.of("/api/v1/drama-charts/global/1h/periods/yesterday", "/api/v1/artist-charts/global/week/periods?limit=0",
                "/api/v1/drama-charts/global/1h?at=noon")) {
            assertValid(path, get(path), 400);
        }
        String entityNotArchived = "/api/v1/drama-charts/country/KR/24h/periods/" + HOUR.minus(Duration.ofHours(1));
        assertValid(entityNotArchived, get(entityNotArchived), 404);

        for (String path : List.of("/api/v1/tracks/known-track/history?chart=country/KR/24h", "/api/v1/tracks/known-track/history?chart=global/week&from="
                + WEEK + "&to=" + WEEK.plus(Duration.ofDays(7)), "/api/v1/tracks/stranger/history?chart=platform/flo/1h")) {
            assertValid(path, get(path), 200);
        }
        for (String path : List.of("/api/v1/tracks/known-track/history", "/api/v1/tracks/known-track/history?chart=global",
                "/api/v1/tracks/Known/history?chart=global/1h", "/api/v1/tracks/known-track/history?chart=global/1h&to=later")) {
            assertValid(path, get(path), 400);
        }
    }

    /** A gateway that has not read the archive (here: it cannot reach Kafka at all) answers history with the described 503. */
    @Test
    void aGatewayStillReadingTheArchiveAnswersHistoryAsDescribed() {
        try (EmbeddedServer unread = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", "localhost:1"))) {
            for (String path : List.of("/api/v1/charts/global/1h/periods", "/api/v1/charts/global/1h/periods/" + HOUR,
                    "/api/v1/charts/global/1h?at=" + HOUR, "/api/v1/tracks/known-track/history?chart=global/1h")) {
                HttpResponse<String> response = ArchiveFixtures.get(unread, path);
                assertValid(path, response, 503);
            }
        }
    }

    /**
     * Past a limit: 429 with Retry-After and the RateLimit fields for a client over its read budget or its streams, 503
     * for a gateway holding as many streams as it may; each as described. A gateway of its own (with tiny limits, clients
     * told apart by X-Forwarded-For behind one trusted proxy) that needs no broker: the global charts always exist.
     */
    @Test
    void limitedClientsAndAFullGatewayAreAnsweredAsDescribed() throws Exception {
        try (EmbeddedServer limited = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", "localhost:1", "ost.gateway.rate-limit.quota", 2, "ost.gateway.rate-limit.window", "60s",
                "ost.gateway.rate-limit.trusted-proxies", 1, "ost.gateway.rate-limit.streams-per-client", 1, "ost.gateway.max-streams", 2))) {
            String chart = "/api/v1/charts/global/1h";
            String stream = chart + "/stream";
            HttpResponse<InputStream> held = stream(limited, stream, "192.0.2.1");
            assertThat(held.statusCode()).isEqualTo(200);
            HttpResponse<InputStream> second = stream(limited, stream, "192.0.2.1");
            assertValid(stream, second.statusCode(), second.headers(), readAll(second), 429);

            assertValid(chart, ArchiveFixtures.get(limited, chart, "X-Forwarded-For", "192.0.2.1"), 200);
            assertValid(chart, ArchiveFixtures.get(limited, chart, "X-Forwarded-For", "192.0.2.1"), 429);

            HttpResponse<InputStream> another = stream(limited, stream, "192.0.2.2");
            assertThat(another.statusCode()).isEqualTo(200);
            HttpResponse<InputStream> full = stream(limited, stream, "192.0.2.3");
            assertValid(stream, full.statusCode(), full.headers(), readAll(full), 503);
            held.body().close();
            another.body().close();
        }
    }

    private static HttpResponse<InputStream> stream(EmbeddedServer server, String path, String client) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path)).header("X-Forwarded-For", client).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String readAll(HttpResponse<InputStream> response) throws Exception {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Paths and methods the description does not list answer 404 and 405 as its Problem schema says. */
    @Test
    void answersOutsideTheDescribedOperationsAreItsProblemDocuments() throws Exception {
        for (HttpResponse<String> response : List.of(get("/api/v1/nothing-here"), get("/api/v1/charts/global"),
                HTTP.send(HttpRequest.newBuilder(uri("/api/v1/charts/global/1h")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString()))) {
            assertThat(response.statusCode()).isIn(404, 405);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertMatchesSchema(response.body(), "Problem");
        }
    }

    private static void assertValid(String path, HttpResponse<String> response, int status) {
        assertValid(path, response.statusCode(), response.headers(), response.body(), status);
    }

    private static void assertValid(String path, int actualStatus, HttpHeaders headers, String body, int status) {
        String operationPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        assertThat(actualStatus).as("GET " + path + ": " + body).isEqualTo(status);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(actualStatus);
        headers.map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        headers.firstValue("Content-Type").ifPresent(response::withContentType);
        if (!body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = validator.validateResponse(operationPath, Request.Method.GET, response.build());
        assertThat(report.getMessages()).as("GET " + path + " answered " + actualStatus + " " + headers.map() + " " + body).isEmpty();
    }

    /** The same library, on one of the description's own schemas: for an SSE event's data, and answers outside any operation. */
    private static void assertMatchesSchema(String json, String schema) {
        ValidationReport report = new SchemaValidator(description, new MessageResolver())
                .validate(json, description.getComponents().getSchemas().get(schema), "response.body");
        assertThat(report.getMessages()).as(schema + ": " + json).isEmpty();
    }

    /** The stream's text up to and including its first {@code chart} event. */
    private static String firstChartEvent(BufferedReader events) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder text = new StringBuilder();
                boolean chart = false;
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    text.append(line).append('\n');
                    chart |= line.equals("event: chart");
                    if (chart && line.isEmpty()) {
                        return text.toString();
                    }
                }
                throw new IllegalStateException("stream ended: " + text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(15, TimeUnit.SECONDS);
    }

    private static <V> KafkaProducer<String, V> producer(Map<String, Object> config, Serializer<V> values) {
        return new KafkaProducer<>(config, Topics.CHARTS.keySerde().serializer(), values);
    }

    private static ChartDocument document(String chartId, ChartScope scope, ChartWindow window, String... tracks) {
        Instant now = Instant.now();
        List<ChartEntry> entries = new ArrayList<>();
        for (String track : tracks) {
            int rank = entries.size() + 1;
            boolean known = track.equals("known-track");
            entries.add(new ChartEntry(rank, track, known ? "Stay With Me" : null, known ? List.of("Chanyeol", "Punch") : null,
                    known ? "Goblin" : null, 10 - rank, rank == 1 ? 2 : null, rank == 1 ? Movement.UP : Movement.NEW, rank, rank == 1 ? 3 : 1));
        }
        return new ChartDocument(chartId, window, scope, 1, now, now.minus(window.length()), now, entries);
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
