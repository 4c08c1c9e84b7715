package com.ostcharts.chart.engine;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Listener-hours this task knows it has not counted, so the dedupe check can skip RocksDB for them: nearly every key
 * it looks up is new, and that lookup was a quarter of the stream thread's time. Per hour of {@code playedAt}, Bloom
 * filters holding every key this task instance wrote for that hour; they answer only for hours that had no key in the
 * store when the task started (hours up to {@link #start}'s are asked of RocksDB as before). A false positive costs the
 * RocksDB read it would have cost anyway; an absence they report is certain.
 * <p>
 * An hour's keys are not known in advance (from a few thousand to tens of millions), and a Bloom filter filled past its
 * expected size answers "maybe" to nearly everything (at 7,661 plays/s a filter sized for 100,000 keys was full in
 * 13 s, and the lookups went back to RocksDB: 9 % of the stream thread). So an hour grows as a scalable Bloom filter
 * (Almeida et al., 2007): when its newest filter is full, another one twice its size joins it, each at 1 % false
 * positives, so the hour's rate stays near 1 % per filter that is full. The growth stops at
 * {@link #DEFAULT_MAX_KEYS_PER_HOUR} keys (about 1.2 bytes each: 19 MB); past it the hour answers "maybe" to everything,
 * as without a filter. Memory: about 1.2 bytes per key, for the hours the store keeps (three at most).
 */
final class ListenerHourFilter {

    /** Keys an hour's first filter is sized for: twice the hour before it held, within the bounds. */
    private static final int MIN_FIRST = 100_000;
    private static final int MAX_FIRST = 8_000_000;
    static final long DEFAULT_MAX_KEYS_PER_HOUR = 16_000_000;
    private static final double FALSE_POSITIVES = 0.01;

    private final NavigableMap<Long, Hour> hours = new TreeMap<>();
    private final int minFirst;
    private final long maxKeysPerHour;
    private long lastHourBeforeStart = Long.MAX_VALUE;

    ListenerHourFilter() {
        this(MIN_FIRST, DEFAULT_MAX_KEYS_PER_HOUR);
    }

    ListenerHourFilter(int minFirst, long maxKeysPerHour) {
        this.minFirst = minFirst;
        this.maxKeysPerHour = maxKeysPerHour;
    }

    /** One hour's filters, oldest first; only the newest takes keys. */
    private static final class Hour {
        final List<BloomFilter<Long>> filters = new ArrayList<>();
        long capacity; // of the newest filter
        long inNewest;
        long size; // keys put, all filters
        long sized; // keys all filters are sized for
        boolean saturated;

        Hour(long firstCapacity) {
            add(firstCapacity);
        }

        void add(long capacity) {
            filters.add(BloomFilter.create(Funnels.longFunnel(), capacity, FALSE_POSITIVES));
            this.capacity = capacity;
            inNewest = 0;
            sized += capacity;
        }

        boolean mightContain(long fingerprint) {
            if (saturated) {
                return true;
            }
            for (BloomFilter<Long> filter : filters) {
                if (filter.mightContain(fingerprint)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** At a task's start: forget everything; hours up to {@code lastStoredHour} may hold keys this filter never saw. */
    void start(long lastStoredHour) {
        hours.clear();
        lastHourBeforeStart = lastStoredHour;
    }

    /** False only when {@code key} is certainly not among the listener-hours counted. */
    boolean mightContain(long hour, String key) {
        if (hour <= lastHourBeforeStart) {
            return true;
        }
        Hour known = hours.get(hour);
        return known != null && known.mightContain(fingerprint(key));
    }

    void put(long hour, String key) {
        if (hour <= lastHourBeforeStart) {
            return;
        }
        Hour known = hours.get(hour);
        if (known == null) {
            Hour before = hours.get(hour - 1);
            known = new Hour(before == null ? minFirst : Math.clamp(2 * before.size, minFirst, Math.min(MAX_FIRST, maxKeysPerHour)));
            hours.put(hour, known);
        }
        if (known.saturated) {
            return;
        }
        if (known.inNewest >= known.capacity) {
            long room = maxKeysPerHour - known.sized;
            if (room <= 0) {
                known.saturated = true; // every key of this hour is "maybe" from now on: nothing more to put
                known.filters.clear();
                return;
            }
            known.add(Math.min(2 * known.capacity, room));
        }
        if (known.filters.getLast().put(fingerprint(key))) {
            known.inNewest++;
            known.size++;
        }
    }

    /**
     * The key as the filters take it: its 64-bit FNV-1a hash. A key of about 100 characters was hashed by Guava's
     * streaming Murmur3 once per filter asked (11 % of counting a play, profiled); a long is hashed in a few nanoseconds.
     * A new key sharing its fingerprint with one of the hour's (about once in 10^12 lookups at 16 million keys an hour)
     * costs a RocksDB read, as any false positive does: never a play counted wrongly.
     */
    static long fingerprint(String key) {
        return ListenerSketches.listenerKey(key);
    }

    /** The hours before {@code hour} are forgotten by the store: so by the filter. */
    void forgetBefore(long hour) {
        hours.headMap(hour).clear();
    }
}
