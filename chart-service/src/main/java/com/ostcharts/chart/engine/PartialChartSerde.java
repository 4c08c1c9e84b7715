package com.ostcharts.chart.engine;

import com.ostcharts.contract.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Partial charts in a compact binary form, for the partials topic and the {@code chart-partials} store: every tick
 * sends each changed chart's top N from every partition, so with many scopes this is the busiest path between the
 * stages, and JSON (field names repeated per standing) cost most of it. Records written as JSON before this format
 * (their first byte is an opening brace) are still read, so an upgrade needs no migration.
 */
final class PartialChartSerde implements Serde<PartialChart> {

    /** The first byte of the binary form; JSON starts with '{'. */
    private static final byte VERSION_1 = 1;
    private static final Deserializer<PartialChart> LEGACY_JSON = new JsonSerde<>(PartialChart.class).deserializer();

    @Override
    public Serializer<PartialChart> serializer() {
        return (topic, partial) -> partial == null ? null : write(partial);
    }

    @Override
    public Deserializer<PartialChart> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length > 0 && bytes[0] == '{' ? LEGACY_JSON.deserialize(topic, bytes) : read(topic, bytes);
        };
    }

    static byte[] write(PartialChart partial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + partial.standings().size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION_1);
            out.writeInt(partial.partition());
            out.writeInt(partial.standings().size());
            for (Standing standing : partial.standings()) {
                out.writeUTF(standing.trackId());
                out.writeLong(standing.plays());
                writeNullable(out, standing.title());
                List<String> artists = standing.artists();
                out.writeInt(artists == null ? -1 : artists.size());
                if (artists != null) {
                    for (String artist : artists) {
                        out.writeUTF(artist);
                    }
                }
                writeNullable(out, standing.drama());
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write a partial chart", e);
        }
        return bytes.toByteArray();
    }

    private static PartialChart read(String topic, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION_1) {
                throw new SerializationException("partial chart on " + topic + " in an unknown format " + version);
            }
            int partition = in.readInt();
            int count = in.readInt();
            List<Standing> standings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String trackId = in.readUTF();
                long plays = in.readLong();
                String title = readNullable(in);
                int artistCount = in.readInt();
                List<String> artists = null;
                if (artistCount >= 0) {
                    artists = new ArrayList<>(artistCount);
                    for (int a = 0; a < artistCount; a++) {
                        artists.add(in.readUTF());
                    }
                }
                standings.add(new Standing(trackId, plays, title, artists == null ? null : List.copyOf(artists), readNullable(in)));
            }
            return new PartialChart(partition, standings);
        } catch (IOException e) {
            throw new SerializationException("not a partial chart on " + topic, e);
        }
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
