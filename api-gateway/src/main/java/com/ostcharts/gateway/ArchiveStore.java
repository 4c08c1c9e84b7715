package com.ostcharts.gateway;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Topics;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The chart archive on local disk (RocksDB), as read from {@code ost.charts.archive.v1} (track charts) and
 * {@code ost.entity-charts.archive.v1} (drama and artist charts), with the positions it has read up to. Three column
 * families, keyed as {@link ArchiveKeys} says:
 * <ul>
 * <li>{@code charts}: each archived chart's JSON as it came from the topic, behind a digest of it (the ETag), so
 * serving one is one read;</li>
 * <li>{@code periods}: per chart and period, the period's end and {@code final}: listing periods never reads a chart;</li>
 * <li>{@code tracks}: per track, chart and period, the track's rank and plays on a track chart, written with the chart,
 * so a track's trajectory is one scan of small entries rather than every chart decoded.</li>
 * </ul>
 * The default column family holds each topic's id and, per partition, the next offset to read, written in the same
 * write batch as the records they follow: after a crash or a restart the store resumes exactly where its data ends.
 * One writer (the follower), many readers.
 */
final class ArchiveStore implements AutoCloseable {

    static final byte[] CHARTS = "charts".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PERIODS = "periods".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRACKS = "tracks".getBytes(StandardCharsets.US_ASCII);
    private static final String TOPIC_ID = "topic-id/";
    private static final String POSITION = "position/";
    /** Below and above every key the store writes (UTF-8 ids, which never hold 0xFF, and meta keys): the whole key space, for a reset. */
    private static final byte[] FIRST_KEY = {0};
    private static final byte[] PAST_LAST_KEY = {(byte) 0xFF};
    private static final int DIGEST_BYTES = 12;
    /** A stored chart: the digest, the number of entries, then the JSON. */
    private static final int HEADER_BYTES = DIGEST_BYTES + Integer.BYTES;
    /** Memtables take up to this share of the memory, counted in the block cache. */
    private static final double WRITE_BUFFER_SHARE = 0.5;

    static {
        RocksDB.loadLibrary();
    }

    /** One archived period: its start and end, and whether it was archived final (always, by the contract). */
    record Period(long startMs, long endMs, boolean isFinal) {
    }

    /** A track's place on one archived period, or {@code null} rank and plays when it was not on it. */
    record Placing(Period period, Integer rank, Long plays) {
    }

    /** A track's place on an archived track chart. */
    private record Place(String trackId, int rank, long plays) {
    }

    /** An archived chart as stored: its JSON as it came from the topic, a digest of those bytes, and how many entries it has. */
    record StoredChart(byte[] json, String digest, int entries) {
    }

    private final Path dir;
    private final boolean temporary;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle charts;
    private final ColumnFamilyHandle periods;
    private final ColumnFamilyHandle tracks;
    private final List<AutoCloseable> resources;
    private final WriteOptions writeOptions = new WriteOptions();
    /** Reads hold it shared, {@link #close()} exclusive: no read ever touches a closed database (which would crash the JVM). */
    private final ReadWriteLock open = new ReentrantReadWriteLock();
    private boolean closed;

    private ArchiveStore(Path dir, boolean temporary, RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> resources) {
        this.dir = dir;
        this.temporary = temporary;
        this.db = db;
        this.meta = handles.get(0);
        this.charts = handles.get(1);
        this.periods = handles.get(2);
        this.tracks = handles.get(3);
        this.resources = resources;
    }

