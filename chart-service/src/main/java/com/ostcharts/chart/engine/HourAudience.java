package com.ostcharts.chart.engine;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Who played one track in one scope in one UTC hour: its counted plays per minute of the hour, and an HLL sketch of
 * their listeners. The durable unit of the listener
 * figures (store {@code listener-sketches}); a window's listeners are the union of its hours' sketches.
 * <p>
 * HLL with {@code lgK = 12} (4,096 registers, HLL_4): a relative standard error of 1.6 %; below a few hundred
 * listeners the sketch keeps their 26-bit hashes themselves, and the estimate is the count of distinct hashes.
 */
final class HourAudience {

    static final int LG_K = 12;
    static final TgtHllType TYPE = TgtHllType.HLL_4;
    private static final byte VERSION_1 = 1;

    final int[] plays;
    final HllSketch listeners;

    HourAudience() {
        this(new int[60], new HllSketch(LG_K, TYPE));
    }

    private HourAudience(int[] plays, HllSketch listeners) {
        this.plays = plays;
        this.listeners = listeners;
    }

    void counted(int minuteOfHour, long listener) {
        plays[minuteOfHour]++;
        listeners.update(listener);
    }

    /** The sum of {@code counts} from minute {@code from} of the hour to its end. */
    static long from(int[] counts, int from) {
        long sum = 0;
        for (int minute = Math.max(0, from); minute < counts.length; minute++) {
            sum += counts[minute];
        }
        return sum;
    }

    /** Binary: a version byte, the minutes with plays (a count, then minute and plays each), then the compact sketch. */
    static final class AudienceSerde implements Serde<HourAudience> {
        @Override
        public Serializer<HourAudience> serializer() {
            return (topic, audience) -> {
                if (audience == null) {
                    return null;
                }
                byte[] sketch = audience.listeners.toCompactByteArray();
                ByteBuffer out = ByteBuffer.allocate(1 + 2 + 60 * 5 + sketch.length);
                out.put(VERSION_1);
                writeMinutes(out, audience.plays);
                out.put(sketch);
                return Arrays.copyOf(out.array(), out.position());
            };
        }

        @Override
        public Deserializer<HourAudience> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(bytes);
                    if (in.get() != VERSION_1) {
                        throw new SerializationException("listener sketch on " + topic + " in an unknown format " + bytes[0]);
                    }
                    int[] plays = readMinutes(in);
                    byte[] sketch = Arrays.copyOfRange(bytes, in.position(), bytes.length);
                    return new HourAudience(plays, HllSketch.heapify(sketch));
                } catch (BufferUnderflowException | IllegalArgumentException e) {
                    throw new SerializationException("not a listener sketch on " + topic, e);
                }
            };
        }

        private static void writeMinutes(ByteBuffer out, int[] counts) {
            int at = out.position();
            out.putShort((short) 0);
            short written = 0;
            for (int minute = 0; minute < counts.length; minute++) {
                if (counts[minute] != 0) {
                    out.put((byte) minute).putInt(counts[minute]);
                    written++;
                }
            }
            out.putShort(at, written);
        }

        private static int[] readMinutes(ByteBuffer in) {
            int[] counts = new int[60];
            int written = in.getShort();
            for (int i = 0; i < written; i++) {
                int minute = in.get();
                if (minute < 0 || minute >= 60) {
                    throw new IllegalArgumentException("minute " + minute);
                }
                counts[minute] = in.getInt();
            }
            return counts;
        }
    }
}
