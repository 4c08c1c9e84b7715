package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.Movement;
import org.apache.kafka.common.errors.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart histories ({@code chart-history}, {@code archive-history}) in a compact binary form. Every published version
 * rewrites its chart's history (its entries and snapshots) at the next commit, to RocksDB and the changelog: as JSON,
 * with every field name repeated per entry, that changelog carried more bytes than the charts themselves (39 MB against
 * 22 MB in a capacity run). Histories written as JSON before (first byte an opening brace) are still read, so an upgrade
 * needs no migration; each is rewritten in this form at its chart's next version.
 */
final class ChartHistorySerde extends BinaryOrLegacyJson<ChartHistory> {

    /** The first byte of the binary form; JSON starts with '{'. */
    private static final byte VERSION = 1;

    ChartHistorySerde() {
        super(ChartHistory.class, ChartHistorySerde::write, ChartHistorySerde::read);
    }

    private static byte[] write(ChartHistory history) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + history.published().size() * 96 + history.snapshotHistory().size() * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(history.version());
            out.writeLong(history.period());
            out.writeInt(history.published().size());
            for (ChartEntry entry : history.published()) {
                writeEntry(out, entry);
            }
            out.writeInt(history.lastSnapshot().size());
            for (Map.Entry<String, Integer> rank : history.lastSnapshot().entrySet()) {
                out.writeUTF(rank.getKey());
                out.writeInt(rank.getValue());
            }
            out.writeInt(history.snapshotHistory().size());
            for (Map.Entry<String, ChartHistory.Appearances> seen : history.snapshotHistory().entrySet()) {
                out.writeUTF(seen.getKey());
                out.writeInt(seen.getValue().peakRank());
                out.writeInt(seen.getValue().periods());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static ChartHistory read(String topic, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                throw new SerializationException("chart history on " + topic + " in an unknown format");
            }
            long version = in.readLong();
            long period = in.readLong();
            int entries = in.readInt();
            List<ChartEntry> published = new ArrayList<>(entries);
            for (int i = 0; i < entries; i++) {
                published.add(readEntry(in));
            }
            int ranks = in.readInt();
            Map<String, Integer> lastSnapshot = new HashMap<>(ranks * 2);
            for (int i = 0; i < ranks; i++) {
                lastSnapshot.put(in.readUTF(), in.readInt());
            }
            int seen = in.readInt();
            Map<String, ChartHistory.Appearances> snapshotHistory = new HashMap<>(seen * 2);
            for (int i = 0; i < seen; i++) {
                snapshotHistory.put(in.readUTF(), new ChartHistory.Appearances(in.readInt(), in.readInt()));
            }
            return new ChartHistory(version, period, published, lastSnapshot, snapshotHistory);
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a chart history on " + topic, e);
        }
    }

    /** Every field of the entry in order; a nullable one after a presence byte. */
    private static void writeEntry(DataOutputStream out, ChartEntry entry) throws IOException {
        out.writeInt(entry.rank());
        out.writeUTF(entry.trackId());
        writeNullable(out, entry.title());
        out.writeInt(entry.artists() == null ? -1 : entry.artists().size());
        if (entry.artists() != null) {
            for (String artist : entry.artists()) {
                out.writeUTF(artist);
            }
        }
        writeNullable(out, entry.drama());
        out.writeLong(entry.plays());
        out.writeBoolean(entry.listeners() != null);
        if (entry.listeners() != null) {
            out.writeLong(entry.listeners());
        }
        out.writeBoolean(entry.playsPerListener() != null);
        if (entry.playsPerListener() != null) {
            out.writeDouble(entry.playsPerListener());
        }
        out.writeByte(entry.concentrated() == null ? 0 : entry.concentrated() ? 2 : 1);
        out.writeBoolean(entry.previousRank() != null);
        if (entry.previousRank() != null) {
            out.writeInt(entry.previousRank());
        }
        writeNullable(out, entry.movement() == null ? null : entry.movement().name());
        out.writeInt(entry.peakRank());
        out.writeInt(entry.periodsOnChart());
    }

    private static ChartEntry readEntry(DataInputStream in) throws IOException {
        int rank = in.readInt();
        String trackId = in.readUTF();
        String title = readNullable(in);
        int artistCount = in.readInt();
        List<String> artists = null;
        if (artistCount >= 0) {
            artists = new ArrayList<>(artistCount);
            for (int i = 0; i < artistCount; i++) {
                artists.add(in.readUTF());
            }
        }
        String drama = readNullable(in);
        long plays = in.readLong();
        Long listeners = in.readBoolean() ? in.readLong() : null;
        Double playsPerListener = in.readBoolean() ? in.readDouble() : null;
        byte concentrated = in.readByte();
        Integer previousRank = in.readBoolean() ? in.readInt() : null;
        String movement = readNullable(in);
        return new ChartEntry(rank, trackId, title, artists, drama, plays, listeners, playsPerListener,
                concentrated == 0 ? null : concentrated == 2, previousRank, movement == null ? null : Movement.valueOf(movement),
                in.readInt(), in.readInt());
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
