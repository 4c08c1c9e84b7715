package com.ostcharts.testkafka;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The SCRAM broker itself: over TLS, each user gets in with its password and nobody gets in without. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScramKafkaIT {

    @RegisterExtension
    static final ScramKafka kafka = ScramKafka.saslSsl();

    @BeforeAll
    static void topics() {
        kafka.createContractTopics(TopicLayout.LOCAL);
    }

    @Test
    void everyUserGetsInWithItsPasswordAndARecordRoundTrips() throws Exception {
        for (String user : List.of(ScramKafka.ADMIN, ScramKafka.INGEST, ScramKafka.CHART, ScramKafka.GATEWAY)) {
            try (Admin admin = Admin.create(config(kafka.clientProperties(user)))) {
                assertThat(admin.listTopics().names()).as(user).succeedsWithin(Duration.ofSeconds(30))
                        .asInstanceOf(InstanceOfAssertFactories.COLLECTION)
                        .contains(Topics.PLAYS.name());
            }
        }
        ChartDocument document = new ChartDocument("global/1h", ChartWindow.ONE_HOUR, ChartScope.GLOBAL, 1,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of());
        try (KafkaProducer<String, ChartDocument> producer = kafka.producer(Topics.CHARTS)) {
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get(30, TimeUnit.SECONDS);
        }
        assertThat(kafka.read(Topics.CHARTS, r -> true, 1, Duration.ofSeconds(10)))
                .singleElement().satisfies(record -> assertThat(record.value()).isEqualTo(document));
    }

    @Test
    void aWrongPasswordIsRefusedAsAnAuthenticationFailure() {
        try (Admin admin = Admin.create(config(kafka.clientProperties(ScramKafka.INGEST, "not-the-password")))) {
            assertThat(admin.listTopics().names()).failsWithin(Duration.ofSeconds(30))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(SaslAuthenticationException.class)
                    .withMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
        }
    }

    @Test
    void aClientWithoutSecuritySettingsGetsNothing() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
            assertThat(admin.listTopics().names()).failsWithin(Duration.ofSeconds(30));
        }
    }

    private static Map<String, Object> config(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }
}
