package com.ostcharts.testkafka;

/** A running real Kafka cluster that tests talk to over the network, as the services do. */
sealed interface KafkaCluster extends AutoCloseable permits InJvmKafkaCluster, ContainerKafkaCluster {

    String bootstrapServers();

    /** Takes every broker down, as an outage would; clients see timeouts until {@link #startBrokers()}. */
    void stopBrokers();

    /** Brings the brokers back on the same addresses and waits until they serve. */
    void startBrokers();

    /** Stops one broker (the highest id; a controlled shutdown, the controller keeps running); returns its id. */
    int stopOneBroker();

    /** Brings a broker {@link #stopOneBroker()} stopped back, on the same address, and waits until it serves. */
    void startBroker(int id);

    @Override
    void close();
}
