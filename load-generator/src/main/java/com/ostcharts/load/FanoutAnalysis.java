package com.ostcharts.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the listeners of one fan-out run received, judged against what was published: for every version published in
 * the measured interval and every listener connected before it, how long until that listener had it or a newer one
 * (the newest-version delay: a listener may skip a version, then the next one it gets counts); versions skipped; and
 * listeners that never got the newest.
 */
final class FanoutAnalysis {

    /** One listener's log: its kind, and each event's id and the wall-clock microsecond its last byte was read. */
    record Log(SseListeners.Kind kind, long[] ids, long[] micros, long bytesRead, long heartbeats) {
    }

    /** The figures of one group of listeners (the measured ones, or the slow ones). */
    record Delivery(int listeners, long versions, long deliveries, long p50Ms, long p90Ms, long p99Ms, long p999Ms, long maxMs,
                    long skipped, int listenersThatSkipped, long neverReached, int withoutNewest, double eventsPerListener,
                    long wireBytesPerEvent) {
    }

    /** How long from a version's first to its last listener (only listeners that received exactly that version). */
    record Spread(long versions, long p50Ms, long p99Ms, long maxMs) {
    }

    private FanoutAnalysis() {
    }

    /**
     * The delivery figures of the logs of {@code kind}. {@code asOfMicros}: the publication of each version (only those
     * published in the measured interval); {@code newest}: the last version published, which every listener must have
     * by the end.
     */
    static Delivery delivery(List<Log> logs, SseListeners.Kind kind, Map<Long, Long> asOfMicros, long newest) {
        long[] versions = asOfMicros.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        Histogram delays = new Histogram(3);
        long skipped = 0;
        int listenersThatSkipped = 0;
        long neverReached = 0;
        int withoutNewest = 0;
        int listeners = 0;
        long events = 0;
        long bytes = 0;
        for (Log log : logs) {
            if (log.kind() != kind) {
                continue;
            }
            listeners++;
            events += log.ids().length;
            bytes += log.bytesRead();
            long[] ids = log.ids();
            if (ids.length == 0 || ids[ids.length - 1] < newest) {
                withoutNewest++;
            }
            if (ids.length == 0) {
                neverReached += versions.length;
                continue;
            }
            long skippedHere = 0;
            int at = 0;
            for (long version : versions) {
                if (version <= ids[0]) {
                    continue; // published before this listener connected: its first event was the version current then
                }
                while (at < ids.length && ids[at] < version) {
                    at++;
                }
                if (at == ids.length) {
                    neverReached++;
                    continue;
                }
                delays.recordValue(Math.max(0, (log.micros()[at] - asOfMicros.get(version)) / 1_000));
                if (ids[at] != version) {
                    skippedHere++;
                }
            }
            skipped += skippedHere;
            if (skippedHere > 0) {
                listenersThatSkipped++;
            }
        }
        return new Delivery(listeners, versions.length, delays.getTotalCount(), delays.getValueAtPercentile(50),
                delays.getValueAtPercentile(90), delays.getValueAtPercentile(99), delays.getValueAtPercentile(99.9),
                delays.getMaxValue(), skipped, listenersThatSkipped, neverReached, withoutNewest,
                listeners == 0 ? 0 : (double) events / listeners, events == 0 ? 0 : bytes / events);
    }

    /** First-to-last-listener spread of each version among the logs of {@code kind}. */
    static Spread spread(List<Log> logs, SseListeners.Kind kind, Map<Long, Long> asOfMicros) {
        Map<Long, long[]> firstLast = new TreeMap<>();
        for (Long version : asOfMicros.keySet()) {
            firstLast.put(version, new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        }
        for (Log log : logs) {
            if (log.kind() != kind) {
                continue;
            }
            for (int i = 0; i < log.ids().length; i++) {
                long[] range = firstLast.get(log.ids()[i]);
                if (range != null) {
                    range[0] = Math.min(range[0], log.micros()[i]);
                    range[1] = Math.max(range[1], log.micros()[i]);
                }
            }
        }
        Histogram spreads = new Histogram(3);
        for (long[] range : firstLast.values()) {
            if (range[0] != Long.MAX_VALUE) {
                spreads.recordValue((range[1] - range[0]) / 1_000);
            }
        }
        return new Spread(spreads.getTotalCount(), spreads.getValueAtPercentile(50), spreads.getValueAtPercentile(99), spreads.getMaxValue());
    }

    /** The versions whose publication lies in {@code [fromMicros, toMicros)}. */
    static Map<Long, Long> publishedBetween(Map<Long, Long> asOfMicros, long fromMicros, long toMicros) {
        Map<Long, Long> measured = new TreeMap<>();
        asOfMicros.forEach((version, asOf) -> {
            if (asOf >= fromMicros && asOf < toMicros) {
                measured.put(version, asOf);
            }
        });
        return measured;
    }

    /** The logs of every listener, copied out of the running client. */
    static List<Log> logs(List<SseListeners.Listener> listeners) {
        List<Log> logs = new ArrayList<>(listeners.size());
        for (SseListeners.Listener listener : listeners) {
            logs.add(new Log(listener.kind, listener.ids(), listener.micros(), listener.bytesRead(), listener.heartbeats()));
        }
        return logs;
    }

    /** Milliseconds, p50, p99 and max, of how long each reconnect waited for its first event. */
    static long[] firstEventMs(List<SseListeners.Reconnect> reconnects) {
        long[] waits = reconnects.stream().mapToLong(r -> (r.firstMicros() - r.connectMicros()) / 1_000).sorted().toArray();
        if (waits.length == 0) {
            return new long[] {0, 0, 0};
        }
        return new long[] {waits[waits.length / 2], waits[Math.min(waits.length - 1, (int) Math.ceil(waits.length * 0.99) - 1)],
                waits[waits.length - 1]};
    }

    /**
     * Whether a reconnect resumed at the newest version: its first event was the newest version any listener had when
     * it connected, or a newer one. (A gateway may send nothing until the next version when {@code Last-Event-ID}
     * already names the newest; the next one is then newer.)
     */
    static boolean resumedAtNewest(SseListeners.Reconnect reconnect) {
        return reconnect.firstId() >= reconnect.newestAtConnectId();
    }
}
