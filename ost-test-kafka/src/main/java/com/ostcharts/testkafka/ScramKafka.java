package com.ostcharts.testkafka;

import com.ostcharts.contract.Topic;
import com.ostcharts.contract.TopicLayout;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A real Kafka broker that demands SASL/SCRAM-SHA-512 authentication (optionally over TLS), for tests
 * that prove the services' Kafka clients take security settings: right credentials work, wrong ones fail.
 * <pre>
 * &#64;RegisterExtension
 * static final ScramKafka kafka = ScramKafka.saslSsl();          // or saslPlaintext()
 * ...
 * kafka.clientProperties(ScramKafka.INGEST)                      // what the service must be given
 * kafka.clientProperties(ScramKafka.INGEST, "not-the-password")  // a wrong password
 * </pre>
 * or, for tests about authorization, {@code ScramKafka.withAuthorizer()}: the same users, and a broker that
 * refuses each of them everything no ACL grants (only {@link #ADMIN} is a super user); the test grants ACLs
 * through {@link #admin()}.
 * <p>
 * Why a second extension next to {@link RealKafka}: security changes every client's settings, so a
 * secured broker is only for the tests about security; all other tests keep their plain broker.
 * <p>
 * How: one combined KRaft node inside the test JVM on Kafka's own test kit ({@link InJvmScramKafkaCluster}
 * says how SCRAM and TLS are set up there). It is always in-JVM, whatever {@code kafka.broker} says: the
 * container path has no SCRAM set-up. Users ({@link #ADMIN} and one per service) get a random password per
 * test class, so a test cannot pass with a password written into a config file, and a password is a
 * string distinctive enough to look for in the output. Except {@link #withAuthorizer()}, there is no authorizer
 * (any authenticated user may do anything): those tests are about authentication. Like {@code RealKafka}, topics
 * are never auto-created.
 */
public final class ScramKafka implements BeforeAllCallback, AfterAllCallback {

    public static final String MECHANISM = InJvmScramKafkaCluster.MECHANISM;
    /** The broker's own identity, and the tests' (creating topics, writing and reading records). */
    public static final String ADMIN = "ost-admin";
    public static final String INGEST = "ingest-service";
    public static final String CHART = "chart-service";
    public static final String GATEWAY = "api-gateway";

    private final boolean tls;
    private final boolean authorizer;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private Path tlsDirectory;
    private SelfSignedTls tlsIdentity;
    private InJvmScramKafkaCluster cluster;

    private ScramKafka(boolean tls, boolean authorizer) {
        this.tls = tls;
        this.authorizer = authorizer;
    }

    /** SCRAM over a plain TCP listener: {@code security.protocol=SASL_PLAINTEXT}. */
    public static ScramKafka saslPlaintext() {
        return new ScramKafka(false, false);
    }

    /** SCRAM over TLS with a self-signed certificate for {@code localhost}: {@code security.protocol=SASL_SSL}. */
    public static ScramKafka saslSsl() {
        return new ScramKafka(true, false);
    }

    /**
     * SCRAM over a plain TCP listener, and KRaft's {@code StandardAuthorizer}: {@link #ADMIN} is a super user, every
     * other user may do nothing until an ACL grants it ({@code allow.everyone.if.no.acl.found=false}). Grant ACLs with
     * {@link #admin()} ({@code createAcls}); they hold from when {@code describeAcls} on the broker returns them.
     */
    public static ScramKafka withAuthorizer() {
        return new ScramKafka(false, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        for (String user : List.of(ADMIN, INGEST, CHART, GATEWAY)) {
            passwords.put(user, UUID.randomUUID().toString().replace("-", ""));
        }
        if (tls) {
            try {
                tlsDirectory = Files.createTempDirectory("scram-kafka-tls");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tlsIdentity = SelfSignedTls.createIn(tlsDirectory);
        }
        cluster = InJvmScramKafkaCluster.start(passwords, ADMIN, Optional.ofNullable(tlsIdentity), authorizer);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        } finally {
            if (tlsDirectory != null) {
                SelfSignedTls.deleteQuietly(tlsDirectory);
            }
        }
    }

    public String bootstrapServers() {
        return started().bootstrapServers();
    }

    /** {@code SASL_SSL} or {@code SASL_PLAINTEXT}. */
    public String securityProtocol() {
        return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    /** This class's password of {@code user}: one of {@link #ADMIN}, {@link #INGEST}, {@link #CHART}, {@link #GATEWAY}. */
    public String password(String user) {
        started();
        return Objects.requireNonNull(passwords.get(user), () -> "no such user: " + user);
    }

    /** The client's JAAS setting for SCRAM: {@code sasl.jaas.config}. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The security settings a client of {@code user} needs (without {@code bootstrap.servers}), with the right password. */
    public Map<String, String> clientProperties(String user) {
        return clientProperties(user, password(user));
    }

    /**
     * The security settings of a client that logs in as {@code user} with {@code password} (right or wrong):
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and, over TLS, the trust store.
     */
    public Map<String, String> clientProperties(String user, String password) {
        started();
        Map<String, String> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol());
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
        if (tls) {
            config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, trustStoreType());
            config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStoreLocation().toString());
            config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, trustStorePassword());
        }
        return config;
    }

    /** Over TLS: the trust store (PKCS12) that holds the broker's self-signed certificate. */
    public Path trustStoreLocation() {
        return tlsIdentity().trustStore();
    }

    public String trustStorePassword() {
        return tlsIdentity().password();
    }

    public String trustStoreType() {
        tlsIdentity();
        return SelfSignedTls.STORE_TYPE;
    }

    /** An admin client logged in as {@link #ADMIN}. */
    public Admin admin() {
        return Admin.create(adminClientConfig());
    }

    /** A producer logged in as {@link #ADMIN}, for tests that put records on a topic themselves. */
    public <K, V> KafkaProducer<K, V> producer(Topic<K, V> topic) {
        return new KafkaProducer<>(adminClientConfig(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Creates the contract's topics as the local stack does. */
    public void createContractTopics(TopicLayout layout) {
        TestTopics.createContractTopics(admin(), layout);
    }

    /**
     * Reads a topic from the beginning as {@link #ADMIN}, keeping the records {@code filter} accepts, until
     * {@code atLeast} arrived or {@code timeout} passed; returns what it read, so an assertion says what was missing.
     */
    public <K, V> List<ConsumerRecord<K, V>> read(Topic<K, V> topic, Predicate<ConsumerRecord<K, V>> filter, int atLeast,
                                                  Duration timeout) {
        return TestTopics.read(adminClientConfig(), topic, filter, atLeast, timeout);
    }

    private Map<String, Object> adminClientConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties(ADMIN));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    private InJvmScramKafkaCluster started() {
        return Objects.requireNonNull(cluster, "the broker starts before the first test of the class");
    }

    private SelfSignedTls tlsIdentity() {
        started();
        if (tlsIdentity == null) {
            throw new IllegalStateException("this broker has no TLS: use ScramKafka.saslSsl()");
        }
        return tlsIdentity;
    }
}
