package com.ostcharts.chart.engine;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores as the topology builds them, in memory and without changelogs, for tests on a {@code MockProcessorContext}. */
final class MockStores {

    private MockStores() {
    }

    static <V> WriteBehindStore<String, V> writeBehind(String name, Serde<V> serde) {
        return WriteBehindStore.builder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde, 10).withLoggingDisabled().build();
    }

    static WriteBehindStore<Long, byte[]> journal(String name) {
        return WriteBehindStore.builder(Stores.inMemoryKeyValueStore(name), Serdes.Long(), Serdes.ByteArray(), 0).withLoggingDisabled().build();
    }

    static <V> KeyValueStore<String, V> keyValue(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde).withLoggingDisabled().build();
    }
}
