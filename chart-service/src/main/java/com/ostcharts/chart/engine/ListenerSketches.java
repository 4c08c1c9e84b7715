package com.ostcharts.chart.engine;

import com.google.common.hash.Hashing;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.HllUnion;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1's listener counts (CONTRACT section 3, "Listeners"): per (scope, track, UTC hour) an {@link HourAudience}
 * (counted plays per minute, an HLL sketch of their listeners), and per entry that a tick asked about, the sketches of
 * its windows, kept up to date play by play. (Repeats are counted with the plays, in the minute buckets.)
 * <p>
 * <b>Durable at little cost.</b> A hot hour's sketch is up to 2 KB; writing every changed one at every commit (every
 * 100 ms under exactly-once) would log far more bytes than the plays themselves. So the hours changed since the last
 * checkpoint stay in memory, and what each commit adds is a <i>journal</i> record: the plays counted since
 * the commit before, about 40 bytes each ({@code listener-journal}, written just before Streams commits through
 * {@link WriteBehindStore#beforeFlush}). Every {@link #CHECKPOINT_EVERY} a checkpoint writes the changed hours to
 * {@code listener-sketches} and deletes the journal records they include, in the same transaction; a task that
 * starts replays the journal over the hours stored. Each play is in exactly one of the two, so nothing is counted twice.
 * <p>
 * <b>A window's listeners.</b> Sketches are per hour, windows per minute. For a window whose first minute lies inside
 * an hour ({@code h0}), the contract takes the listeners of its later hours, plus those of {@code h0} not among them
 * in proportion to the share of {@code h0}'s counted plays inside the window; exact for whole hours.
 */
final class ListenerSketches {

    static final long CHECKPOINT_EVERY = 10_000;
    private static final ChartWindow[] WINDOWS = ChartWindow.values();

    private final int cachedEntries;
    private KeyValueStore<String, HourAudience> stored;
    private WriteBehindStore<Long, byte[]> journal;
    /** Hours changed since the last checkpoint: the truth for them until it writes them. */
    private final Map<String, HourAudience> changed = new HashMap<>();
    /** What this commit interval added, written to the journal just before the commit. */
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    private long firstJournal;
    private long nextJournal;
    private long lastCheckpoint;
    /** Per (scope, track) asked about recently, its windows' sketches (by window ordinal); least recently used out. */
    private final LinkedHashMap<RunningTotals.Key, WindowAudience[]> windows;

    ListenerSketches(int cachedEntries) {
        this.cachedEntries = cachedEntries;
        this.windows = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RunningTotals.Key, WindowAudience[]> eldest) {
                return size() > ListenerSketches.this.cachedEntries;
            }
        };
    }

    /** Whenever the task starts: the stored hours, then the journal of what came after them. */
    void init(KeyValueStore<String, HourAudience> stored, WriteBehindStore<Long, byte[]> journal, long now) {
        this.stored = stored;
        this.journal = journal;
        changed.clear();
        windows.clear();
        pending.clear();
        firstJournal = Long.MAX_VALUE;
        nextJournal = 0;
        journal.forEach(entry -> {
            firstJournal = Math.min(firstJournal, entry.key);
            nextJournal = Math.max(nextJournal, entry.key + 1);
            replay(ByteBuffer.wrap(entry.value));
        });
        if (firstJournal == Long.MAX_VALUE) {
            firstJournal = nextJournal;
        }
        lastCheckpoint = now;
        journal.beforeFlush(this::writeJournal);
    }

    /** The listener as the sketches see it: a 64-bit hash, so that the journal holds 8 bytes per play. */
    static long listenerKey(String listenerId) {
        return Hashing.murmur3_128().hashString(listenerId, StandardCharsets.UTF_8).asLong();
    }

    void counted(String trackId, String country, String platform, long minute, long listener) {
        apply(trackId, country, platform, minute, listener);
        record(trackId, country, platform, minute, listener);
    }

    private void apply(String trackId, String country, String platform, long minute, long listener) {
        long hour = Math.floorDiv(minute, 60);
        int minuteOfHour = (int) Math.floorMod(minute, 60);
        for (ChartScope scope : List.of(ChartScope.GLOBAL, ChartScope.country(country), ChartScope.platform(platform))) {
            changedHour(hour, scope, trackId).counted(minuteOfHour, listener);
            WindowAudience[] cached = windows.get(new RunningTotals.Key(scope, trackId));
            if (cached != null) {
                for (WindowAudience window : cached) {
                    if (window != null) {
                        window.counted(hour, minuteOfHour, listener);
                    }
                }
            }
        }
    }

    private HourAudience changedHour(long hour, ChartScope scope, String trackId) {
        String key = key(hour, scope, trackId);
        HourAudience audience = changed.get(key);
        if (audience == null) {
            audience = stored.get(key);
            changed.put(key, audience == null ? audience = new HourAudience() : audience);
        }
        return audience;
    }

    private HourAudience hour(long hour, ChartScope scope, String trackId) {
        String key = key(hour, scope, trackId);
        HourAudience audience = changed.get(key);
        return audience != null ? audience : stored.get(key);
    }

    private static String key(long hour, ChartScope scope, String trackId) {
        return StoreKeys.join(StoreKeys.time(hour), scope.path(), trackId);
    }

    private void record(String trackId, String country, String platform, long minute, long listener) {
        byte[] track = trackId.getBytes(StandardCharsets.UTF_8);
        byte[] countryBytes = country.getBytes(StandardCharsets.UTF_8);
        byte[] platformBytes = platform.getBytes(StandardCharsets.UTF_8);
        int size = 2 + track.length + 1 + countryBytes.length + 1 + platformBytes.length + 8 + 8;
        if (pending.remaining() < size) {
            pending = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + size)).put(pending.flip());
        }
        pending.putShort((short) track.length).put(track).put((byte) countryBytes.length).put(countryBytes)
                .put((byte) platformBytes.length).put(platformBytes).putLong(minute).putLong(listener);
    }

    private void replay(ByteBuffer in) {
        while (in.hasRemaining()) {
            String trackId = text(in, in.getShort());
            String country = text(in, in.get());
            String platform = text(in, in.get());
            apply(trackId, country, platform, in.getLong(), in.getLong());
        }
    }

    private static String text(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Just before each commit: what this interval added, as one journal record. */
    private void writeJournal() {
        if (pending.position() == 0) {
            return;
        }
        journal.put(nextJournal++, Arrays.copyOf(pending.array(), pending.position()));
        pending.clear();
    }

    /**
     * Every {@link #CHECKPOINT_EVERY}: the hours changed since the last checkpoint to {@code listener-sketches}, and the
     * journal they include deleted (the plays not yet journaled are in the hours written too: dropped from the next).
     */
    void checkpointIfDue(long now) {
        if (now - lastCheckpoint < CHECKPOINT_EVERY) {
            return;
        }
        lastCheckpoint = now;
        if (!changed.isEmpty()) {
            List<KeyValue<String, HourAudience>> batch = new ArrayList<>(changed.size());
            changed.forEach((key, audience) -> batch.add(KeyValue.pair(key, audience)));
            stored.putAll(batch);
            changed.clear();
        }
        for (long record = firstJournal; record < nextJournal; record++) {
            journal.delete(record);
        }
        firstJournal = nextJournal;
        pending.clear();
    }

    /** Deletes every hour before {@code firstKept}: no window or archive needs it any more. */
    void forgetBefore(long firstKept) {
        String end = StoreKeys.time(firstKept);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, HourAudience> it = stored.range(StoreKeys.time(0), end)) {
            it.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(stored::delete);
        changed.keySet().removeIf(key -> key.compareTo(end) < 0);
    }

    /**
     * The audience of a live window of {@code scope} whose first minute is {@code firstMinute}, for a track with
     * {@code plays} counted in it; kept from play to play while the window's first hour stays the same.
     */
    long live(ChartScope scope, String trackId, ChartWindow window, long firstMinute, long nowMinute, long plays) {
        WindowAudience[] cached = windows.computeIfAbsent(new RunningTotals.Key(scope, trackId), k -> new WindowAudience[WINDOWS.length]);
        long firstHour = Math.floorDiv(firstMinute, 60);
        WindowAudience audience = cached[window.ordinal()];
        if (audience == null || audience.firstHour != firstHour) {
            audience = build(scope, trackId, firstHour, Math.floorDiv(nowMinute + 2, 60)); // plays may be 2 minutes ahead
            cached[window.ordinal()] = audience;
        }
        return audience.listeners(firstMinute, plays);
    }

    /** The audience of the minutes {@code [from, to)} (an archived period: whole hours), not kept. */
    long between(ChartScope scope, String trackId, long from, long to, long plays) {
        return build(scope, trackId, Math.floorDiv(from, 60), Math.floorDiv(to - 1, 60)).listeners(from, plays);
    }

    private WindowAudience build(ChartScope scope, String trackId, long firstHour, long lastHour) {
        WindowAudience audience = new WindowAudience(firstHour);
        for (long hour = firstHour; hour <= lastHour; hour++) {
            HourAudience stored = hour(hour, scope, trackId);
            if (stored != null) {
                audience.add(hour, stored);
            }
        }
        return audience.built();
    }

    /**
     * One window's listeners: a sketch of its hours after the first ({@code later}), one of all of them ({@code all}),
     * and the first hour's plays per minute, so a tick apportions the first hour as the window's edge moves through it.
     */
    private static final class WindowAudience {
        final long firstHour;
        private HllUnion laterUnion = new HllUnion(HourAudience.LG_K);
        private HllUnion allUnion = new HllUnion(HourAudience.LG_K);
        private HllSketch later;
        private HllSketch all;
        private final int[] firstPlays = new int[60];

        WindowAudience(long firstHour) {
            this.firstHour = firstHour;
        }

        void add(long hour, HourAudience stored) {
            allUnion.update(stored.listeners);
            if (hour == firstHour) {
                System.arraycopy(stored.plays, 0, firstPlays, 0, 60);
            } else {
                laterUnion.update(stored.listeners);
            }
        }

        /** Unions merge; from here on single listeners are added to compact HLL_4 sketches. */
        WindowAudience built() {
            later = laterUnion.getResult(HourAudience.TYPE);
            all = allUnion.getResult(HourAudience.TYPE);
            laterUnion = null;
            allUnion = null;
            return this;
        }

        void counted(long hour, int minuteOfHour, long listener) {
            if (hour > firstHour) {
                later.update(listener);
                all.update(listener);
            } else if (hour == firstHour) {
                all.update(listener);
                firstPlays[minuteOfHour]++;
            }
        }

        /** The contract's listeners of a window starting at {@code firstMinute} (in the first hour), with {@code plays}. */
        long listeners(long firstMinute, long plays) {
            long firstTotal = HourAudience.from(firstPlays, 0);
            double share = firstTotal == 0 ? 0 : (double) HourAudience.from(firstPlays, (int) (firstMinute - firstHour * 60)) / firstTotal;
            double laterListeners = later.getEstimate();
            long listeners = Math.round(laterListeners + share * Math.max(0, all.getEstimate() - laterListeners));
            return Math.min(plays, Math.max(plays > 0 ? 1 : 0, listeners));
        }
    }
}
