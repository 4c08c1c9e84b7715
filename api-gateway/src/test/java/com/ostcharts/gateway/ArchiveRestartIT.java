package com.ostcharts.gateway;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.RealKafka;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The archive store across gateway restarts, on a real broker: a restart resumes from the positions stored with the
 * data (reads only what is new, misses nothing, doubles nothing); a store whose topic was recreated starts over; and
 * a gateway that has not read the archive yet answers history with 503, not a wrong 404. Each test starts from a
 * freshly created archive topic.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArchiveRestartIT {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    private static final Instant H0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24));

    @TempDir
    Path dir;

    @BeforeAll
    static void topics() {
        kafka.createContractTopics(TopicLayout.LOCAL);
    }

    @Test
    void aRestartedGatewayReadsOnlyWhatWasArchivedWhileItWasDownAndServesAllOfItOnce() throws Exception {
        recreateArchiveTopic();
        try (KafkaProducer<String, ArchivedChart> producer = ArchiveFixtures.producer(kafka.bootstrapServers())) {
            for (int h = 0; h < 3; h++) {
                ArchiveFixtures.publish(producer, ArchiveFixtures.chart("global/1h", hour(h), h + 1, "steady", "track-" + h));
            }
            try (EmbeddedServer first = ArchiveFixtures.gateway(kafka.bootstrapServers(), dir)) {
                awaitPeriods(first, 3);
                assertThat(ArchiveFixtures.follower(first).recordsRead()).isEqualTo(3);
            }
            for (int h = 3; h < 5; h++) {
                ArchiveFixtures.publish(producer, ArchiveFixtures.chart("global/1h", hour(h), h + 1, "steady", "track-" + h));
            }
            try (EmbeddedServer second = ArchiveFixtures.gateway(kafka.bootstrapServers(), dir)) {
                awaitPeriods(second, 5);
                // resumed from the stored positions: the two new records, not the three it already held
                assertThat(ArchiveFixtures.follower(second).recordsRead()).isEqualTo(2);
                for (int h = 0; h < 5; h++) {
                    assertThat(ArchiveFixtures.get(second, "/api/v1/charts/global/1h/periods/" + hour(h)).statusCode()).isEqualTo(200);
                }
                var history = Json.MAPPER.readTree(ArchiveFixtures.get(second, "/api/v1/tracks/steady/history?chart=global/1h").body()).get("periods");
                assertThat(history).hasSize(5).allSatisfy(p -> assertThat(p.get("rank").asInt()).isEqualTo(1));
            }
        }
    }

    @Test
    void aStoreOfARecreatedTopicIsEmptiedAndFilledFromTheNewTopic() throws Exception {
        recreateArchiveTopic();
        try (KafkaProducer<String, ArchivedChart> producer = ArchiveFixtures.producer(kafka.bootstrapServers())) {
            ArchiveFixtures.publish(producer, ArchiveFixtures.chart("global/1h", hour(0), 1, "old"));
            try (EmbeddedServer first = ArchiveFixtures.gateway(kafka.bootstrapServers(), dir)) {
                awaitPeriods(first, 1);
            }
        }
        recreateArchiveTopic();
        try (KafkaProducer<String, ArchivedChart> producer = ArchiveFixtures.producer(kafka.bootstrapServers())) {
            ArchiveFixtures.publish(producer, ArchiveFixtures.chart("global/1h", hour(1), 1, "new"));
        }
        try (EmbeddedServer second = ArchiveFixtures.gateway(kafka.bootstrapServers(), dir)) {
            awaitPeriods(second, 1);
            assertThat(ArchiveFixtures.get(second, "/api/v1/charts/global/1h/periods/" + hour(1)).statusCode()).isEqualTo(200);
            assertThat(ArchiveFixtures.get(second, "/api/v1/charts/global/1h/periods/" + hour(0)).statusCode()).isEqualTo(404);
            assertThat(ArchiveFixtures.follower(second).recordsRead()).isEqualTo(1);
        }
    }

    @Test
    void untilItHasReadTheArchiveAGatewayIsReadyButAnswersHistoryWith503AndRetryAfter() throws Exception {
        deleteArchiveTopic();
        try (EmbeddedServer gateway = ArchiveFixtures.gateway(kafka.bootstrapServers(), dir)) {
            await("ready on the live charts alone").atMost(Duration.ofSeconds(30))
                    .until(() -> ArchiveFixtures.get(gateway, "/health/readiness").statusCode() == 200);
            for (String path : List.of("/api/v1/charts/global/1h/periods", "/api/v1/charts/global/1h/periods/" + hour(0),
                    "/api/v1/charts/global/1h?at=" + hour(0), "/api/v1/tracks/steady/history?chart=global/1h")) {
                HttpResponse<String> response = ArchiveFixtures.get(gateway, path);
                assertThat(response.statusCode()).as(path).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).as(path).isPresent();
                assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
                assertThat(Json.MAPPER.readTree(response.body()).get("type").asText()).isEqualTo("urn:ost-charts:problem:archive-catching-up");
            }
            // bad parameters are still 400: they need no archive
            assertThat(ArchiveFixtures.get(gateway, "/api/v1/charts/global/1h/periods?limit=0").statusCode()).isEqualTo(400);

            createArchiveTopic();
            try (KafkaProducer<String, ArchivedChart> producer = ArchiveFixtures.producer(kafka.bootstrapServers())) {
                ArchiveFixtures.publish(producer, ArchiveFixtures.chart("global/1h", hour(0), 1, "steady"));
            }
            awaitPeriods(gateway, 1);
            assertThat(ArchiveFixtures.get(gateway, "/api/v1/charts/global/1h/periods/" + hour(1)).statusCode()).isEqualTo(404);
        }
    }

    /** Waits (bounded) until the gateway lists {@code count} archived periods of global/1h. */
    private static void awaitPeriods(EmbeddedServer gateway, int count) {
        await("archived periods listed").atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> response = ArchiveFixtures.get(gateway, "/api/v1/charts/global/1h/periods");
            return response.statusCode() == 200 && Json.MAPPER.readTree(response.body()).get("periods").size() == count;
        });
    }

    private static void recreateArchiveTopic() throws Exception {
        deleteArchiveTopic();
        createArchiveTopic();
    }

    private static void deleteArchiveTopic() throws Exception {
        try (Admin admin = kafka.admin()) {
            if (admin.listTopics().names().get().contains(Topics.CHARTS_ARCHIVE.name())) {
                admin.deleteTopics(List.of(Topics.CHARTS_ARCHIVE.name())).all().get();
            }
            await("archive topic deleted").atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(Topics.CHARTS_ARCHIVE.name()));
        }
    }

    private static void createArchiveTopic() {
        try (Admin admin = kafka.admin()) {
            // a topic just deleted may still be on its way out: ask again until the broker takes it
            await("archive topic created").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(Topics.CHARTS_ARCHIVE.newTopic(TopicLayout.LOCAL))).all().get();
                return true;
            });
        }
    }

    private static Instant hour(int h) {
        return H0.plus(Duration.ofHours(h));
    }
}
