package com.ostcharts.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each API key's quota of plays on a real broker: a key over it gets 429 problem+json naming the policy and the key by
 * its fingerprint (never the key), with Retry-After and the draft RateLimit fields, before its body is read; another key
 * is unaffected; a request is charged every play it held; after Retry-After the key is served again. Time is a clock
 * that stands still until the test moves it, so nothing here sleeps and no budget refills behind the test's back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QuotaIT {

    private static final String BUSY_KEY = "quota-it-busy-key";
    private static final String OTHER_KEY = "quota-it-other-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static ConfigurableApplicationContext app;
    private static URI base;
    private final AtomicInteger eventIds = new AtomicInteger();

    /** The application's clock, replaced by the test's. */
    @Configuration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @BeforeAll
    static void start() {
        kafka.createContractTopics(TopicLayout.LOCAL);
        app = new SpringApplicationBuilder(IngestApplication.class, TestClock.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ost.ingest.api-keys=" + BUSY_KEY + "," + OTHER_KEY, "--ost.ingest.listener-hash-secret=quota-it-listener-secret",
                "--ost.ingest.rate-limit.quota=10", "--ost.ingest.rate-limit.window=1s");
        base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aKeyOverItsQuotaGets429NamingThePolicyAndTheKeysFingerprintWhileAnotherKeyIsServed() throws Exception {
        CLOCK.advance(Duration.ofSeconds(5)); // every bucket full
        assertThat(post(BUSY_KEY, batch(10)).statusCode()).as("10 plays: the whole quota").isEqualTo(202);

        String unpublished = "never-published-" + eventIds.incrementAndGet();
        HttpResponse<String> refused = post(BUSY_KEY, play(unpublished));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"plays\";q=10;w=1");
        assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"plays\";r=0;t=1");
        JsonNode problem = Json.MAPPER.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:ost-charts:problem:quota-exceeded");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("violated-policies").toString()).isEqualTo("[\"plays\"]");
        assertThat(problem.get("detail").asText()).contains("sha256:").doesNotContain(BUSY_KEY);

        String other = "other-" + eventIds.incrementAndGet();
        assertThat(post(OTHER_KEY, play(other)).statusCode()).as("another key is served").isEqualTo(202);
        // Every play here has one trackId, so one partition, in order: had the refused play been published, it would come before.
        assertThat(kafka.read(Topics.PLAYS, r -> r.value().eventId().equals(other) || r.value().eventId().equals(unpublished), 1,
                Duration.ofSeconds(10))).extracting(r -> r.value().eventId()).as("nothing of a refused request reaches Kafka").containsExactly(other);
    }

    @Test
    void aRequestIsChargedEveryPlayItHeldSoOneLargeBatchSpendsWhatManySmallOnesWould() throws Exception {
        CLOCK.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            assertThat(post(BUSY_KEY, play("small-" + eventIds.incrementAndGet())).statusCode()).as("play %d of 10", i + 1).isEqualTo(202);
        }
        assertThat(post(BUSY_KEY, play("small-" + eventIds.incrementAndGet())).statusCode()).isEqualTo(429);

        CLOCK.advance(Duration.ofSeconds(5));
        assertThat(post(BUSY_KEY, batch(25)).statusCode()).as("admitted with a full bucket, then charged all 25").isEqualTo(202);
        HttpResponse<String> refused = post(BUSY_KEY, play("after-batch-" + eventIds.incrementAndGet()));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).as("15 plays overdrawn at 10 a second").hasValue("2");
    }

    @Test
    void afterWaitingOutRetryAfterTheKeyIsServedAgain() throws Exception {
        CLOCK.advance(Duration.ofSeconds(5));
        post(BUSY_KEY, batch(10));
        HttpResponse<String> refused = post(BUSY_KEY, play("wait-" + eventIds.incrementAndGet()));
        assertThat(refused.statusCode()).isEqualTo(429);

        CLOCK.advance(Duration.ofSeconds(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())));

        assertThat(post(BUSY_KEY, play("served-again-" + eventIds.incrementAndGet())).statusCode()).isEqualTo(202);
    }

    @Test
    void aQuotaWindowThatIsNotWholeSecondsStopsTheStartNamingIt() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(IngestApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=localhost:1", "--ost.ingest.api-keys=k", "--ost.ingest.listener-hash-secret=quota-it-listener-secret",
                "--ost.ingest.rate-limit.window=500ms").close())
                .hasStackTraceContaining("ost.ingest.rate-limit.window must be a whole number of seconds");
    }

    private String batch(int plays) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < plays; i++) {
            batch.append(i == 0 ? "" : ",").append(play("batch-" + eventIds.incrementAndGet()));
        }
        return batch.append(']').toString();
    }

    private static String play(String eventId) {
        return """
                {"eventId":"%s","trackId":"quota","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":200000}"""
                .formatted(eventId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static HttpResponse<String> post(String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/plays")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A clock that stands still until the test moves it, so budgets refill only when the test says. It starts a minute
     * ahead of the real time: plays stamped with the real time stay within the contract's two minutes ahead of it for the
     * class's whole run (under its 3 minute timeout).
     */
    static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().plus(Duration.ofMinutes(1)));

        void advance(Duration duration) {
            now.updateAndGet(current -> current.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
