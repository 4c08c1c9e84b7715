package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import org.apache.kafka.common.errors.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Partial charts in a compact binary form, for the partials topic and the {@code chart-partials} store: every tick
 * sends each changed chart's top N from every partition, so with many scopes this is the busiest path between the
 * stages, and JSON (field names repeated per standing) cost most of it. Records written as JSON before this format
 * (their first byte is an opening brace) and in version 1 (no listener figures) are still read, so an upgrade needs no
 * migration.
 */
final class PartialChartSerde extends BinaryOrLegacyJson<PartialChart> {

    /** The first byte of the binary form; JSON starts with '{'. */
    private static final byte VERSION_1 = 1;
    /**
     * Version 1, and after each standing its audience: a presence byte, then listeners and repeats. Numbered 5, as the
     * partials topic tags its other records 2 to 4 ({@link StageTwoInputSerde}).
     */
    private static final byte VERSION_2 = 5;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    PartialChartSerde() {
        super(PartialChart.class, PartialChartSerde::write, PartialChartSerde::read);
    }

    static byte[] write(PartialChart partial) {
        Writer out = new Writer(16 + partial.standings().size() * 64);
        out.write(VERSION_2);
        out.writeInt(partial.partition());
        out.writeInt(partial.standings().size());
        for (Standing standing : partial.standings()) {
            out.writeUtf(standing.trackId());
            out.writeLong(standing.plays());
            out.writeNullable(standing.title());
            List<String> artists = standing.artists();
            out.writeInt(artists == null ? -1 : artists.size());
            if (artists != null) {
                artists.forEach(out::writeUtf);
            }
            out.writeNullable(standing.drama());
            Audience audience = standing.audience();
            out.write(audience == null ? 0 : 1);
            if (audience != null) {
                out.writeLong(audience.listeners());
                out.writeLong(audience.repeats());
            }
        }
        return out.bytes();
    }

    private static PartialChart read(String topic, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION_1 && version != VERSION_2) {
                throw new SerializationException("partial chart on " + topic + " in an unknown format " + version);
            }
            int partition = in.getInt();
            int count = in.getInt();
            List<Standing> standings = new ArrayList<>(Math.min(count, bytes.length));
            for (int i = 0; i < count; i++) {
                String trackId = readUtf(in);
                long plays = in.getLong();
                String title = readNullable(in);
                int artistCount = in.getInt();
                List<String> artists = null;
                if (artistCount >= 0) {
                    String[] names = new String[artistCount];
                    for (int a = 0; a < artistCount; a++) {
                        names[a] = readUtf(in);
                    }
                    artists = List.of(names);
                }
                String drama = readNullable(in);
                Audience audience = version == VERSION_2 && in.get() != 0 ? new Audience(in.getLong(), in.getLong()) : null;
                standings.add(new Standing(trackId, plays, title, artists, drama, audience));
            }
            if (in.hasRemaining()) {
                throw new SerializationException("partial chart on " + topic + " has " + in.remaining() + " bytes after its end");
            }
            return new PartialChart(partition, standings);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("not a partial chart on " + topic, e);
        }
    }

    private static String readNullable(ByteBuffer in) {
        return in.get() != 0 ? readUtf(in) : null;
    }

    /**
     * A string as {@code DataOutputStream.writeUTF} wrote it (the format's first writer): an unsigned 16-bit length,
     * then modified UTF-8. Read here with the JDK's decoder ({@code DataInputStream.readUTF} on the slice), which
     * stays the one authority on that encoding.
     */
    private static String readUtf(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        int at = in.position();
        String text = ascii(in.array(), in.arrayOffset() + at, length);
        if (text == null) {
            try {
                text = new DataInputStream(new ByteArrayInputStream(in.array(), in.arrayOffset() + at - 2, length + 2)).readUTF();
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed string", e);
            }
        }
        in.position(at + length);
        return text;
    }

    /** The string when every byte is ASCII (nearly every id, and Latin titles): modified UTF-8 is then the bytes themselves. */
    private static String ascii(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] <= 0) {
                return null; // not ASCII (negative), or a NUL, which modified UTF-8 never writes as one byte
            }
        }
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    /** An unsynchronized growing buffer: {@code ByteArrayOutputStream} locks on every byte written. */
    private static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        void write(int b) {
            room(1);
            buffer[size++] = (byte) b;
        }

        void writeInt(int value) {
            room(4);
            INT.set(buffer, size, value);
            size += 4;
        }

        void writeLong(long value) {
            room(8);
            LONG.set(buffer, size, value);
            size += 8;
        }

        void writeNullable(String value) {
            write(value == null ? 0 : 1);
            if (value != null) {
                writeUtf(value);
            }
        }

        /** As {@code DataOutputStream.writeUTF}: ASCII written directly, anything else through the JDK's own writer. */
        void writeUtf(String value) {
            int length = value.length();
            if (length <= 0xFFFF) {
                room(2 + length);
                int at = size + 2;
                for (int i = 0; i < length; i++) {
                    char c = value.charAt(i);
                    if (c == 0 || c >= 0x80) {
                        writeModifiedUtf8(value);
                        return;
                    }
                    buffer[at + i] = (byte) c;
                }
                SHORT.set(buffer, size, (short) length);
                size = at + length;
                return;
            }
            writeModifiedUtf8(value); // too long: the JDK's writer refuses it, as it always did
        }

        private void writeModifiedUtf8(String value) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length() * 3 + 2);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write a partial chart: " + e.getMessage(), e);
            }
            room(bytes.size());
            System.arraycopy(bytes.toByteArray(), 0, buffer, size, bytes.size());
            size += bytes.size();
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
