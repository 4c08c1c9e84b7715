package com.ostcharts.testkafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code apache/kafka} broker in Docker, through Testcontainers, for machines that run Docker. */
final class ContainerKafkaCluster implements KafkaCluster {

    static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:4.2.2");

    private final KafkaContainer container;

    private ContainerKafkaCluster(KafkaContainer container) {
        this.container = container;
    }

    /** Asks Testcontainers only where a Docker endpoint could exist, sparing its error log elsewhere. */
    static boolean dockerAvailable() {
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ContainerKafkaCluster start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        container.start();
        return new ContainerKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    /** Pausing the container freezes the broker with its port still open: clients time out, as in an outage. */
    @Override
    public void stopBrokers() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void startBrokers() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public int stopOneBroker() {
        throw new UnsupportedOperationException("the container runs one broker; use RealKafka.brokers(n), which runs in the JVM");
    }

    @Override
    public void startBroker(int id) {
        throw new UnsupportedOperationException("the container runs one broker");
    }

    @Override
    public void close() {
        container.stop();
    }
}
