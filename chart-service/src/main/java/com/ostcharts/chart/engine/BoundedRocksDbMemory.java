package com.ostcharts.chart.engine;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the memory of every RocksDB store of this instance together: one block cache and one write-buffer
 * manager shared by all stores (Kafka Streams' documented recipe), sized by {@link #TOTAL_BYTES} in the
 * Streams config. Without it each store sizes its own memtables and cache, and memory grows with tasks.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams config key: bytes for all RocksDB stores of the instance, block cache and memtables together. */
    public static final String TOTAL_BYTES = "ost.rocksdb.total.bytes";
    /** Share of the total that memtables may take, counted inside the cache. */
    private static final double WRITE_BUFFER_SHARE = 0.5;

    private static Shared shared;

    private record Shared(long totalBytes, Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    private static synchronized Shared shared(Map<String, Object> configs) {
        Object configured = configs.get(TOTAL_BYTES);
        long total = configured == null ? 64L << 20 : Long.parseLong(configured.toString());
        if (shared == null || shared.totalBytes() != total) {
            Cache cache = new LRUCache(total, -1, false, 0.1);
            shared = new Shared(total, cache, new WriteBufferManager((long) (total * WRITE_BUFFER_SHARE), cache));
        }
        return shared;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store of the instance: never closed per store.
    }
}
