package com.ostcharts.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Movement;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read API's per-client limits on a real gateway and a real broker: a client over its budget gets 429 problem+json
 * naming the limit, with Retry-After and the draft RateLimit fields, while another client is served; a 304 costs a
 * quarter of a 200; after Retry-After the client is served again; event streams are capped per client; health and the
 * dashboard are never limited; past max-connections a connection is closed on arrival. The budgets' time is a clock
 * the test moves, so nothing here sleeps; only the overload test runs on the real clock, as it is about recovering in
 * real time. Clients are told apart by X-Forwarded-For (TEST-NET addresses) behind a trusted proxy, or by their own
 * loopback address.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RateLimitIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CHART = "/api/v1/charts/country/KR/24h";

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static final FakeTicker clock = new FakeTicker();
    /** Behind one trusted proxy: clients told apart by X-Forwarded-For; 4 answers a second, 1 stream each; time frozen. */
    private static ApplicationContext proxied;
    /** No trusted proxy (the default): clients are their remote addresses; time frozen too. */
    private static ApplicationContext direct;
    private static final FakeTicker directClock = new FakeTicker();
    private static final AtomicInteger clients = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        try (KafkaProducer<String, ChartDocument> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer())) {
            Instant now = Instant.now();
            ChartDocument chart = new ChartDocument("country/KR/24h", ChartWindow.ONE_DAY, ChartScope.country("KR"), 1, now,
                    now.minus(ChartWindow.ONE_DAY.length()), now, List.of(new ChartEntry(1, "one", null, null, null, 9, null, Movement.NEW, 1, 1)));
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), chart.chartId(), chart)).get();
        }
        proxied = gateway(clock, Map.of("ost.gateway.rate-limit.quota", 4, "ost.gateway.rate-limit.trusted-proxies", 1,
                "ost.gateway.rate-limit.streams-per-client", 1));
        direct = gateway(directClock, Map.of("ost.gateway.rate-limit.quota", 3));
        await("gateways ready").atMost(Duration.ofSeconds(30))
                .until(() -> get(proxied, newClient(), CHART).statusCode() == 200 && get(direct, HTTP, "/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        for (ApplicationContext context : new ApplicationContext[] {proxied, direct}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void aClientOverItsBudgetGets429ProblemJsonNamingTheLimitWithRetryAfterAndTheRateLimitFields() throws Exception {
        String client = newClient();
        for (int i = 0; i < 4; i++) {
            assertThat(get(proxied, client, CHART).statusCode()).as("answer %d of 4", i + 1).isEqualTo(200);
        }
        HttpResponse<String> refused = get(proxied, client, CHART);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"reads\";q=4;w=1");
        assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"reads\";r=0;t=1");
        JsonNode problem = Json.MAPPER.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:ost-charts:problem:quota-exceeded");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("violated-policies").toString()).isEqualTo("[\"reads\"]");
        assertThat(problem.get("detail").asText()).contains("4 answers per 1 s");

        assertThat(get(proxied, newClient(), CHART).statusCode()).as("another client is served").isEqualTo(200);
    }

    @Test
    void aSuccessfulAnswerCarriesTheRateLimitFieldsOnceHalfTheBudgetIsUsed() throws Exception {
        String client = newClient();
        HttpResponse<String> first = get(proxied, client, CHART);
        assertThat(first.headers().firstValue("RateLimit")).as("3 of 4 left: nothing to warn of").isEmpty();
        HttpResponse<String> second = get(proxied, client, CHART);
        assertThat(second.headers().firstValue("RateLimit")).hasValue("\"reads\";r=2;t=1");
        assertThat(second.headers().firstValue("RateLimit-Policy")).hasValue("\"reads\";q=4;w=1");
    }

    @Test
    void aPollerSendingItsEtagGetsFourTimesAsManyAnswersAsOneThatDoesNot() throws Exception {
        String etag = get(proxied, newClient(), CHART).headers().firstValue("ETag").orElseThrow();
        int withEtag = answersUntilRefused(newClient(), "If-None-Match", etag);
        int withoutEtag = answersUntilRefused(newClient());
        assertThat(withoutEtag).isEqualTo(4);
        assertThat(withEtag).isEqualTo(16);
    }

    @Test
    void afterWaitingOutRetryAfterTheClientIsServedAgain() throws Exception {
        String client = newClient();
        answersUntilRefused(client);
        HttpResponse<String> refused = get(proxied, client, CHART);
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());

        clock.advance(Duration.ofSeconds(retryAfter));

        assertThat(get(proxied, client, CHART).statusCode()).isEqualTo(200);
    }

    @Test
    void healthMetricsAndTheDashboardAreNeverLimited() throws Exception {
        String client = newClient();
        answersUntilRefused(client);
        for (String path : List.of("/health/liveness", "/health/readiness", "/prometheus", "/", "/openapi.json", "/vendor/uplot/uPlot.min.css")) {
            assertThat(get(proxied, client, path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void aClientHoldsAtMostItsStreamsAndGetsOneAgainOnceItClosesOne() throws Exception {
        String client = newClient();
        HttpResponse<InputStream> stream = stream(client);
        assertThat(stream.statusCode()).isEqualTo(200);

        HttpResponse<InputStream> second = stream(client);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("RateLimit-Policy")).hasValue("\"streams\";q=1;qu=\"concurrent-requests\"");
        assertThat(second.headers().firstValue("RateLimit")).hasValue("\"streams\";r=0");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("5");
        try (InputStream body = second.body()) {
            assertThat(Json.MAPPER.readTree(body).get("violated-policies").toString()).isEqualTo("[\"streams\"]");
        }
        HttpResponse<InputStream> other = stream(newClient());
        assertThat(other.statusCode()).as("another client's stream is not affected").isEqualTo(200);
        other.body().close();

        stream.body().close();
        await("the closed stream's slot given back").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock.advance(Duration.ofSeconds(1)); // a full read budget each time: the budget is not what is under test here
            HttpResponse<InputStream> again = stream(client);
            again.body().close();
            return again.statusCode() == 200;
        });
    }

    /** With no trusted proxy, X-Forwarded-For is the client's own word and changes nothing; another address is another client. */
    @Test
    void withoutATrustedProxyAClientIsItsAddressWhateverItsXForwardedForSays() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(direct, HTTP, CHART, "X-Forwarded-For", "192.0.2." + i).statusCode()).isEqualTo(200);
        }
        assertThat(get(direct, HTTP, CHART, "X-Forwarded-For", "192.0.2.99").statusCode()).isEqualTo(429);

        HttpClient elsewhere = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
        assertThat(get(direct, elsewhere, CHART).statusCode()).as("127.0.0.2 has a budget of its own").isEqualTo(200);
    }

    /**
     * An open-model overload (1,000 requests a second for 3 s, sent on time whatever the answers, from 50 clients each
     * at four times its budget of 5 a second), then normal
     * traffic: the gateway answers every request (200 or 429, nothing else), throttles the excess, and afterwards a
     * new client is served at once and an overloaded one as soon as its Retry-After has passed. On the real clock.
     */
    @Test
    void afterAnOpenModelOverloadFromManyClientsTheGatewayAnswersNormallyWithinSeconds() throws Exception {
        try (ApplicationContext overloaded = gateway(null, Map.of("ost.gateway.rate-limit.quota", 5, "ost.gateway.rate-limit.trusted-proxies", 1))) {
            await("ready").atMost(Duration.ofSeconds(30)).until(() -> get(overloaded, HTTP, "/health/readiness").statusCode() == 200);
            int requestsPerSecond = 1_000;
            int requests = 3 * requestsPerSecond;
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> answers = new ArrayList<>(requests);
            long start = System.nanoTime();
            for (int r = 0; r < requests; r++) {
                long due = start + r * (1_000_000_000L / requestsPerSecond);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                HttpRequest request = HttpRequest.newBuilder(uri(overloaded, CHART)).header("X-Forwarded-For", "198.51.100." + r % 50)
                        .timeout(Duration.ofSeconds(30)).build();
                answers.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .handle((response, failure) -> {
                            statuses.computeIfAbsent(failure == null ? response.statusCode() : -1, s -> new AtomicInteger()).incrementAndGet();
                            return null;
                        }));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(statuses.keySet()).as("every request answered, 200 or 429: %s", statuses).containsOnly(200, 429);
            assertThat(statuses.get(429).get()).as("the excess throttled").isPositive();
            await("a new client served").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(overloaded, HTTP, CHART, "X-Forwarded-For", "203.0.113.1").statusCode() == 200);
            await("an overloaded client served again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(overloaded, HTTP, CHART, "X-Forwarded-For", "198.51.100.7").statusCode() == 200);
        }
    }

    /** Past max-connections a new connection is closed on arrival, before a byte of it is read; once one closes, one more is served. */
    @Test
    void pastMaxConnectionsANewConnectionIsClosedOnArrivalAndOneIsServedAgainOnceAnotherCloses() throws Exception {
        try (ApplicationContext capped = gateway(null, Map.of("ost.gateway.max-connections", 2));
             Socket first = new Socket("127.0.0.1", port(capped));
             Socket second = new Socket("127.0.0.1", port(capped))) {
            assertThat(statusLine(first)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(second)).isEqualTo("HTTP/1.1 200 OK");
            try (Socket third = new Socket("127.0.0.1", port(capped))) {
                third.setSoTimeout(10_000);
                assertThat(third.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            }
            first.close();
            await("a connection served again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (Socket again = new Socket("127.0.0.1", port(capped))) {
                    return "HTTP/1.1 200 OK".equals(statusLine(again));
                }
            });
        }
    }

    private static int port(ApplicationContext gateway) {
        return gateway.getBean(EmbeddedServer.class).getPort();
    }

    /** Sends a request for the global chart (it always exists) on {@code socket}, keeping it open; the answer's status line, or null if closed. */
    private static String statusLine(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET /api/v1/charts/global/1h HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        StringBuilder line = new StringBuilder();
        for (int c = socket.getInputStream().read(); c != -1 && c != '\r'; c = socket.getInputStream().read()) {
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /** Requests of {@code client} until the first 429; how many were answered otherwise. The clock stands still meanwhile. */
    private static int answersUntilRefused(String client, String... headers) throws Exception {
        for (int answered = 0; answered < 1_000; answered++) {
            if (get(proxied, client, CHART, headers).statusCode() == 429) {
                return answered;
            }
        }
        throw new AssertionError("never refused");
    }

    /** A client of its own, as the trusted proxy would name it: a TEST-NET-3 address not used before. */
    private static String newClient() {
        int n = clients.incrementAndGet();
        return "203.0.113." + n;
    }

    private static HttpResponse<InputStream> stream(String client) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(proxied, CHART + "/stream")).header("X-Forwarded-For", client).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpResponse<String> get(ApplicationContext gateway, String client, String path, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Forwarded-For";
        all[1] = client;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return get(gateway, HTTP, path, all);
    }

    private static HttpResponse<String> get(ApplicationContext gateway, HttpClient http, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(gateway, path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** On 127.0.0.1 rather than localhost, so a client bound to another loopback address reaches it over IPv4. */
    private static URI uri(ApplicationContext gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.getBean(EmbeddedServer.class).getPort()).resolve(path);
    }

    /** A gateway on the test's broker with {@code limits}, counting time on {@code ticker} (null: the real clock). */
    private static ApplicationContext gateway(FakeTicker ticker, Map<String, Object> limits) {
        Map<String, Object> properties = new HashMap<>(limits);
        properties.put("micronaut.server.port", -1);
        properties.put("ost.kafka.bootstrap-servers", kafka.bootstrapServers());
        ApplicationContextBuilder builder = ApplicationContext.builder().properties(properties);
        if (ticker != null) {
            builder.singletons(ticker);
        }
        ApplicationContext context = builder.start();
        context.getBean(EmbeddedServer.class).start();
        return context;
    }
}