    /**
     * Opens (or creates) the store in {@code dir}, with {@code memoryBytes} of block cache and memtables together;
     * a {@code temporary} directory is removed on {@link #close()}.
     *
     * @throws IllegalStateException when it cannot, for instance another gateway holding the directory
     */
    static ArchiveStore open(Path dir, long memoryBytes, boolean temporary) {
        List<AutoCloseable> resources = new ArrayList<>();
        Cache cache = keep(resources, new LRUCache(memoryBytes, -1, false, 0.1));
        WriteBufferManager writeBuffers = keep(resources, new WriteBufferManager((long) (memoryBytes * WRITE_BUFFER_SHARE), cache));
        DBOptions options = keep(resources, new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBuffers)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(3));
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, keep(resources, family(cache, 4 << 10, CompressionType.NO_COMPRESSION, false))),
                // Neighbouring keys are one chart's successive periods, mostly the same tracks and titles: large blocks
                // and zstd make most of that repetition; whole-key Bloom filters let the follower's lookups miss cheaply.
                new ColumnFamilyDescriptor(CHARTS, keep(resources, family(cache, 64 << 10, CompressionType.ZSTD_COMPRESSION, true))),
                // Small entries read in scans: zstd takes the track index a quarter smaller than lz4 (measured), for little CPU.
                new ColumnFamilyDescriptor(PERIODS, keep(resources, family(cache, 16 << 10, CompressionType.ZSTD_COMPRESSION, false))),
                new ColumnFamilyDescriptor(TRACKS, keep(resources, family(cache, 16 << 10, CompressionType.ZSTD_COMPRESSION, false))));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(options, dir.toString(), families, handles);
            return new ArchiveStore(dir, temporary, db, handles, resources);
        } catch (RocksDBException e) {
            closeAll(resources);
            throw new IllegalStateException("cannot open the chart archive in " + dir + " (is another gateway using it?): " + e.getMessage(), e);
        }
    }

    private static ColumnFamilyOptions family(Cache cache, int blockSize, CompressionType compression, boolean bloom) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setBlockSize(blockSize)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        if (bloom) {
            table.setFilterPolicy(new BloomFilter(10));
        }
        return new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(compression)
                .setBottommostCompressionType(compression)
                .setMaxWriteBufferNumber(2);
    }

    // ---- meta: which topic, and how far

    /** Per topic, the id of the topic the data came from: empty while the store is new (or from before it kept several). */
    Map<String, String> topicIds() {
        return read(() -> {
            Map<String, String> ids = new HashMap<>();
            scanMeta(TOPIC_ID, (key, value) -> ids.put(key, new String(value, StandardCharsets.UTF_8)));
            return ids;
        });
    }

    /** Per topic partition, the next offset to read; none for a partition never read. */
    Map<TopicPartition, Long> positions() {
        return read(() -> {
            Map<TopicPartition, Long> positions = new HashMap<>();
            scanMeta(POSITION, (key, value) -> {
                int slash = key.lastIndexOf('/');
                positions.put(new TopicPartition(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1))),
                        ByteBuffer.wrap(value).getLong());
            });
            return positions;
        });
    }

    private void scanMeta(String prefix, BiConsumer<String, byte[]> action) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                action.accept(new String(it.key(), start.length, it.key().length - start.length, StandardCharsets.UTF_8), it.value());
            }
        }
    }

    /** Forgets everything, as a store of the topics {@code topicIds} (name to id) that has read nothing yet. */
    void reset(Map<String, String> topicIds) {
        read(() -> {
            resetUnlocked(topicIds);
            return null;
        });
    }

    private void resetUnlocked(Map<String, String> topicIds) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            for (ColumnFamilyHandle family : List.of(meta, charts, periods, tracks)) {
                batch.deleteRange(family, FIRST_KEY, PAST_LAST_KEY);
            }
            for (Map.Entry<String, String> topic : topicIds.entrySet()) {
                batch.put(meta, (TOPIC_ID + topic.getKey()).getBytes(StandardCharsets.UTF_8), topic.getValue().getBytes(StandardCharsets.UTF_8));
            }
            db.write(writeOptions, batch);
            for (ColumnFamilyHandle family : List.of(meta, charts, periods, tracks)) {
                db.compactRange(family); // drop the range tombstones' data now rather than at some later compaction
            }
        }
    }

    /** A write batch: archived charts, removals and positions, applied together by {@link Batch#commit()} or not at all. */
    Batch batch() {
        return new Batch();
    }

    final class Batch implements AutoCloseable {

        private final WriteBatch batch = new WriteBatch();
        /** Per chart key, the tracks placed by what this batch wrote there (none once removed): the database shows it only after the commit. */
        private final Map<ByteBuffer, List<String>> pending = new HashMap<>();

        /**
         * Stores an archived track chart and its tracks' places. The same bytes again change nothing; other bytes for the
         * same period (a chart archived again) replace it, and the tracks no longer on it lose their places.
         */
        void put(ArchivedChart chart, byte[] json) {
            read(() -> {
                write(chart.chartId(), chart.periodStart(), chart.periodEnd(), chart.isFinal(),
                        chart.entries().stream().map(entry -> new Place(entry.trackId(), entry.rank(), entry.plays())).toList(), json,
                        chart.entries().size());
                return null;
            });
        }

        /** Stores an archived drama or artist chart, as {@link #put(ArchivedChart, byte[])} does, with no track places. */
        void put(ArchivedEntityChart chart, byte[] json) {
            read(() -> {
                write(chart.chartId(), chart.periodStart(), chart.periodEnd(), chart.isFinal(), List.of(), json, chart.entries().size());
                return null;
            });
        }

        private void write(String chartId, Instant periodStart, Instant periodEnd, boolean isFinal, List<Place> places, byte[] json,
                           int entries) throws RocksDBException {
            long start = periodStart.toEpochMilli();
            byte[] key = ArchiveKeys.period(chartId, start);
            byte[] stored = pending.containsKey(ByteBuffer.wrap(key)) ? null : db.get(charts, key);
            if (stored != null && Arrays.equals(stored, HEADER_BYTES, stored.length, json, 0, json.length)) {
                return;
            }
            forgetPrevious(key, chartId, start, stored);
            batch.put(charts, key, ByteBuffer.allocate(HEADER_BYTES + json.length).put(digest(json)).putInt(entries).put(json).array());
            batch.put(periods, key, ByteBuffer.allocate(1 + Long.BYTES).put((byte) (isFinal ? 1 : 0)).putLong(periodEnd.toEpochMilli()).array());
            for (Place place : places) {
                batch.put(tracks, ArchiveKeys.track(place.trackId(), chartId, start),
                        ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(place.rank()).putLong(place.plays()).array());
            }
            pending.put(ByteBuffer.wrap(key), places.stream().map(Place::trackId).toList());
        }

        /** Removes an archived period (a tombstone on the topic) and its tracks' places. */
        void remove(String chartId, long periodStartMs) {
            read(() -> {
                byte[] key = ArchiveKeys.period(chartId, periodStartMs);
                forgetPrevious(key, chartId, periodStartMs, pending.containsKey(ByteBuffer.wrap(key)) ? null : db.get(charts, key));
                batch.delete(charts, key);
                batch.delete(periods, key);
                pending.put(ByteBuffer.wrap(key), List.of());
                return null;
            });
        }

        /** Records that every record of {@code partition} before {@code nextOffset} is in the store. */
        void position(TopicPartition partition, long nextOffset) {
            read(() -> {
                byte[] key = (POSITION + partition.topic() + "/" + partition.partition()).getBytes(StandardCharsets.UTF_8);
                batch.put(meta, key, ByteBuffer.allocate(Long.BYTES).putLong(nextOffset).array());
                return null;
            });
        }

        /** Applies everything this batch holds in one atomic write. */
        void commit() {
            read(() -> {
                db.write(writeOptions, batch);
                pending.clear();
                return null;
            });
        }

        /** Deletes the track places of what this key held before: from this batch, or else as {@code stored}. */
        private void forgetPrevious(byte[] key, String chartId, long periodStartMs, byte[] stored) throws RocksDBException {
            List<String> placed = pending.containsKey(ByteBuffer.wrap(key)) ? pending.get(ByteBuffer.wrap(key))
                    : stored == null || EntityChartId.parse(chartId).isPresent() ? List.of()
                    : decodeJson(Arrays.copyOfRange(stored, HEADER_BYTES, stored.length)).entries().stream().map(ChartEntry::trackId).toList();
            for (String trackId : placed) {
                batch.delete(tracks, ArchiveKeys.track(trackId, chartId, periodStartMs));
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    // ---- reads

    /** The archived chart of one period, if held. */
    Optional<StoredChart> chart(String chartId, long periodStartMs) {
        return read(() -> Optional.ofNullable(db.get(charts, ArchiveKeys.period(chartId, periodStartMs)))
                .map(value -> new StoredChart(Arrays.copyOfRange(value, HEADER_BYTES, value.length),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(value, DIGEST_BYTES)),
                        ByteBuffer.wrap(value, DIGEST_BYTES, Integer.BYTES).getInt())));
    }

    /** The chart's archived periods starting in {@code [fromMs, toMs)}, newest first, at most {@code limit}. */
    List<Period> periods(String chartId, long fromMs, long toMs, int limit) {
        return read(() -> {
            List<Period> found = new ArrayList<>();
            try (Slice lower = new Slice(ArchiveKeys.period(chartId, fromMs));
                 Slice upper = new Slice(ArchiveKeys.period(chartId, toMs));
                 ReadOptions options = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(periods, options)) {
                for (it.seekToLast(); it.isValid() && found.size() < limit; it.prev()) {
                    found.add(period(it.key(), it.value()));
                }
                it.status();
            }
            return found;
        });
    }

    /**
     * A track's place on every archived period of a chart starting in {@code [fromMs, toMs)}, oldest first: two
     * scans of small entries (the chart's periods and the track's places), read from one snapshot and merged.
     */
    List<Placing> trackHistory(String trackId, String chartId, long fromMs, long toMs) {
        return read(() -> {
            Snapshot snapshot = db.getSnapshot();
            try (Slice periodsFrom = new Slice(ArchiveKeys.period(chartId, fromMs));
                 Slice periodsTo = new Slice(ArchiveKeys.period(chartId, toMs));
                 Slice placesFrom = new Slice(ArchiveKeys.track(trackId, chartId, fromMs));
                 Slice placesTo = new Slice(ArchiveKeys.track(trackId, chartId, toMs));
                 ReadOptions periodReads = new ReadOptions().setSnapshot(snapshot).setIterateLowerBound(periodsFrom).setIterateUpperBound(periodsTo);
                 ReadOptions placeReads = new ReadOptions().setSnapshot(snapshot).setIterateLowerBound(placesFrom).setIterateUpperBound(placesTo);
                 RocksIterator periodIt = db.newIterator(periods, periodReads);
                 RocksIterator placeIt = db.newIterator(tracks, placeReads)) {
                List<Placing> history = new ArrayList<>();
                placeIt.seekToFirst();
                for (periodIt.seekToFirst(); periodIt.isValid(); periodIt.next()) {
                    Period period = period(periodIt.key(), periodIt.value());
                    while (placeIt.isValid() && ArchiveKeys.periodStartOf(placeIt.key()) < period.startMs()) {
                        placeIt.next(); // a place without its period cannot be written, but would not be served either
                    }
                    if (placeIt.isValid() && ArchiveKeys.periodStartOf(placeIt.key()) == period.startMs()) {
                        ByteBuffer place = ByteBuffer.wrap(placeIt.value());
                        history.add(new Placing(period, place.getInt(), place.getLong()));
                        placeIt.next();
                    } else {
                        history.add(new Placing(period, null, null));
                    }
                }
                periodIt.status();
                placeIt.status();
                return history;
            } finally {
                db.releaseSnapshot(snapshot);
            }
        });
    }

    /** Archived charts held, as RocksDB estimates them (exact after compaction). */
    long estimatedCharts() {
        return read(() -> db.getLongProperty(periods, "rocksdb.estimate-num-keys"));
    }

    /** Bytes of each column family's table files on disk (compressed; memtables not yet flushed are not counted). */
    Map<String, Long> diskBytes() {
        return read(() -> {
            Map<String, Long> bytes = new LinkedHashMap<>();
            for (ColumnFamilyHandle family : List.of(charts, periods, tracks, meta)) {
                bytes.put(new String(family.getName(), StandardCharsets.US_ASCII), db.getLongProperty(family, "rocksdb.live-sst-files-size"));
            }
            return bytes;
        });
    }

    /** Writes out the memtables: the store's files then hold everything (for measuring). */
    void flush() {
        read(() -> {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, List.of(meta, charts, periods, tracks));
            }
            return null;
        });
    }

    /** An archived track chart's JSON, as stored and served, read back. */
    static ArchivedChart decodeJson(byte[] json) {
        return Topics.CHARTS_ARCHIVE.valueSerde().deserializer().deserialize(Topics.CHARTS_ARCHIVE.name(), json);
    }

    /** An archived drama or artist chart's JSON, read back. */
    static ArchivedEntityChart decodeEntityJson(byte[] json) {
        return Topics.ENTITY_CHARTS_ARCHIVE.valueSerde().deserializer().deserialize(Topics.ENTITY_CHARTS_ARCHIVE.name(), json);
    }

    private static Period period(byte[] key, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        boolean isFinal = buffer.get() == 1;
        return new Period(ArchiveKeys.periodStartOf(key), buffer.getLong(), isFinal);
    }

    private static byte[] digest(byte[] json) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(json), DIGEST_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private interface Read<T> {
        T get() throws RocksDBException;
    }

    /** Runs {@code read} (or a write: the lock only keeps {@link #close()} out) while the database is open. */
    private <T> T read(Read<T> read) {
        open.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the chart archive is closed");
            }
            return read.get();
        } catch (RocksDBException e) {
            throw new IllegalStateException("the chart archive failed: " + e.getMessage(), e);
        } finally {
            open.readLock().unlock();
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary chart archive " + dir, e);
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // closing the rest all the same
            }
        }
    }

    @Override
    public void close() {
        open.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // handles before the database, the database before its options and memory
            for (ColumnFamilyHandle handle : List.of(meta, charts, periods, tracks)) {
                handle.close();
            }
            db.close();
            writeOptions.close();
            closeAll(resources);
            if (temporary) {
                deleteRecursively(dir);
            }
        } finally {
            open.writeLock().unlock();
        }
    }
}
