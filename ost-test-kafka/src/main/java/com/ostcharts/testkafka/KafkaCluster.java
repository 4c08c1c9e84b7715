package com.ostcharts.testkafka;

/** A running real Kafka cluster that tests talk to over the network, as the services do. */
sealed interface KafkaCluster extends AutoCloseable permits InJvmKafkaCluster, ContainerKafkaCluster {

    String bootstrapServers();

    /** Takes every broker down, as an outage would; clients see timeouts until {@link #startBrokers()}. */
    void stopBrokers();

    /** Brings the brokers back on the same addresses and waits until they serve. */
    void startBrokers();

    @Override
    void close();
}
