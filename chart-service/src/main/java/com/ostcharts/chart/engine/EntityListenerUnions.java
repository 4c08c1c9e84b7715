package com.ostcharts.chart.engine;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.HllUnion;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueStore;

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
import java.util.Set;

/**
 * Stage 2's listeners of dramas and artists. Stage 1 sends a drama's sketches every few seconds and its plays every
 * tick ({@link EntitySketchCadence}); this keeps each partition's last sketches of each drama or artist chart in the
 * {@code entity-listeners} store, apart from the plays (so a tick's small partial does not rewrite them), and the union
 * over the partitions in memory per chart, computed again only once a partition sent new sketches for that chart or
 * its set of dramas there changed. So a publish whose listeners did not move unions nothing.
 */
final class EntityListenerUnions {

    /** One drama's or artist's listeners over every partition: the unions' estimates and the first hour's plays summed. */
    record Merged(double later, double all, long firstHourInside, long firstHourPlays) {
    }

    private KeyValueStore<String, Map<String, EntityPartial.Listeners>> held;
    /** Per chart id, per slug, its merged listeners ({@code null}: a partition sent none); a chart absent: to compute. */
    private final Map<String, Map<String, Merged>> merged = new HashMap<>();
    /** Per chart and partition, the slugs of the last partial taken; unknown after a start. */
    private final Map<String, Set<String>> slugsTaken = new HashMap<>();

    void init(KeyValueStore<String, Map<String, EntityPartial.Listeners>> store) {
        held = store;
        merged.clear();
        slugsTaken.clear();
    }

    /**
     * Takes a partition's partial of {@code chartId}: keeps the sketches it carries, and returns it as stage 2 stores it,
     * every listener {@linkplain EntityPartial.Listeners#kept() kept} (its repeats only).
     */
    EntityPartial take(String chartId, EntityPartial partial) {
        String key = StoreKeys.join(chartId, Integer.toString(partial.partition()));
        Map<String, EntityPartial.Listeners> sketched = new HashMap<>();
        List<EntityPartial.EntityStanding> stripped = new ArrayList<>(partial.standings().size());
        for (EntityPartial.EntityStanding standing : partial.standings()) {
            EntityPartial.Listeners listeners = standing.listeners();
            if (listeners != null && !listeners.kept()) {
                sketched.put(standing.slug(), listeners);
                listeners = EntityPartial.Listeners.kept(listeners.repeats());
            }
            stripped.add(new EntityPartial.EntityStanding(standing.slug(), standing.name(), standing.plays(), standing.topTracks(), listeners));
        }
        Set<String> slugs = Set.copyOf(stripped.stream().map(EntityPartial.EntityStanding::slug).toList());
        if (!sketched.isEmpty() || !slugs.equals(slugsTaken.put(key, slugs))) {
            merged.remove(chartId);
        }
        if (slugs.isEmpty()) {
            held.delete(key);
        } else if (sketched.size() == slugs.size()) {
            held.put(key, sketched); // all new: nothing to read
        } else if (!sketched.isEmpty()) {
            Map<String, EntityPartial.Listeners> kept = new HashMap<>(orEmpty(held.get(key)));
            kept.keySet().retainAll(slugs);
            kept.putAll(sketched);
            held.put(key, kept);
        }
        return new EntityPartial(partial.partition(), stripped);
    }

    /** The merged listeners of each drama (artist) of {@code chartId}, given its partitions' partials as stored. */
    Map<String, Merged> of(String chartId, List<EntityPartial> partials) {
        Map<String, Merged> known = merged.get(chartId);
        if (known == null) {
            Map<String, Accumulator> sums = new HashMap<>();
            for (EntityPartial partial : partials) {
                Map<String, EntityPartial.Listeners> sketches = null;
                for (EntityPartial.EntityStanding standing : partial.standings()) {
                    EntityPartial.Listeners listeners = standing.listeners();
                    if (listeners != null && listeners.kept()) {
                        if (sketches == null) {
                            sketches = orEmpty(held.get(StoreKeys.join(chartId, Integer.toString(partial.partition()))));
                        }
                        listeners = sketches.get(standing.slug()); // always there, unless its sketches were lost
                    }
                    sums.computeIfAbsent(standing.slug(), slug -> new Accumulator()).add(listeners);
                }
            }
            known = finish(sums);
            merged.put(chartId, known);
        }
        return known;
    }

    /** The merged listeners of each drama (artist) in {@code standings}, every one of them sketched (an archived period). */
    static Map<String, Merged> of(List<EntityPartial.EntityStanding> standings) {
        Map<String, Accumulator> sums = new HashMap<>();
        standings.forEach(standing -> sums.computeIfAbsent(standing.slug(), slug -> new Accumulator()).add(standing.listeners()));
        return finish(sums);
    }

    private static Map<String, Merged> finish(Map<String, Accumulator> sums) {
        Map<String, Merged> result = new HashMap<>();
        sums.forEach((slug, sum) -> result.put(slug, sum.merged()));
        return result;
    }

    private static Map<String, EntityPartial.Listeners> orEmpty(Map<String, EntityPartial.Listeners> value) {
        return value == null ? Map.of() : value;
    }

    /** One drama's or artist's listeners, partition by partition; unknown once one partition has none. */
    private static final class Accumulator {
        private HllUnion later = new HllUnion(HourAudience.LG_K);
        private HllUnion all = new HllUnion(HourAudience.LG_K);
        private long firstHourInside;
        private long firstHourPlays;

        void add(EntityPartial.Listeners listeners) {
            if (listeners == null || listeners.kept()) {
                later = null; // an older partial with no listeners, or sketches lost: the figure is unknown
                all = null;
            } else if (later != null) {
                later.update(HllSketch.heapify(listeners.later()));
                all.update(HllSketch.heapify(listeners.all()));
                firstHourInside += listeners.firstHourInside();
                firstHourPlays += listeners.firstHourPlays();
            }
        }

        Merged merged() {
            return later == null ? null : new Merged(later.getEstimate(), all.getEstimate(), firstHourInside, firstHourPlays);
        }
    }

    /**
     * The {@code entity-listeners} store's values: a version byte, the count, then per drama or artist its slug and its
     * listeners as {@link EntityPartialSerde} writes them.
     */
    static final class HeldSerde implements Serde<Map<String, EntityPartial.Listeners>> {

        private static final byte VERSION = 1;

        @Override
        public Serializer<Map<String, EntityPartial.Listeners>> serializer() {
            return (topic, held) -> held == null ? null : write(held);
        }

        @Override
        public Deserializer<Map<String, EntityPartial.Listeners>> deserializer() {
            return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
        }

        private static byte[] write(Map<String, EntityPartial.Listeners> held) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + held.size() * 1_024);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeInt(held.size());
                for (Map.Entry<String, EntityPartial.Listeners> entry : held.entrySet()) {
                    out.writeUTF(entry.getKey());
                    EntityPartialSerde.writeListeners(out, entry.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array does not fail
            }
            return bytes.toByteArray();
        }

        private static Map<String, EntityPartial.Listeners> read(String topic, byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                if (in.readByte() != VERSION) {
                    throw new SerializationException("entity listeners on " + topic + " in an unknown format");
                }
                int count = in.readInt();
                Map<String, EntityPartial.Listeners> held = new HashMap<>(count * 2);
                for (int i = 0; i < count; i++) {
                    held.put(in.readUTF(), EntityPartialSerde.readListeners(in));
                }
                return held;
            } catch (IOException e) {
                throw new SerializationException("not entity listeners on " + topic, e);
            }
        }
    }
}
