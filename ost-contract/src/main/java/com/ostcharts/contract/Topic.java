package com.ostcharts.contract;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

import java.util.HashMap;
import java.util.Map;

/**
 * A topic of the contract with its serdes and the configs it is created with.
 *
 * @param coPartitioned whether the topic must have the plays topic's partition count (it is read
 *                      beside {@code ost.plays.v1} in one Kafka Streams sub-topology)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs,
                          boolean coPartitioned) {

    public Topic {
        configs = Map.copyOf(configs);
    }

    public NewTopic newTopic(TopicLayout layout) {
        Map<String, String> all = new HashMap<>(configs);
        if (layout.replicationFactor() >= 3) {
            all.put("min.insync.replicas", "2");
        }
        return new NewTopic(name, layout.partitionsFor(this), layout.replicationFactor()).configs(all);
    }
}
