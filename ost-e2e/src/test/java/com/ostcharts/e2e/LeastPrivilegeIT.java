package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Service;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.stack.Stack;
import com.ostcharts.testkafka.ScramKafka;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.ostcharts.e2e.LeastPrivilegeProbe.commitOffsets;
import static com.ostcharts.e2e.LeastPrivilegeProbe.createTopic;
import static com.ostcharts.e2e.LeastPrivilegeProbe.read;
import static com.ostcharts.e2e.LeastPrivilegeProbe.transactionalId;
import static com.ostcharts.e2e.LeastPrivilegeProbe.write;
import static com.ostcharts.testkafka.ScramKafka.CHART;
import static com.ostcharts.testkafka.ScramKafka.GATEWAY;
import static com.ostcharts.testkafka.ScramKafka.INGEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Least privilege, on a broker that enforces it: KRaft's {@code StandardAuthorizer} holding exactly the ACLs that
 * {@code k8s/base/kafka/users.yaml} grants (read from that file, {@link LeastPrivilegeAcls}), one SCRAM user per
 * service, and the three services as processes, each logged in as its own user. With those ACLs and no more, every
 * service does its whole job (every rule in the file is used on the way); outside them each service's user is refused
 * at once with an authorization error; and a service that loses one of its ACLs says so at once rather than hanging.
 * Remove a rule from users.yaml and the first test fails, quoting the refusal from the service's log.
 * <p>
 * The tests run in order: the last one leaves chart-service stopped (Streams in {@code ERROR}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeastPrivilegeIT {

    private static final String API_KEY = "least-privilege-key";
    private static final String TRACK = "least-privilege-ost";
    private static final String TITLE = "Least Privilege";
    /** A refusal is answered within a round trip or two; ingest's own Kafka deadline is 10 s, the probes' 10 s. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static final String REPARTITION_TOPIC = "ost-chart-service-partials-repartition";

    @RegisterExtension
    static final ScramKafka kafka = ScramKafka.withAuthorizer();

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static final AtomicInteger plays = new AtomicInteger();
    private static LeastPrivilegeAcls acls;
    private static ServiceProcess ingest;
    private static ServiceProcess chart;
    private static ServiceProcess gateway;

    @BeforeAll
    static void grantWhatUsersYamlGrantsAndStartEachServiceAsItsOwnUser() throws Exception {
        Launcher launcher = new Launcher(Launcher.defaultRoot(), ServiceStack.logs(LeastPrivilegeIT.class.getSimpleName()));
        acls = LeastPrivilegeAcls.read(launcher.root().resolve(LeastPrivilegeAcls.USERS));
        assertThat(acls.users()).as("the KafkaUsers of %s", LeastPrivilegeAcls.USERS).containsExactlyInAnyOrder(INGEST, CHART, GATEWAY);
        kafka.createContractTopics(TopicLayout.LOCAL);
        try (Admin admin = kafka.admin()) {
            LeastPrivilegeAcls.grant(admin, acls.all());
        }
        ingest = start(launcher, Service.INGEST, INGEST,
                List.of("--ost.ingest.api-keys=" + API_KEY, "--ost.ingest.listener-hash-secret=" + ServiceStack.LISTENER_HASH_SECRET));
        chart = start(launcher, Service.CHART, CHART, List.of(
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("least-privilege-chart-state"),
                "--ost.chart.instance-id=chart-service-0", // static membership, as the StatefulSet's pods run it
                // Purge consumed repartition records every second rather than every 30 s: the test sees the Delete ACL used.
                "--spring.kafka.streams.properties.repartition.purge.interval.ms=1000"));
        gateway = start(launcher, Service.GATEWAY, GATEWAY, List.of());
        services.forEach(service -> service.awaitReady(Stack.START_TIMEOUT));
    }

    @AfterAll
    static void stopTheServices() {
        services.reversed().forEach(ServiceProcess::close);
    }

    @Test
    @Order(1)
    void withExactlyTheAclsOfUsersYamlEveryServiceDoesItsWholeJob() throws Exception {
        try {
            everyServiceDoesItsWholeJob();
        } catch (AssertionError | ConditionTimeoutException e) {
            // A missing ACL shows in a service's log before anything else: name it beside what did not happen.
            throw new AssertionError(e.getMessage() + "\nRefusals in the services' logs: " + refusalsInTheLogs(), e);
        }
        // And nothing was refused on the way, not even in a retry the checks would not see.
        assertThat(refusalsInTheLogs()).as("refusals in the services' logs").isEmpty();
    }

    private static void everyServiceDoesItsWholeJob() throws Exception {
        // As the admin: a record that is not a play, and on every partition of ost.plays.v1 a play of four hours ago
        // followed by one of now, so that stage 2 archives a final period at once.
        writeAPoisonRecordAndPlaysThatFinishAPeriod(Instant.now().truncatedTo(ChronoUnit.SECONDS));

        // ingest-service: a track to ost.tracks.v1, then a play of it to ost.plays.v1.
        HttpResponse<String> track = ingest.send(HttpRequest.newBuilder(ingest.uri("/api/v1/tracks/" + TRACK))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + TITLE + "\",\"artists\":[\"Kafka\"],\"drama\":\"ACLs\"}")).build());
        assertThat(track.statusCode()).as(track.body()).isEqualTo(200);
        HttpResponse<String> play = postPlay();
        assertThat(play.statusCode()).as(play.body()).isEqualTo(202);

        // chart-service read both and wrote the chart (ost.charts.v1), the gateway read it.
        await("the play, titled, on the gateway's global/1h").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(entry(TRACK)).hasValueSatisfying(entry -> {
                    assertThat(entry.path("plays").asLong()).isEqualTo(1);
                    assertThat(entry.path("title").asText()).isEqualTo(TITLE);
                }));
        // The gateway read the catalog (ost.tracks.v1) itself.
        HttpResponse<String> catalog = gateway.get("/api/v1/tracks/" + TRACK);
        assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(catalog.body()).path("title").asText()).isEqualTo(TITLE);
        // chart-service archived the period (ost.charts.archive.v1), the gateway read the archive.
        await("an archived period of global/1h at the gateway").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> periods = gateway.get("/api/v1/charts/global/1h/periods");
                    assertThat(periods.statusCode()).as(periods.body()).isEqualTo(200);
                    assertThat(Json.MAPPER.readTree(periods.body()).path("periods")).isNotEmpty();
                });
        // chart-service dead-lettered the poison (ost.plays.dlq.v1).
        assertThat(kafka.read(Topics.PLAYS_DLQ, record -> true, 1, Duration.ofSeconds(10)))
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8)).containsExactly("{not a play");
        // Kafka Streams created its internal topics and purged what it had consumed of its repartition topic.
        await("consumed repartition records purged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> firstOffsets(REPARTITION_TOPIC) > 0);
    }

    /** Per service, the first lines of its log in which Kafka refused it something. */
    private static Map<String, List<String>> refusalsInTheLogs() throws IOException {
        Map<String, List<String>> refusals = new TreeMap<>();
        for (ServiceProcess service : services) {
            List<String> lines = Files.readAllLines(service.log()).stream()
                    .filter(line -> line.contains("AuthorizationException") || line.contains("AUTHORIZATION_FAILED") || line.contains("Not authorized"))
                    .distinct().limit(3).toList();
            if (!lines.isEmpty()) {
                refusals.put(service.service().module(), lines);
            }
        }
        return refusals;
    }

    /** What each service must not do, whatever users.yaml grants: its user is refused, at once, by the broker. */
    static Stream<Arguments> outsideItsAcls() {
        return Stream.of(
                refused(INGEST, read(Topics.PLAYS.name()), write(Topics.CHARTS.name()), commitOffsets("ost-chart-service", Topics.PLAYS.name()),
                        transactionalId("ost-chart-service-forged"), createTopic("ost.plays.v2")),
                refused(CHART, write(Topics.PLAYS.name()), write(Topics.TRACKS.name()), read(Topics.CHARTS.name()),
                        commitOffsets("api-gateway", Topics.PLAYS.name()), commitOffsets("ost-chart-service-2", Topics.PLAYS.name()),
                        transactionalId("ingest-service"), createTopic("ost.charts.v2")),
                refused(GATEWAY, write(Topics.CHARTS.name()), read(Topics.PLAYS.name()), read(Topics.PLAYS_DLQ.name()),
                        commitOffsets("api-gateway", Topics.CHARTS.name()), transactionalId("api-gateway"), createTopic("ost.charts.archive.v2")))
                .flatMap(cases -> cases);
    }

    private static Stream<Arguments> refused(String user, LeastPrivilegeProbe... probes) {
        return Arrays.stream(probes).map(probe -> arguments(user, probe));
    }

    @ParameterizedTest(name = "{0} may not {1}")
    @MethodSource("outsideItsAcls")
    @Order(2)
    void outsideItsAclsAServicesUserIsRefusedAtOnceWithAnAuthorizationError(String user, LeastPrivilegeProbe probe) {
        Map<String, String> client = new HashMap<>(kafka.clientProperties(user));
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        long start = System.nanoTime();
        Optional<Throwable> answer = probe.refusal(client);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer).as("%s may not %s", user, probe).hasValueSatisfying(e -> assertThat(e).isInstanceOf(probe.refused()));
        assertThat(took).as("%s refused to %s after", probe, user).isLessThan(AT_ONCE);
    }

    @Test
    @Order(3)
    void ingestWithoutItsAclOnThePlaysTopicAnswers503AtOnceSaysWhyAndTakesPlaysAgainOnceItIsBack() throws Exception {
        withoutAcl(acls.of(INGEST, ResourceType.TOPIC, Topics.PLAYS.name()), () -> {
            long start = System.nanoTime();
            HttpResponse<String> refused = postPlay();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(took).as("answered after").isLessThan(AT_ONCE);
            await("ingest's log names the refusal").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(Files.readString(ingest.log()))
                            .containsPattern("Answering 503: .*TopicAuthorizationException: Not authorized to access topics: \\[ost\\.plays\\.v1]"));
        });
        await("plays accepted again, without a restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> postPlay().statusCode() == 202);
    }

    @Test
    @Order(4)
    void theGatewayWithoutItsAclOnTheChartsTopicTurnsNotReadySaysWhyAndServesAgainOnceItIsBack() throws Exception {
        withoutAcl(acls.of(GATEWAY, ResourceType.TOPIC, Topics.CHARTS.name()), () -> {
            await("gateway not ready").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.status(Service.GATEWAY.readiness()) == 503);
            // It keeps trying (once a second), each try refused at once and logged with its cause: an ACL added
            // back (the User Operator applies KafkaUser changes live) is picked up without a restart.
            await("the gateway's log names the refusal").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(Files.readString(gateway.log())).contains("Following the charts failed; starting over in 1 s: "
                            + "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [" + Topics.CHARTS.name() + "]"));
            assertThat(gateway.status("/health/liveness")).as("a missing ACL is not cured by a restart").isEqualTo(200);
        });
        await("gateway ready again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.status(Service.GATEWAY.readiness()) == 200);
        assertThat(entry(TRACK)).as("the chart served again").isPresent();
    }

    @Test
    @Order(5)
    void chartServiceWithoutItsAclOnTheChartsTopicStopsInErrorAndSaysWhyRatherThanRetrying() throws Exception {
        try (Admin admin = kafka.admin()) {
            LeastPrivilegeAcls.revoke(admin, acls.of(CHART, ResourceType.TOPIC, Topics.CHARTS.name()));
        }
        assertThat(postPlay().statusCode()).isEqualTo(202); // a new count: chart-service must publish the chart again

        await("chart-service not live (Streams in ERROR)").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> chart.status("/actuator/health/liveness") == 503);
        assertThat(Files.readString(chart.log()))
                .contains("Stream thread failed; shutting this instance down so it restarts clean")
                .contains("TopicAuthorizationException")
                .contains("Kafka Streams PENDING_ERROR -> ERROR");
        assertThat(chart.isAlive()).as("the process stays up: liveness tells the platform to restart it").isTrue();
    }

    @FunctionalInterface
    private interface Checks {
        void run() throws Exception;
    }

    /** Runs {@code checks} while {@code acl} is revoked on the broker, then grants it again, whatever happened. */
    private static void withoutAcl(List<AclBinding> acl, Checks checks) throws Exception {
        try (Admin admin = kafka.admin()) {
            LeastPrivilegeAcls.revoke(admin, acl);
            try {
                checks.run();
            } finally {
                LeastPrivilegeAcls.grant(admin, acl);
            }
        }
    }

    private static ServiceProcess start(Launcher launcher, Service service, String user, List<String> args) throws IOException {
        String prefix = service == Service.GATEWAY ? "-ost.kafka.properties." : "--spring.kafka.properties.";
        List<String> all = new ArrayList<>(args);
        kafka.clientProperties(user).forEach((key, value) -> all.add(prefix + key + "=" + value));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ServiceProcess started = launcher.start(service, port, kafka.bootstrapServers(), all);
        services.add(started); // @AfterAll stops it, even when @BeforeAll fails later
        return started;
    }

    /** A play of {@link #TRACK} by a new listener, so that every one counts. */
    private static HttpResponse<String> postPlay() throws IOException, InterruptedException {
        int n = plays.incrementAndGet();
        String play = """
                {"eventId":"least-privilege-%d","trackId":"%s","listenerId":"fan-%d","platform":"melon","country":"KR","playedAt":"%s","msPlayed":200000}"""
                .formatted(n, TRACK, n, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return ingest.send(HttpRequest.newBuilder(ingest.uri("/api/v1/plays")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(play)).build());
    }

    /** {@code trackId}'s entry on the gateway's global/1h, if there is one. */
    private static Optional<JsonNode> entry(String trackId) throws IOException {
        HttpResponse<String> response = gateway.get("/api/v1/charts/global/1h");
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        for (JsonNode entry : Json.MAPPER.readTree(response.body()).path("entries")) {
            if (entry.path("trackId").asText().equals(trackId)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static void writeAPoisonRecordAndPlaysThatFinishAPeriod(Instant now) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties(ScramKafka.ADMIN));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), "poison", "{not a play".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            for (Instant playedAt : List.of(now.minus(Duration.ofHours(4)), now)) {
                for (int partition = 0; partition < TopicLayout.LOCAL.partitions(); partition++) {
                    // One track per partition, so no track's counts are split over partitions.
                    PlayEvent play = new PlayEvent("archived-" + partition + "-" + playedAt.toEpochMilli(), "archived-" + partition,
                            "h1:archivist-" + partition, "spotify", "SE", playedAt, 180_000);
                    producer.send(new ProducerRecord<>(Topics.PLAYS.name(), partition, playedAt.toEpochMilli(), play.trackId(),
                            Topics.PLAYS.valueSerde().serializer().serialize(Topics.PLAYS.name(), play))).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The sum of the first offsets of {@code topic}'s partitions: above 0 once records were deleted from it. */
    private static long firstOffsets(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            IntStream.range(0, partitions).forEach(partition -> earliest.put(new TopicPartition(topic, partition), OffsetSpec.earliest()));
            return admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(info -> info.offset()).sum();
        }
    }
}
