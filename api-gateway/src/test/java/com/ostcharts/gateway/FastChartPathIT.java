package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live chart documents answered before Micronaut's routing ({@link FastChartHandler}) are the answers Micronaut
 * gives: two gateways on one broker, one with the fast path and one without ({@code ost.gateway.fast-path=false}),
 * asked the same requests over raw HTTP/1.1, answer with the same status, the same headers (names compared without
 * case, as HTTP does; {@code Date} aside) and the same bytes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FastChartPathIT {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static EmbeddedServer fast;
    private static EmbeddedServer micronaut;

    @BeforeAll
    static void start() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        try (KafkaProducer<String, ChartDocument> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer())) {
            for (ChartDocument chart : List.of(chart("global/24h", ChartScope.GLOBAL, ChartWindow.ONE_DAY),
                    chart("country/KR/1h", ChartScope.country("KR"), ChartWindow.ONE_HOUR),
                    chart("platform/melon/7d", ChartScope.platform("melon"), ChartWindow.SEVEN_DAYS))) {
                producer.send(new ProducerRecord<>(Topics.CHARTS.name(), chart.chartId(), chart)).get();
            }
        }
        fast = ArchiveFixtures.gateway(kafka.bootstrapServers(), null);
        micronaut = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "ost.kafka.bootstrap-servers", kafka.bootstrapServers(), "ost.gateway.fast-path", "false"));
        for (EmbeddedServer server : List.of(fast, micronaut)) {
            await("charts served").atMost(Duration.ofSeconds(30)).until(() ->
                    ArchiveFixtures.get(server, "/api/v1/charts/platform/melon/7d").statusCode() == 200);
        }
        assertThat(fast.getApplicationContext().containsBean(FastChartPath.class)).isTrue();
        assertThat(micronaut.getApplicationContext().containsBean(FastChartPath.class)).isFalse();
    }

    @AfterAll
    static void stop() {
        fast.close();
        micronaut.close();
    }

    @Test
    void everyLiveChartRequestIsAnsweredAsMicronautAnswersIt() throws Exception {
        String etag = ArchiveFixtures.get(micronaut, "/api/v1/charts/country/KR/1h").headers().firstValue("ETag").orElseThrow();
        String gzipEtag = ArchiveFixtures.get(micronaut, "/api/v1/charts/country/KR/1h", "Accept-Encoding", "gzip").headers()
                .firstValue("ETag").orElseThrow();
        assertThat(gzipEtag).isEqualTo(etag.substring(0, etag.length() - 1) + "-gzip\"");
        List<String> requests = List.of(
                get("/api/v1/charts/global/24h"),
                get("/api/v1/charts/global/24h?limit=2"),
                get("/api/v1/charts/global/week"),
                get("/api/v1/charts/platform/melon/7d", "Accept: application/json"),
                get("/api/v1/charts/country/KR/1h", "Accept-Encoding: gzip, deflate, br"),
                get("/api/v1/charts/country/KR/1h", "If-None-Match: " + etag),
                get("/api/v1/charts/country/KR/1h", "If-None-Match: " + etag, "Accept-Encoding: gzip"),
                get("/api/v1/charts/country/KR/1h", "If-None-Match: " + gzipEtag, "Accept-Encoding: gzip"),
                get("/api/v1/charts/country/KR/1h", "If-None-Match: \"other\", " + etag),
                get("/api/v1/charts/country/KR/1h", "Origin: https://dashboard.example"),
                "HEAD /api/v1/charts/country/KR/1h HTTP/1.1\r\nHost: x\r\n\r\n",
                get("/api/v1/charts/country/KR/1h", "Accept: text/csv"),
                get("/api/v1/charts/country/KR/1h?limit=0"),
                get("/api/v1/charts/country/KR/2h"),
                get("/api/v1/charts/country/kr/1h"),
                get("/api/v1/charts/country/FR/1h"),
                get("/api/v1/charts/global/24h?limit=1&at=2026-01-01T00:00:00Z"));
        for (String request : requests) {
            Answer expected = ask(micronaut, request).getFirst();
            if (request.startsWith("HEAD")) {
                expected = headAsRfc9110Says(expected, ask(micronaut, "GET" + request.substring("HEAD".length())).getFirst());
            }
            Answer answered = ask(fast, request).getFirst();
            assertThat(answered).as(request).isEqualTo(expected);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrderWhicheverPathAnswersThem() throws Exception {
        String csvThenJson = get("/api/v1/charts/country/KR/1h", "Accept: text/csv") + get("/api/v1/charts/country/KR/1h")
                + get("/api/v1/charts/country/FR/1h") + get("/api/v1/charts/global/24h?limit=1");
        List<Answer> expected = ask(micronaut, csvThenJson);
        List<Answer> answered = ask(fast, csvThenJson);
        assertThat(answered).hasSize(4).isEqualTo(expected);
        assertThat(answered.stream().map(Answer::status).toList()).containsExactly(200, 200, 404, 200);
        assertThat(answered.getFirst().headers().get("content-type")).startsWith("text/csv");
    }

    /**
     * Micronaut answers a {@code HEAD} without {@code Content-Length} and closes the connection; the fast path sends
     * the {@code Content-Length} the {@code GET} would have (RFC 9110, 9.3.2: the same header fields as the GET) and
     * keeps the connection open. Otherwise the same answer.
     */
    private static Answer headAsRfc9110Says(Answer head, Answer get) {
        Map<String, String> headers = new TreeMap<>(head.headers());
        headers.remove("connection");
        headers.put("content-length", get.headers().get("content-length"));
        return new Answer(head.status(), headers, head.body());
    }

    private static String get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: x\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** One answer: status, headers (lower-case names, repeated ones joined; {@code Date} left out), body bytes. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Sends {@code requests} (one or more, pipelined) on one connection and reads as many answers. */
    private static List<Answer> ask(EmbeddedServer server, String requests) throws IOException {
        int count = requests.split("\r\n\r\n", -1).length - 1;
        boolean head = requests.startsWith("HEAD");
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()));
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answers.add(read(in, head));
            }
            return answers;
        }
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        String[] lines = line(in, "\r\n\r\n").split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("date")) {
                headers.merge(name, lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        int length = head || status == 304 ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.ISO_8859_1));
    }

    private static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in a response head");
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static ChartDocument chart(String chartId, ChartScope scope, ChartWindow window) {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        List<ChartEntry> entries = new ArrayList<>();
        for (int rank = 1; rank <= 3; rank++) {
            entries.add(new ChartEntry(rank, "track-" + rank, "그 여름 " + rank, List.of("가수"), "드라마", 100 - rank, null, Movement.NEW, rank, 1));
        }
        return new ChartDocument(chartId, window, scope, 3, now, now.minus(window.length()), now, entries);
    }
}
