package com.ostcharts.chart.engine;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1's listener counts (CONTRACT section 3, "Listeners"): per (scope, track, UTC hour) an {@link HourAudience}
 * (counted plays per minute, an HLL sketch of their listeners), and per entry that a tick asked about, the sketches of
 * its windows, kept up to date with every counted play (in batches: {@link TrackAudience}). (Repeats are counted with the plays, in the minute buckets.)
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
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int cachedEntries;
    private KeyValueStore<String, HourAudience> stored;
    private WriteBehindStore<Long, byte[]> journal;
    /**
     * Per (scope, track) in memory: its hours changed since the last checkpoint (the truth for them until it writes
     * them) or recently used, and its windows' sketches; least recently used out, never one with changes.
     */
    private final LinkedHashMap<RunningTotals.Key, TrackAudience> tracks;
    /** What this commit interval added, written to the journal just before the commit. */
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    private long firstJournal;
    private long nextJournal;
    private long lastCheckpoint;
    /**
     * No hour before this one is stored (a lower bound: the first stored when the task started, lowered by each
     * checkpoint): a window's hours before it are not asked of RocksDB. Building a 7-day window of a (scope, track) with
     * a few hours of plays otherwise costs 168 lookups of absent keys.
     */
    private long firstStoredHour;

    ListenerSketches(int cachedEntries) {
        this.cachedEntries = cachedEntries;
        this.tracks = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RunningTotals.Key, TrackAudience> eldest) {
                return size() > ListenerSketches.this.cachedEntries && !eldest.getValue().hasChanges();
            }
        };
    }

    /** Whenever the task starts: the stored hours, then the journal of what came after them. */
    void init(KeyValueStore<String, HourAudience> stored, WriteBehindStore<Long, byte[]> journal, long now) {
        this.stored = stored;
        this.journal = journal;
        tracks.clear();
        pending.clear();
        firstStoredHour = Long.MAX_VALUE;
        try (KeyValueIterator<String, HourAudience> first = stored.all()) {
            if (first.hasNext()) {
                firstStoredHour = Long.parseLong(StoreKeys.split(first.next().key, 2)[0]);
            }
        }
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

    /**
     * The listener as the sketches see it: a 64-bit FNV-1a hash of the id (already an HMAC from ingest), so that the
     * journal holds 8 bytes per play; the sketch hashes it again (murmur3) for its registers.
     */
    static long listenerKey(String listenerId) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < listenerId.length(); i++) {
            hash = (hash ^ listenerId.charAt(i)) * FNV_PRIME;
        }
        return hash;
    }

    void counted(String trackId, String country, String platform, long minute, long listener) {
        apply(trackId, country, platform, minute, listener);
        record(trackId, country, platform, minute, listener);
    }

    private void apply(String trackId, String country, String platform, long minute, long listener) {
        long hour = Math.floorDiv(minute, 60);
        int minuteOfHour = (int) Math.floorMod(minute, 60);
        for (ChartScope scope : CountingRules.scopesOf(country, platform)) {
            apply(scope, trackId, hour, minuteOfHour, listener);
        }
    }

    private void apply(ChartScope scope, String trackId, long hour, int minuteOfHour, long listener) {
        TrackAudience track = tracks.computeIfAbsent(new RunningTotals.Key(scope, trackId), k -> new TrackAudience());
        HourAudience audience = track.hour(hour);
        if (audience == null) {
            audience = storedHour(hour, scope, trackId);
            track.keep(hour, audience == null ? audience = new HourAudience() : audience);
        }
        audience.counted(minuteOfHour, listener);
        track.changed(hour);
        track.toWindows(hour, minuteOfHour, listener);
    }

    /** An hour of a (scope, track): from memory if there, else as stored (not kept). */
    private HourAudience hour(long hour, ChartScope scope, String trackId) {
        TrackAudience track = tracks.get(new RunningTotals.Key(scope, trackId));
        HourAudience audience = track == null ? null : track.hour(hour);
        return audience != null ? audience : storedHour(hour, scope, trackId);
    }

    private HourAudience storedHour(long hour, ChartScope scope, String trackId) {
        return hour < firstStoredHour ? null : stored.get(key(hour, scope, trackId));
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
     * The current hour stays in memory once written, and so does an earlier hour that took plays since the checkpoint
     * before (late plays, or a backlog read after an outage: dropping it at each checkpoint made every (scope, track) read
     * and decode it again from RocksDB, 10 s later, about 2 % of the stream thread when catching up on plays an hour old);
     * an earlier hour with no play in a whole interval is dropped, and a play of it later reads it back.
     */
    void checkpointIfDue(long now) {
        if (now - lastCheckpoint < CHECKPOINT_EVERY) {
            return;
        }
        lastCheckpoint = now;
        long kept = Math.floorDiv(now, 3_600_000L);
        List<KeyValue<String, HourAudience>> batch = new ArrayList<>();
        tracks.forEach((key, track) -> track.checkpoint(kept, (hour, audience) -> {
            batch.add(KeyValue.pair(key(hour, key.scope(), key.trackId()), audience));
            firstStoredHour = Math.min(firstStoredHour, hour);
        }));
        if (!batch.isEmpty()) {
            stored.putAll(batch);
        }
        for (long record = firstJournal; record < nextJournal; record++) {
            journal.delete(record);
        }
        firstJournal = nextJournal;
        pending.clear();
    }

    /** Deletes every hour before {@code firstKept}: no window or archive needs it any more. */
    void forgetBefore(long firstKept) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, HourAudience> it = stored.range(StoreKeys.time(0), StoreKeys.time(firstKept))) {
            it.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(stored::delete);
        tracks.values().forEach(track -> track.forgetBefore(firstKept));
    }

    /**
     * The audience of a live window of {@code scope} whose first minute is {@code firstMinute}, for a track with
     * {@code plays} counted in it; kept from play to play while the window's first hour stays the same.
     */
    long live(ChartScope scope, String trackId, ChartWindow window, long firstMinute, long nowMinute, long plays) {
        return window(scope, trackId, window, firstMinute, nowMinute).listeners(firstMinute, plays);
    }

    private WindowAudience window(ChartScope scope, String trackId, ChartWindow window, long firstMinute, long nowMinute) {
        TrackAudience track = tracks.computeIfAbsent(new RunningTotals.Key(scope, trackId), k -> new TrackAudience());
        long firstHour = Math.floorDiv(firstMinute, 60);
        WindowAudience audience = track.window(window.ordinal());
        if (audience == null || audience.firstHour != firstHour) {
            // plays may be 2 minutes ahead; a calendar window starts on the hour, so it needs no sketch of its later hours
            audience = build(scope, trackId, firstHour, Math.floorDiv(nowMinute + 2, 60), !window.calendar());
            track.replaceWindow(window.ordinal(), audience);
        }
        return audience;
    }

    /**
     * Adds a track's sketches of a live window to {@code entity}, a drama's or artist's in the same scope and window
     * (same first minute): its listeners are the union of its tracks'.
     */
    void addTo(EntityListeners entity, ChartScope scope, String trackId, ChartWindow window, long firstMinute, long nowMinute) {
        addTo(entity, window(scope, trackId, window, firstMinute, nowMinute), firstMinute);
    }

    /** Adds a track's listeners of the minutes {@code [from, to)} (an archived period) to its drama's or artist's. */
    void addBetween(EntityListeners entity, ChartScope scope, String trackId, long from, long to) {
        addTo(entity, build(scope, trackId, Math.floorDiv(from, 60), Math.floorDiv(to - 1, 60), true), from);
    }

    private static void addTo(EntityListeners entity, WindowAudience audience, long firstMinute) {
        entity.later.update(audience.later == null ? audience.all : audience.later);
        entity.all.update(audience.all);
        entity.firstHourInside += HourAudience.from(audience.firstPlays, (int) (firstMinute - audience.firstHour * 60));
        entity.firstHourPlays += HourAudience.from(audience.firstPlays, 0);
    }

    /** A drama's or artist's listeners in one scope and window of this partition, gathered track by track. */
    static final class EntityListeners {
        private final HllUnion later = new HllUnion(HourAudience.LG_K);
        private final HllUnion all = new HllUnion(HourAudience.LG_K);
        private long firstHourInside;
        private long firstHourPlays;

        EntityPartial.Listeners partial(long repeats) {
            return new EntityPartial.Listeners(later.getResult(EntityPartial.Listeners.SENT_TYPE).toCompactByteArray(),
                    all.getResult(EntityPartial.Listeners.SENT_TYPE).toCompactByteArray(), firstHourInside, firstHourPlays, repeats);
        }
    }

    /**
     * The contract's listeners from the union of the later hours' listeners and of all hours' ({@code all}), the first
     * hour apportioned by its plays inside the window: at least 1 and at most {@code plays}.
     */
    static long listeners(double later, double all, long firstHourInside, long firstHourPlays, long plays) {
        double share = firstHourPlays == 0 ? 0 : (double) firstHourInside / firstHourPlays;
        long listeners = Math.round(later + share * Math.max(0, all - later));
        return Math.min(plays, Math.max(plays > 0 ? 1 : 0, listeners));
    }

    /** The audience of the minutes {@code [from, to)} (an archived period: whole hours), not kept. */
    long between(ChartScope scope, String trackId, long from, long to, long plays) {
        return build(scope, trackId, Math.floorDiv(from, 60), Math.floorDiv(to - 1, 60), true).listeners(from, plays);
    }

    private WindowAudience build(ChartScope scope, String trackId, long firstHour, long lastHour, boolean apportioned) {
        WindowAudience audience = new WindowAudience(firstHour, apportioned);
        for (long hour = firstHour; hour <= lastHour; hour++) {
            HourAudience stored = hour(hour, scope, trackId);
            if (stored != null) {
                audience.add(hour, stored);
            }
        }
        return audience.built();
    }

    /**
     * One window's listeners: a sketch of its hours after the first ({@code later}; none for a window that always starts
     * on the hour), one of all of them ({@code all}), and the first hour's plays per minute, so a tick apportions the
     * first hour as the window's edge moves through it.
     */
    private static final class WindowAudience {
        final long firstHour;
        private HllUnion laterUnion;
        private HllUnion allUnion = new HllUnion(HourAudience.LG_K);
        private HllSketch later;
        private HllSketch all;
        /**
         * The sketches' estimates as last asked, {@code NaN} once a listener was added since: most entries of a chart
         * take no play between two ticks, and an estimate (coupon lookups, interpolation) was half of a tick's top N.
         */
        private double laterEstimate = Double.NaN;
        private double allEstimate = Double.NaN;
        private final int[] firstPlays = new int[60];

        WindowAudience(long firstHour, boolean apportioned) {
            this.firstHour = firstHour;
            this.laterUnion = apportioned ? new HllUnion(HourAudience.LG_K) : null;
        }

        void add(long hour, HourAudience stored) {
            allUnion.update(stored.listeners);
            if (hour == firstHour) {
                System.arraycopy(stored.plays, 0, firstPlays, 0, 60);
            } else if (laterUnion != null) {
                laterUnion.update(stored.listeners);
            }
        }

        /** Unions merge; from here on single listeners are added to compact HLL_4 sketches. */
        WindowAudience built() {
            later = laterUnion == null ? null : laterUnion.getResult(HourAudience.TYPE);
            all = allUnion.getResult(HourAudience.TYPE);
            laterUnion = null;
            allUnion = null;
            return this;
        }

        void counted(long hour, int minuteOfHour, long listener) {
            laterEstimate = Double.NaN;
            allEstimate = Double.NaN;
            if (hour > firstHour) {
                if (later != null) {
                    later.update(listener);
                }
                all.update(listener);
            } else if (hour == firstHour) {
                all.update(listener);
                firstPlays[minuteOfHour]++;
            }
        }

        /** The contract's listeners of a window starting at {@code firstMinute} (in the first hour), with {@code plays}. */
        long listeners(long firstMinute, long plays) {
            if (Double.isNaN(allEstimate)) {
                allEstimate = all.getEstimate();
                laterEstimate = later == null ? allEstimate : later.getEstimate();
            }
            return ListenerSketches.listeners(laterEstimate, allEstimate,
                    HourAudience.from(firstPlays, (int) (firstMinute - firstHour * 60)), HourAudience.from(firstPlays, 0), plays);
        }
    }

    /** Receives an hour to write at a checkpoint. */
    private interface HourSink {
        void accept(long hour, HourAudience audience);
    }

    /**
     * One (scope, track) in memory: a few hours (the open ones; which changed since the checkpoint), its windows.
     * <p>
     * A counted play goes to its hour's sketch at once, and to the windows' sketches (up to eight of them) in batches:
     * it waits in {@code pending} until a tick asks for a window, or the batch is full, and each window then takes
     * every play it has not yet seen, one sketch after the other. The sketches come out the same (an HLL update
     * commutes), but one play no longer touches nine sketches of 2 KB scattered in memory: in a catch-up's profile the
     * windows' updates, each a cache miss more than work, took 5 % of the stream thread. A window built from the
     * hours already holds the pending plays, so it starts past them.
     */
    private static final class TrackAudience {
        /** Up to about 4 KB per entry waiting (hour, minute, listener: 17 bytes a play). */
        private static final int MAX_PENDING = 256;

        private long[] hours = new long[4];
        private HourAudience[] audiences = new HourAudience[4];
        private boolean[] changed = new boolean[4];
        private int size;
        private final WindowAudience[] windows = new WindowAudience[WINDOWS.length];
        /** How many of the pending plays each window has taken. */
        private final int[] taken = new int[WINDOWS.length];
        private long[] pendingHours = new long[0];
        private byte[] pendingMinutes = new byte[0];
        private long[] pendingListeners = new long[0];
        private int pending;

        /** A counted play for the windows' sketches: kept until a window is asked for, or the batch is full. */
        void toWindows(long hour, int minuteOfHour, long listener) {
            if (!hasWindows()) {
                return;
            }
            if (pending == MAX_PENDING) {
                for (int window = 0; window < windows.length; window++) {
                    catchUp(window);
                }
            }
            if (pending == pendingHours.length) {
                int grown = Math.min(MAX_PENDING, Math.max(16, pending * 2));
                pendingHours = Arrays.copyOf(pendingHours, grown);
                pendingMinutes = Arrays.copyOf(pendingMinutes, grown);
                pendingListeners = Arrays.copyOf(pendingListeners, grown);
            }
            pendingHours[pending] = hour;
            pendingMinutes[pending] = (byte) minuteOfHour;
            pendingListeners[pending++] = listener;
        }

        /** A window's sketches with every counted play in them; {@code null} if not built. */
        WindowAudience window(int window) {
            catchUp(window);
            return windows[window];
        }

        /** A window built from the hours, which already hold the pending plays. */
        void replaceWindow(int window, WindowAudience built) {
            windows[window] = built;
            taken[window] = pending;
        }

        private void catchUp(int window) {
            WindowAudience audience = windows[window];
            if (audience != null) {
                for (int i = taken[window]; i < pending; i++) {
                    audience.counted(pendingHours[i], pendingMinutes[i], pendingListeners[i]);
                }
            }
            taken[window] = pending;
            for (int other = 0; other < windows.length; other++) {
                if (windows[other] != null && taken[other] < pending) {
                    return;
                }
            }
            pending = 0; // every window has them all
            Arrays.fill(taken, 0);
        }

        private boolean hasWindows() {
            for (WindowAudience window : windows) {
                if (window != null) {
                    return true;
                }
            }
            return false;
        }

        HourAudience hour(long hour) {
            for (int i = size - 1; i >= 0; i--) {
                if (hours[i] == hour) {
                    return audiences[i];
                }
            }
            return null;
        }

        void keep(long hour, HourAudience audience) {
            if (size == hours.length) {
                hours = Arrays.copyOf(hours, size * 2);
                audiences = Arrays.copyOf(audiences, size * 2);
                changed = Arrays.copyOf(changed, size * 2);
            }
            hours[size] = hour;
            audiences[size] = audience;
            changed[size++] = false;
        }

        void changed(long hour) {
            for (int i = size - 1; i >= 0; i--) {
                if (hours[i] == hour) {
                    changed[i] = true;
                    return;
                }
            }
        }

        boolean hasChanges() {
            for (int i = 0; i < size; i++) {
                if (changed[i]) {
                    return true;
                }
            }
            return false;
        }

        /** Keeps in memory the hours from {@code kept} on and those that changed since the last checkpoint, then hands each changed one to {@code sink}. */
        void checkpoint(long kept, HourSink sink) {
            retainFrom(kept); // before the marks are cleared: an earlier hour that took plays since the last one stays
            for (int i = 0; i < size; i++) {
                if (changed[i]) {
                    sink.accept(hours[i], audiences[i]);
                    changed[i] = false;
                }
            }
        }

        void forgetBefore(long firstKept) {
            retainFrom(firstKept);
        }

        private void retainFrom(long first) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (hours[i] >= first || changed[i]) {
                    hours[kept] = hours[i];
                    audiences[kept] = audiences[i];
                    changed[kept++] = changed[i];
                }
            }
            Arrays.fill(audiences, kept, size, null);
            size = kept;
        }
    }
}
