package com.ostcharts.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The archive store's keys, laid out so that every read is one range scan in RocksDB's byte order:
 * <ul>
 * <li>a period of a chart: {@code chartId 0x00 periodStart}, so a chart's periods lie together, oldest first;</li>
 * <li>a track on a chart: {@code trackId 0x00 chartId 0x00 periodStart}, so a track's trajectory on one chart lies
 * together, oldest first.</li>
 * </ul>
 * Ids are UTF-8 (a drama's or artist's slug may be Hangul) and never hold a {@code 0x00}, so the separator ends each id: {@code global/1h} never runs into {@code global/1h2}. Times are epoch milliseconds,
 * 8 bytes big-endian with the sign bit flipped, so the unsigned byte order RocksDB compares in is time order.
 */
final class ArchiveKeys {

    private static final byte SEPARATOR = 0;
    private static final int TIME_BYTES = Long.BYTES;

    private ArchiveKeys() {
    }

    /** The key of one period of a chart, in the chart and period column families. */
    static byte[] period(String chartId, long periodStartMs) {
        byte[] id = chartId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(id.length + 1 + TIME_BYTES).put(id).put(SEPARATOR).putLong(sortable(periodStartMs)).array();
    }

    /** The key of one track on one archived period of a chart, in the track column family. */
    static byte[] track(String trackId, String chartId, long periodStartMs) {
        byte[] track = trackId.getBytes(StandardCharsets.UTF_8);
        byte[] chart = chartId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(track.length + 1 + chart.length + 1 + TIME_BYTES)
                .put(track).put(SEPARATOR).put(chart).put(SEPARATOR).putLong(sortable(periodStartMs)).array();
    }

    /** The period start every key above ends with. */
    static long periodStartOf(byte[] key) {
        return sortable(ByteBuffer.wrap(key, key.length - TIME_BYTES, TIME_BYTES).getLong());
    }

    /** Flips the sign bit: its own inverse, so it both encodes and decodes. */
    private static long sortable(long epochMs) {
        return epochMs ^ Long.MIN_VALUE;
    }
}
