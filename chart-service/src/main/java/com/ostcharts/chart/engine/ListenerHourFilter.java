package com.ostcharts.chart.engine;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Listener-hours this task knows it has not counted, so the dedupe check can skip RocksDB for them: nearly every key
 * it looks up is new, and that lookup was a quarter of the stream thread's time. One Bloom filter per hour of
 * {@code playedAt}, holding every key this task instance wrote for that hour; it answers only for hours that had no
 * key in the store when the task started (hours up to {@link #start}'s are asked of RocksDB as before). A false
 * positive (about 1 in 100 while an hour stays under its expected size) costs the RocksDB read it would have cost
 * anyway; an absence it reports is certain. Memory: about 1.2 bytes per key, for the hours the store keeps.
 */
final class ListenerHourFilter {

    /** Keys an hour's filter is sized for at first: then twice the hour before it held, within the bounds. */
    private static final int MIN_EXPECTED = 100_000;
    private static final int MAX_EXPECTED = 8_000_000;
    private static final double FALSE_POSITIVES = 0.01;

    private final NavigableMap<Long, Hour> hours = new TreeMap<>();
    private long lastHourBeforeStart = Long.MAX_VALUE;

    private static final class Hour {
        final BloomFilter<CharSequence> keys;
        long size;

        Hour(int expected) {
            keys = BloomFilter.create(Funnels.unencodedCharsFunnel(), expected, FALSE_POSITIVES);
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
        return known != null && known.keys.mightContain(key);
    }

    void put(long hour, String key) {
        if (hour <= lastHourBeforeStart) {
            return;
        }
        Hour known = hours.get(hour);
        if (known == null) {
            Hour before = hours.get(hour - 1);
            int expected = before == null ? MIN_EXPECTED : (int) Math.clamp(2 * before.size, MIN_EXPECTED, MAX_EXPECTED);
            known = new Hour(expected);
            hours.put(hour, known);
        }
        if (known.keys.put(key)) {
            known.size++;
        }
    }

    /** The hours before {@code hour} are forgotten by the store: so by the filter. */
    void forgetBefore(long hour) {
        hours.headMap(hour).clear();
    }
}
