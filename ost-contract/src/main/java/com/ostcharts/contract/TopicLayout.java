package com.ostcharts.contract;

/**
 * How many partitions and replicas the contract's topics get in one deployment.
 *
 * @param partitions        partitions of the plays and tracks topics, which must be equal (co-partitioned);
 *                          also the most chart-service instances that can share the work
 * @param chartPartitions   partitions of the charts topics (tracks; dramas and artists), which every gateway replica reads whole
 * @param replicationFactor 1 on a laptop; 3 in production, where {@code min.insync.replicas} becomes 2
 */
public record TopicLayout(int partitions, int chartPartitions, short replicationFactor) {

    public static final TopicLayout LOCAL = new TopicLayout(6, 1, (short) 1);

    public TopicLayout {
        if (partitions < 1 || chartPartitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor must be >= 1: " + partitions + ", " + chartPartitions + ", " + replicationFactor);
        }
    }

    int partitionsFor(Topic<?, ?> topic) {
        return topic.name().equals(Topics.CHARTS.name()) || topic.name().equals(Topics.ENTITY_CHARTS.name()) ? chartPartitions : partitions;
    }
}
