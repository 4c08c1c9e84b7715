package com.ostcharts.ingest;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.testkafka.RealKafka;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer ingest gives, held against the description it serves at {@code /openapi.json} by an OpenAPI 3.1
 * validator: real requests to the real service on a real broker, each response (status, headers, Content-Type, body)
 * checked with the validator. A response that breaks the description fails here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiResponsesIT {

    private static final String KEY = "openapi-it-key";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_EVENTS = 5;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static ConfigurableApplicationContext app;
    private static URI base;
    private static OpenApiInteractionValidator validator;
    private static OpenAPI description;

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        app = new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ost.ingest.api-keys=" + KEY, "--ost.ingest.listener-hash-secret=openapi-it-listener-secret",
                "--ost.ingest.ack-timeout=" + ACK_TIMEOUT.toMillis() + "ms", "--ost.ingest.max-events=" + MAX_EVENTS,
                // below the acknowledgement timeout, as IngestProperties requires
                "--ost.ingest.max-kafka-wait=" + ACK_TIMEOUT.dividedBy(2).toMillis() + "ms");
        base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
        // The description the service itself serves, not a copy: what clients read is what is checked.
        HttpResponse<String> served = get("/openapi.json");
        assertThat(served.statusCode()).isEqualTo(200);
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(served.body()).build();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        description = new OpenAPIV3Parser().readContents(served.body(), null, options).getOpenAPI();
        assertThat(description.getOpenapi()).startsWith("3.1");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void playsAnswersMatchTheDescription() throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String play = """
                {"eventId":"%s","trackId":"openapi-check","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":%d}""";
        // 202: a single play, an array with refused items (with and without a usable eventId), NDJSON
        assertPlays(post("/api/v1/plays", "application/json", play.formatted("o-1", now, 45000)), 202);
        assertPlays(post("/api/v1/plays", "application/json",
                "[" + play.formatted("o-2", now, 45000) + "," + play.formatted("o-3", now, -1) + ", 42, {\"eventId\": 7}]"), 202);
        assertPlays(post("/api/v1/plays", "application/x-ndjson", play.formatted("o-4", now, 45000) + "\n"
                + play.formatted("o-5", "not a time", 45000) + "\n"), 202);
        assertPlays(post("/api/v1/plays", "application/json", "[]"), 202);
        // 400: a single play breaking field rules (with errors), not JSON, JSON that is no object or array, a bad NDJSON line
        assertPlays(post("/api/v1/plays", "application/json", play.formatted("o-6", now, -7)), 400);
        assertPlays(post("/api/v1/plays", "application/json", "{\"eventId\": "), 400);
        assertPlays(post("/api/v1/plays", "application/json", "42"), 400);
        assertPlays(post("/api/v1/plays", "application/json", "null"), 400);
        assertPlays(post("/api/v1/plays", "application/x-ndjson", play.formatted("o-7", now, 45000) + "\n{oops\n"), 400);
        // 413: more events than the (here lowered) limit
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= MAX_EVENTS; i++) {
            many.append(i == 0 ? "" : ",").append(play.formatted("many-" + i, now, 45000));
        }
        assertPlays(post("/api/v1/plays", "application/json", many.append("]").toString()), 413);
        // 415: a body type ingest does not read
        assertPlays(post("/api/v1/plays", "text/plain", "hello"), 415);
        // 401: no key, a wrong key, another scheme
        for (String authorization : new String[] {null, "Bearer nope", "Basic " + KEY}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/plays"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            assertPlays(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()), 401);
        }
    }

    @Test
    @Order(2)
    void trackAnswersMatchTheDescriptionWithOrWithoutTheOptionalFields() throws Exception {
        // the case: no dramaYear (nor releaseDate, ostPart) given
        HttpResponse<String> bare = put("/api/v1/tracks/openapi-bare", "{\"title\":\"Bare\",\"artists\":[\"A\"],\"drama\":\"D\"}");
        assertTrack("/api/v1/tracks/openapi-bare", bare, 200);
        assertThat(bare.body()).doesNotContain("null");
        // optional fields sent as null are the same as absent
        assertTrack("/api/v1/tracks/openapi-nulls", put("/api/v1/tracks/openapi-nulls",
                "{\"title\":\"N\",\"artists\":[\"A\"],\"drama\":\"D\",\"dramaYear\":null,\"releaseDate\":null,\"ostPart\":null}"), 200);
        assertTrack("/api/v1/tracks/openapi-full", put("/api/v1/tracks/openapi-full",
                "{\"title\":\"Full\",\"artists\":[\"A\",\"B\"],\"drama\":\"D\",\"dramaYear\":2016,\"releaseDate\":\"2016-12-03\",\"ostPart\":1}"), 200);
        // 400: broken fields, not JSON, not an object, a trackId outside the rule
        assertTrack("/api/v1/tracks/openapi-full", put("/api/v1/tracks/openapi-full", "{\"title\":\"\",\"artists\":[],\"dramaYear\":1800}"), 400);
        assertTrack("/api/v1/tracks/openapi-full", put("/api/v1/tracks/openapi-full", "{"), 400);
        assertTrack("/api/v1/tracks/openapi-full", put("/api/v1/tracks/openapi-full", "[1]"), 400);
        assertTrack("/api/v1/tracks/Bad_Id", put("/api/v1/tracks/Bad_Id", "{\"title\":\"T\",\"artists\":[\"A\"],\"drama\":\"D\"}"), 400);
        // 415 and 401
        assertTrack("/api/v1/tracks/openapi-full", HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/tracks/openapi-full"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()), 415);
        assertTrack("/api/v1/tracks/openapi-full", HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/tracks/openapi-full"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()), 401);
    }

    /** Paths and methods the description does not list answer 404 and 405 as its Problem schema says. */
    @Test
    @Order(3)
    void answersOutsideTheDescribedOperationsAreItsProblemDocuments() throws Exception {
        assertProblemOutsideOperations(getWithKey("/api/v1/nothing-here"), 404);
        assertProblemOutsideOperations(put("/api/v1/tracks/", "{}"), 404);
        assertProblemOutsideOperations(getWithKey("/api/v1/plays"), 405);
        assertProblemOutsideOperations(get("/api/v1/nothing-here"), 401); // the key is checked first, on any API path
    }

    /** A key over its quota: 429 with Retry-After and the RateLimit fields, on both operations, as described. */
    @Test
    @Order(4)
    void aKeyOverItsQuotaIsAnswered429AsDescribed() throws Exception {
        // One play a minute: the second write of the key within the minute is over its quota, however slow the machine.
        try (ConfigurableApplicationContext limited = new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ost.ingest.api-keys=" + KEY, "--ost.ingest.listener-hash-secret=openapi-it-listener-secret",
                "--ost.ingest.rate-limit.quota=1", "--ost.ingest.rate-limit.window=60s")) {
            URI limitedBase = URI.create("http://localhost:" + limited.getEnvironment().getProperty("local.server.port"));
            String play = """
                    {"eventId":"quota-1","trackId":"openapi-check","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                    .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            HttpRequest.Builder plays = HttpRequest.newBuilder(limitedBase.resolve("/api/v1/plays")).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(play));
            assertPlays(HTTP.send(plays.build(), HttpResponse.BodyHandlers.ofString()), 202);
            assertPlays(HTTP.send(plays.build(), HttpResponse.BodyHandlers.ofString()), 429);
            assertTrack("/api/v1/tracks/openapi-quota", HTTP.send(HttpRequest.newBuilder(limitedBase.resolve("/api/v1/tracks/openapi-quota"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"T\",\"artists\":[\"A\"],\"drama\":\"D\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()), 429);
        }
    }

    /** Last: Kafka stops, so ingest answers 503 with Retry-After on both operations. */
    @Test
    @Order(5)
    void withKafkaDownBothOperationsAnswer503AsDescribed() throws Exception {
        kafka.stopBrokers();
        try {
            String play = """
                    {"eventId":"down-1","trackId":"openapi-check","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                    .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            assertPlays(post("/api/v1/plays", "application/json", play), 503);
            assertTrack("/api/v1/tracks/openapi-down", put("/api/v1/tracks/openapi-down", "{\"title\":\"T\",\"artists\":[\"A\"],\"drama\":\"D\"}"), 503);
        } finally {
            kafka.startBrokers();
        }
    }

    private static void assertPlays(HttpResponse<String> response, int status) {
        assertValid("/api/v1/plays", Request.Method.POST, response, status);
    }

    private static void assertTrack(String path, HttpResponse<String> response, int status) {
        assertValid(path, Request.Method.PUT, response, status);
    }

    private static void assertValid(String path, Request.Method method, HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        ValidationReport report = validator.validateResponse(path, method, asValidatable(response));
        assertThat(report.getMessages()).as(method + " " + path + " answered " + status + " " + response.headers().map() + " " + response.body())
                .isEmpty();
    }

    /** Outside any described operation the library still checks the body against the description's own Problem schema. */
    private static void assertProblemOutsideOperations(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        SchemaValidator schemas = new SchemaValidator(description, new MessageResolver());
        ValidationReport report = schemas.validate(response.body(), description.getComponents().getSchemas().get("Problem"), "response.body");
        assertThat(report.getMessages()).as(response.body()).isEmpty();
    }

    private static SimpleResponse asValidatable(HttpResponse<String> response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                builder.withHeader(name, values);
            }
        });
        response.headers().firstValue("Content-Type").ifPresent(builder::withContentType);
        if (!response.body().isEmpty()) {
            builder.withBody(response.body());
        }
        return builder.build();
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", contentType).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> getWithKey(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
