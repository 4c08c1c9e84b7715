package com.ostcharts.testkafka;

import com.ostcharts.contract.Topic;
import com.ostcharts.contract.TopicLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A real Kafka broker for a test class, started before its first test and stopped after its last:
 * <pre>
 * &#64;RegisterExtension
 * static final RealKafka kafka = RealKafka.singleBroker();
 * </pre>
 * Which broker is chosen by the system property {@code kafka.broker}: {@code in-jvm} (Kafka's own
 * KRaft test kit), {@code testcontainers} ({@code apache/kafka:4.2.2} in Docker), or {@code auto}
 * (the default: Testcontainers where Docker runs, else in-JVM). The same tests run on either. The
 * broker never auto-creates topics, as in production.
 */
public final class RealKafka implements BeforeAllCallback, AfterAllCallback {

    private final int brokers;
    private KafkaCluster cluster;

    private RealKafka(int brokers) {
        this.brokers = brokers;
    }

    public static RealKafka singleBroker() {
        return new RealKafka(1);
    }

    /** Several brokers (replication up to 3); always in-JVM, since the container image runs one. */
    public static RealKafka brokers(int count) {
        return new RealKafka(count);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = useContainer() ? ContainerKafkaCluster.start() : InJvmKafkaCluster.start(brokers);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    private boolean useContainer() {
        if (brokers > 1) {
            return false; // the container image runs one broker; several are always in-JVM
        }
        String choice = System.getProperty("kafka.broker", "auto");
        return switch (choice) {
            case "in-jvm" -> false;
            case "testcontainers" -> true;
            case "auto", "" -> ContainerKafkaCluster.dockerAvailable();
            default -> throw new IllegalArgumentException("kafka.broker must be auto, in-jvm or testcontainers, not " + choice);
        };
    }

    public String bootstrapServers() {
        return Objects.requireNonNull(cluster, "the broker starts before the first test of the class").bootstrapServers();
    }

    /** Takes the broker(s) down for a fault test; {@link #startBrokers()} brings them back. */
    public void stopBrokers() {
        Objects.requireNonNull(cluster, "the broker starts before the first test of the class").stopBrokers();
    }

    public void startBrokers() {
        Objects.requireNonNull(cluster, "the broker starts before the first test of the class").startBrokers();
    }

    /**
     * Stops one broker of a multi-broker cluster (a controlled shutdown: its leaderships move first, as in a rolling
     * restart or a drained node; the controller keeps running); returns its id for {@link #startBroker}.
     */
    public int stopOneBroker() {
        return Objects.requireNonNull(cluster, "the broker starts before the first test of the class").stopOneBroker();
    }

    public void startBroker(int id) {
        Objects.requireNonNull(cluster, "the broker starts before the first test of the class").startBroker(id);
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates the contract's topics as the local stack does. */
    public void createContractTopics(TopicLayout layout) {
        TestTopics.createContractTopics(admin(), layout);
    }

    /**
     * Reads a topic from the beginning until {@code atLeast} records arrived or {@code timeout} passed,
     * whichever is first; returns what it read, so the test's assertion says what was missing.
     */
    public <K, V> List<ConsumerRecord<K, V>> read(Topic<K, V> topic, int atLeast, Duration timeout) {
        return read(topic, record -> true, atLeast, timeout);
    }

    /** As {@link #read(Topic, int, Duration)}, keeping only the records a test is about (topics are shared within a class). */
    public <K, V> List<ConsumerRecord<K, V>> read(Topic<K, V> topic, Predicate<ConsumerRecord<K, V>> filter, int atLeast,
                                                  Duration timeout) {
        return TestTopics.read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), topic, filter, atLeast, timeout);
    }
}
