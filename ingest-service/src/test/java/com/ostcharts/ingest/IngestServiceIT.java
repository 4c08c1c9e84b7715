package com.ostcharts.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import com.ostcharts.testkafka.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ingest-service on a real broker: what a 202 promises is on the topic, as the contract describes it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IngestServiceIT {

    private static final String KEY = "ingest-it-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static ConfigurableApplicationContext app;
    private static URI base;

    @BeforeAll
    static void start() {
        kafka.createContractTopics(TopicLayout.LOCAL);
        app = new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ost.ingest.api-keys=" + KEY, "--ost.ingest.listener-hash-secret=ingest-it-listener-secret");
        base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aPlayAcknowledgedWith202IsOnThePlaysTopicKeyedByTrackStampedWithAcceptanceAndWithTheListenerHashed() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> response = post("/api/v1/plays", "application/x-ndjson", """
                {"eventId":"it-1","trackId":"beautiful-goblin","listenerId":"fan-secret-id","platform":"spotify","country":"US","playedAt":"%s","msPlayed":45000}
                {"eventId":"it-2","trackId":"beautiful-goblin","listenerId":"fan-secret-id","platform":"spotify","country":"US","playedAt":"not a time","msPlayed":45000}
                """.formatted(Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS)));
        Instant after = Instant.now();

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("eventId").asText()).isEqualTo("it-2");
        assertThat(body.get("rejected").get(0).get("errors").get(0).asText()).startsWith("playedAt:");

        List<ConsumerRecord<String, PlayEvent>> records = kafka.read(Topics.PLAYS, r -> r.key().equals("beautiful-goblin"), 1, Duration.ofSeconds(10));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("beautiful-goblin");
            assertThat(record.value().eventId()).isEqualTo("it-1");
            assertThat(record.value().listenerId()).startsWith("h1:").doesNotContain("fan-secret-id");
            assertThat(Instant.ofEpochMilli(record.timestamp())).isBetween(before, after);
        });
    }

    @Test
    void theSameListenerAlwaysHashesTheSameSoTheListenerHourRuleStillHolds() throws Exception {
        String play = """
                {"eventId":"%s","trackId":"hash-check","listenerId":"same-fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}""";
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(post("/api/v1/plays", "application/json", "[" + play.formatted("h-1", now) + "," + play.formatted("h-2", now) + "]")
                .statusCode()).isEqualTo(202);
        List<String> hashes = kafka.read(Topics.PLAYS, r -> r.key().equals("hash-check"), 2, Duration.ofSeconds(10)).stream()
                .map(r -> r.value().listenerId()).distinct().toList();
        assertThat(hashes).hasSize(1);
    }

    @Test
    void aTrackPutIsValidatedAndLandsOnTheCatalogTopic() throws Exception {
        HttpResponse<String> response = put("/api/v1/tracks/stay-with-me-goblin", """
                {"title":"Stay With Me","artists":["Chanyeol","Punch"],"drama":"Goblin","dramaYear":2016,"releaseDate":"2016-12-03","ostPart":1}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).get("trackId").asText()).isEqualTo("stay-with-me-goblin");

        List<ConsumerRecord<String, Track>> records = kafka.read(Topics.TRACKS, 1, Duration.ofSeconds(10));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("stay-with-me-goblin");
            assertThat(record.value().artists()).containsExactly("Chanyeol", "Punch");
        });

        HttpResponse<String> invalid = put("/api/v1/tracks/stay-with-me-goblin", "{\"title\":\"\",\"artists\":[],\"drama\":\"Goblin\",\"dramaYear\":1800}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(invalid.body()).contains("title:", "artists:", "dramaYear:");
    }

    @Test
    void writesWithoutAKeyOrWithAWrongOneGet401ProblemJson() throws Exception {
        for (String authorization : new String[] {null, "Bearer nope", "Basic " + KEY, "Bearer"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/plays"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(response.body()).doesNotContain(KEY);
        }
    }

    @Test
    void wrongContentTypesAndBadBodiesGetProblemJsonAndPublishNothing() throws Exception {
        HttpResponse<String> unsupported = post("/api/v1/plays", "text/plain", "hello");
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(Json.MAPPER.readTree(unsupported.body()).path("type").asText()).as(unsupported.body()).startsWith("urn:ost-charts:problem:");
        HttpResponse<String> notJson = post("/api/v1/plays", "application/json", "42");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(notJson.body()).get("detail").asText()).contains("not a number");
        assertThat(notJson.body()).doesNotContain("Exception", "at com.");
    }

    @Test
    void managementExposesHealthAndPrometheusOnly() throws Exception {
        String play = """
                {"eventId":"m-1","trackId":"metrics","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(post("/api/v1/plays", "application/json", "[" + play + ", 42]").statusCode()).isEqualTo(202);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ost_ingest_events_accepted_total", "ost_ingest_events_rejected_total",
                "http_server_requests_seconds", "kafka_producer_record_send_total");
        // A single invalid play is a 400, and still counted as a refused event, by the field it broke.
        double before = rejected("msPlayed");
        assertThat(post("/api/v1/plays", "application/json", play.replace("45000", "-7")).statusCode()).isEqualTo(400);
        assertThat(rejected("msPlayed")).isEqualTo(before + 1);
        for (String hidden : new String[] {"/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump"}) {
            assertThat(get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    /** ost_ingest_events_rejected_total for one reason, 0 before the first. */
    private static double rejected(String reason) throws Exception {
        return get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("ost_ingest_events_rejected_total{") && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theOpenApiDescriptionIsServedAndListsEveryAnswerTheServiceGives() throws Exception {
        HttpResponse<String> response = get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = Json.MAPPER.readTree(response.body()).get("paths");
        assertThat(names(paths.get("/api/v1/plays").get("post").get("responses")))
                .containsExactlyInAnyOrder("202", "400", "401", "413", "415", "429", "503");
        assertThat(names(paths.get("/api/v1/tracks/{trackId}").get("put").get("responses")))
                .containsExactlyInAnyOrder("200", "400", "401", "415", "429", "503");
        // what the description promises for a mixed batch is what the service answers
        JsonNode rejection = Json.MAPPER.readTree(post("/api/v1/plays", "application/json", "[42]").body()).get("rejected").get(0);
        assertThat(rejection.has("index") && rejection.has("errors")).isTrue();
    }

    @Test
    void aProductionStartWithoutApiKeysFailsNamingTheSetting() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ost.ingest.listener-hash-secret=ingest-it-listener-secret").close())
                .hasStackTraceContaining("ost.ingest.api-keys");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
