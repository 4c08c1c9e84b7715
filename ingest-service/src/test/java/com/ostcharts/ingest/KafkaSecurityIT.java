package com.ostcharts.ingest;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import com.ostcharts.testkafka.ScramKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ingest-service against a broker that demands SASL/SCRAM over TLS, configured only through Spring Boot's
 * {@code spring.kafka.*}: with its credentials it acknowledges plays; with a wrong password it answers 503 at
 * once, is not ready, and says why. Either way no password reaches the output.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(OutputCaptureExtension.class)
class KafkaSecurityIT {

    private static final String KEY = "security-it-key";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ScramKafka kafka = ScramKafka.saslSsl();

    @BeforeAll
    static void topics() {
        kafka.createContractTopics(TopicLayout.LOCAL);
    }

    @Test
    void withItsScramCredentialsOverTlsAPlayIsAcknowledgedAndOnThePlaysTopic(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = start(kafka.password(ScramKafka.INGEST))) {
            URI base = baseOf(app);
            await("readiness true").atMost(Duration.ofSeconds(30)).until(() -> status(base, "/actuator/health/readiness") == 200);

            assertThat(postPlay(base, "secured-1").statusCode()).isEqualTo(202);

            assertThat(kafka.read(Topics.PLAYS, r -> r.value().eventId().equals("secured-1"), 1, Duration.ofSeconds(10))).hasSize(1);
        }
        assertNoSecretIn(output, kafka.password(ScramKafka.INGEST));
    }

    @Test
    void withAWrongPasswordAPlayGets503AtOnceReadinessIsFalseAndTheLogNamesTheAuthenticationFailure(CapturedOutput output)
            throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        try (ConfigurableApplicationContext app = start(wrongPassword)) {
            URI base = baseOf(app);

            HttpResponse<String> response = postPlay(base, "refused-1");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(status(base, "/actuator/health/readiness")).isEqualTo(503);
            // ingest's own 503 line names the cause, as does the Kafka producer's ERROR line.
            await("the log names the cause").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                    .containsPattern("Answering 503: .*SaslAuthenticationException: Authentication failed")
                    .containsPattern("\\[Producer clientId=[^]]+] Connection to node \\S+ \\(\\S+\\) failed authentication due to: "
                            + "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));
        }
        assertNoSecretIn(output, wrongPassword);
        assertNoSecretIn(output, kafka.password(ScramKafka.INGEST));
    }

    /** Kafka client settings are logged at INFO (see start()): the secrets in them must show as [hidden]. */
    private static void assertNoSecretIn(CapturedOutput output, String password) {
        assertThat(output.getAll()).as("the clients' settings were logged").contains("sasl.jaas.config = [hidden]");
        assertThat(output.getAll()).doesNotContain(password).doesNotContain(kafka.trustStorePassword());
    }

    /** Security through Spring Boot's own Kafka properties only, as a deployment would set them. */
    private static ConfigurableApplicationContext start(String password) {
        return new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.security.protocol=" + kafka.securityProtocol(),
                "--spring.kafka.ssl.trust-store-location=file:" + kafka.trustStoreLocation(),
                "--spring.kafka.ssl.trust-store-password=" + kafka.trustStorePassword(),
                "--spring.kafka.ssl.trust-store-type=" + kafka.trustStoreType(),
                "--spring.kafka.properties.sasl.mechanism=" + ScramKafka.MECHANISM,
                "--spring.kafka.properties.sasl.jaas.config=" + ScramKafka.jaasConfig(ScramKafka.INGEST, password),
                "--ost.ingest.api-keys=" + KEY, "--ost.ingest.listener-hash-secret=security-it-listener-secret",
                "--ost.ingest.ack-timeout=" + ACK_TIMEOUT.toMillis() + "ms",
                // Print the Kafka clients' settings, so the test sees the secrets in them masked rather than absent.
                "--logging.level.org.apache.kafka.common.config.AbstractConfig=INFO");
    }

    private static URI baseOf(ConfigurableApplicationContext app) {
        return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpResponse<String> postPlay(URI base, String eventId) throws Exception {
        String play = """
                {"eventId":"%s","trackId":"secured","listenerId":"fan","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                .formatted(eventId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/plays")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(play)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
