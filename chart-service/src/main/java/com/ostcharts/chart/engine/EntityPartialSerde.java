package com.ostcharts.chart.engine;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entity partials in a compact binary form, for the partials topic (behind {@link StageTwoInputSerde}'s tag) and the
 * {@code entity-partials} store: a version byte, the partition, then per drama or artist its slug, name, plays and top
 * tracks (id, plays, title), and (version 2) its listeners: a presence byte, the two sketches (length, bytes), the first
 * hour's plays inside the window and in all, the repeats; (version 3) or a presence byte 2 and the repeats alone, for
 * listeners {@linkplain EntityPartial.Listeners#kept() kept} as last sent. Only the top tracks' titles travel: stage 2
 * needs nothing else of them. Versions 1 (no listeners) and 2 are still read; a reader of version 2 refuses version 3
 * rather than misreading a kept marker.
 */
final class EntityPartialSerde implements Serde<EntityPartial> {

    private static final byte VERSION_1 = 1;
    private static final byte VERSION_3 = 3;
    private static final byte NO_LISTENERS = 0;
    private static final byte SKETCHED = 1;
    private static final byte KEPT = 2;

    @Override
    public Serializer<EntityPartial> serializer() {
        return (topic, partial) -> partial == null ? null : write(partial);
    }

    @Override
    public Deserializer<EntityPartial> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes, 0);
    }

    static byte[] write(EntityPartial partial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + partial.standings().size() * 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION_3);
            out.writeInt(partial.partition());
            out.writeInt(partial.standings().size());
            for (EntityPartial.EntityStanding standing : partial.standings()) {
                out.writeUTF(standing.slug());
                out.writeUTF(standing.name());
                out.writeLong(standing.plays());
                out.writeByte(standing.topTracks().size());
                for (Standing track : standing.topTracks()) {
                    out.writeUTF(track.trackId());
                    out.writeLong(track.plays());
                    out.writeBoolean(track.title() != null);
                    if (track.title() != null) {
                        out.writeUTF(track.title());
                    }
                }
                writeListeners(out, standing.listeners());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** A presence byte, then the listeners: sketched in full, or kept (the repeats alone). */
    static void writeListeners(DataOutputStream out, EntityPartial.Listeners listeners) throws IOException {
        if (listeners == null) {
            out.writeByte(NO_LISTENERS);
        } else if (listeners.kept()) {
            out.writeByte(KEPT);
            out.writeLong(listeners.repeats());
        } else {
            out.writeByte(SKETCHED);
            out.writeInt(listeners.later().length);
            out.write(listeners.later());
            out.writeInt(listeners.all().length);
            out.write(listeners.all());
            out.writeLong(listeners.firstHourInside());
            out.writeLong(listeners.firstHourPlays());
            out.writeLong(listeners.repeats());
        }
    }

    /** Reads what {@link #writeListeners} wrote. */
    static EntityPartial.Listeners readListeners(DataInputStream in) throws IOException {
        return switch (in.readByte()) {
            case NO_LISTENERS -> null;
            case KEPT -> EntityPartial.Listeners.kept(in.readLong());
            case SKETCHED -> {
                byte[] later = in.readNBytes(in.readInt());
                byte[] all = in.readNBytes(in.readInt());
                yield new EntityPartial.Listeners(later, all, in.readLong(), in.readLong(), in.readLong());
            }
            default -> throw new IOException("unknown listeners marker");
        };
    }

    /** Reads what {@link #write} wrote, from {@code offset}. */
    static EntityPartial read(String topic, byte[] bytes, int offset) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
            byte version = in.readByte();
            if (version < VERSION_1 || version > VERSION_3) {
                throw new SerializationException("entity partial on " + topic + " in an unknown format " + version);
            }
            int partition = in.readInt();
            int count = in.readInt();
            List<EntityPartial.EntityStanding> standings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String slug = in.readUTF();
                String name = in.readUTF();
                long plays = in.readLong();
                int tops = in.readByte();
                List<Standing> topTracks = new ArrayList<>(tops);
                for (int t = 0; t < tops; t++) {
                    String trackId = in.readUTF();
                    long trackPlays = in.readLong();
                    String title = in.readBoolean() ? in.readUTF() : null;
                    topTracks.add(new Standing(trackId, trackPlays, title, null, null));
                }
                EntityPartial.Listeners listeners = version == VERSION_1 ? null : readListeners(in);
                standings.add(new EntityPartial.EntityStanding(slug, name, plays, topTracks, listeners));
            }
            return new EntityPartial(partition, standings);
        } catch (IOException e) {
            throw new SerializationException("not an entity partial on " + topic, e);
        }
    }
}
