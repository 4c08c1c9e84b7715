package com.ostcharts.testkafka;

/** A running real Kafka cluster that tests talk to over the network, as the services do. */
sealed interface KafkaCluster extends AutoCloseable permits InJvmKafkaCluster, ContainerKafkaCluster {

    String bootstrapServers();

    @Override
    void close();
}
