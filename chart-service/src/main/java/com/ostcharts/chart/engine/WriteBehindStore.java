package com.ostcharts.chart.engine;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A key-value store of the engine's own that keeps the writes of one commit interval in memory and hands them to the
 * store beneath (RocksDB and its changelog) in one batch just before Kafka Streams commits: a key written many times
 * between two commits costs one RocksDB write (in a write batch) and one changelog record, and a play touches no
 * serializer, no record cache and no RocksDB write. Reads see the pending writes; up to {@code recentKeys} clean
 * values stay in memory too (least recently used first out), so a hot key is not read back from RocksDB every commit.
 * <p>
 * Exactly-once holds because the writes reach the changelog inside the transaction that commits the input they came
 * from: Kafka Streams calls {@link #flushCache()} on every registered store that is a {@link CachedStateStore} before
 * it commits ({@code ProcessorStateManager.flushCache}, the hook its own record cache uses). That interface is
 * internal to Kafka Streams, so {@code WriteBehindStoreTest} pins the behaviour on the TopologyTestDriver and the
 * crash test on a real broker. Whenever the task (re)starts, {@link #init} drops what memory held: the store beneath
 * is the truth.
 */
final class WriteBehindStore<K, V> implements StateStore, CachedStateStore<K, V> {

    private static final Object DELETED = new Object();

    private final KeyValueStore<K, V> stored;
    private final int recentKeys;
    /** Values by key, {@link #DELETED} for a delete or an absence: every dirty key, and the most recently used clean ones. */
    private final LinkedHashMap<K, Object> values;
    private final Set<K> dirty = new HashSet<>();
    private Runnable beforeFlush = () -> { };

    private WriteBehindStore(KeyValueStore<K, V> stored, int recentKeys) {
        this.stored = stored;
        this.recentKeys = recentKeys;
        this.values = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Object> eldest) {
                return size() > recentKeys && !dirty.contains(eldest.getKey());
            }
        };
    }

    /**
     * A store named {@code name} on {@code storage}, logged to its changelog ({@code <application.id>-<name>-changelog})
     * like any Kafka Streams store, without Streams' record cache: this class is the cache.
     */
    static <K, V> StoreBuilder<WriteBehindStore<K, V>> builder(KeyValueBytesStoreSupplier storage, Serde<K> keySerde,
                                                               Serde<V> valueSerde, int recentKeys) {
        return new Builder<>(Stores.keyValueStoreBuilder(storage, keySerde, valueSerde).withCachingDisabled(), recentKeys);
    }

    @SuppressWarnings("unchecked")
    V get(K key) {
        Object value = values.get(key);
        if (value != null) {
            return value == DELETED ? null : (V) value;
        }
        V read = stored.get(key);
        if (recentKeys > 0) {
            values.put(key, read == null ? DELETED : read); // an absence is remembered too (a track not in the catalog)
        }
        return read;
    }

    void put(K key, V value) {
        dirty.add(key);
        values.put(key, value == null ? DELETED : value);
    }

    void delete(K key) {
        put(key, null);
    }

    /**
     * Every entry from {@code from} (inclusive) to {@code to} (exclusive), in key order, to {@code action}, which may
     * put and delete. The pending writes are handed down first: a scan reads RocksDB, and an early write is as safe
     * as one at the commit (it joins the same transaction).
     */
    void forEachInRange(K from, K to, Consumer<KeyValue<K, V>> action) {
        writePending();
        List<KeyValue<K, V>> entries = new ArrayList<>();
        try (KeyValueIterator<K, V> it = stored.range(from, to)) {
            it.forEachRemaining(entries::add);
        }
        entries.forEach(action);
    }

    /** The greatest key in the store beneath, or null when it is empty: at a task's start, when nothing is pending. */
    K lastKey() {
        K last = null;
        try (KeyValueIterator<K, V> it = stored.reverseAll()) {
            if (it.hasNext()) {
                last = it.next().key;
            }
        }
        return last;
    }

    /** Every entry, in key order (at a task's start, to rebuild what memory derives from the store). */
    void forEach(Consumer<KeyValue<K, V>> action) {
        writePending();
        try (KeyValueIterator<K, V> it = stored.all()) {
            it.forEachRemaining(action);
        }
    }

    @SuppressWarnings("unchecked")
    private void writePending() {
        if (dirty.isEmpty()) {
            return;
        }
        List<KeyValue<K, V>> batch = new ArrayList<>(dirty.size());
        List<K> deleted = new ArrayList<>();
        for (K key : dirty) {
            Object value = values.get(key);
            if (value == DELETED) {
                deleted.add(key);
            }
            batch.add(KeyValue.pair(key, value == DELETED ? null : (V) value));
        }
        dirty.clear();
        stored.putAll(batch);
        deleted.forEach(values::remove);
        while (values.size() > recentKeys) {
            values.pollFirstEntry();
        }
    }

    /** Runs {@code action} before each commit's writes, while it can still write to this store (a journal's last record). */
    void beforeFlush(Runnable action) {
        this.beforeFlush = action;
    }

    /** Called by Kafka Streams before every commit. */
    @Override
    public void flushCache() {
        beforeFlush.run();
        writePending();
    }

    /** Called by Kafka Streams when the task's state is recycled: what memory held may be stale. */
    @Override
    public void clearCache() {
        values.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false; // nothing downstream listens to this store's writes
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        stored.init(context, root);
    }

    @Override
    public void flush() {
        stored.flush();
    }

    @Override
    public void close() {
        clearCache();
        stored.close();
    }

    @Override
    public boolean persistent() {
        return stored.persistent();
    }

    @Override
    public boolean isOpen() {
        return stored.isOpen();
    }

    @Override
    public Position getPosition() {
        return stored.getPosition();
    }

    private static final class Builder<K, V> implements StoreBuilder<WriteBehindStore<K, V>> {

        private final StoreBuilder<KeyValueStore<K, V>> stored;
        private final int recentKeys;

        Builder(StoreBuilder<KeyValueStore<K, V>> stored, int recentKeys) {
            this.stored = stored;
            this.recentKeys = recentKeys;
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-behind store is its own cache");
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            stored.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withLoggingDisabled() {
            stored.withLoggingDisabled(); // only where nothing must survive a crash (a MockProcessorContext test)
            return this;
        }

        @Override
        public WriteBehindStore<K, V> build() {
            return new WriteBehindStore<>(stored.build(), recentKeys);
        }

        @Override
        public Map<String, String> logConfig() {
            return stored.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return stored.loggingEnabled();
        }

        @Override
        public String name() {
            return stored.name();
        }
    }
}
