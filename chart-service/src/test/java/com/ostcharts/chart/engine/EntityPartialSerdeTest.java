package com.ostcharts.chart.engine;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityPartialSerdeTest {

    private static final byte[] LATER = {1, 2, 3};
    private static final byte[] ALL = {4, 5, 6, 7};

    @Test
    void sketchedKeptAndMissingListenersComeBackAsTheyWent() {
        EntityPartial partial = new EntityPartial(3, List.of(
                standing("goblin", new EntityPartial.Listeners(LATER, ALL, 5, 9, 2)),
                standing("hotel-del-luna", EntityPartial.Listeners.kept(7)),
                standing("도깨비", null)));

        EntityPartial read = EntityPartialSerde.read("t", EntityPartialSerde.write(partial), 0);

        assertThat(read.partition()).isEqualTo(3);
        assertThat(read.standings()).extracting(EntityPartial.EntityStanding::slug).containsExactly("goblin", "hotel-del-luna", "도깨비");
        EntityPartial.Listeners sketched = read.standings().get(0).listeners();
        assertThat(sketched.kept()).isFalse();
        assertThat(sketched.later()).containsExactly(LATER);
        assertThat(sketched.all()).containsExactly(ALL);
        assertThat(sketched).extracting(EntityPartial.Listeners::firstHourInside, EntityPartial.Listeners::firstHourPlays,
                EntityPartial.Listeners::repeats).containsExactly(5L, 9L, 2L);
        assertThat(read.standings().get(1).listeners().kept()).isTrue();
        assertThat(read.standings().get(1).listeners().repeats()).isEqualTo(7);
        assertThat(read.standings().get(2).listeners()).isNull();
    }

    @Test
    void aPartialOfVersionTwoStoredBeforeKeptListenersIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2);
            out.writeInt(1); // partition
            out.writeInt(1); // one drama
            out.writeUTF("goblin");
            out.writeUTF("Goblin");
            out.writeLong(12);
            out.writeByte(0); // no top tracks
            out.writeBoolean(true); // listeners, as version 2 wrote them
            out.writeInt(LATER.length);
            out.write(LATER);
            out.writeInt(ALL.length);
            out.write(ALL);
            out.writeLong(1);
            out.writeLong(2);
            out.writeLong(3);
        }
        EntityPartial read = EntityPartialSerde.read("t", bytes.toByteArray(), 0);
        assertThat(read.standings()).singleElement().satisfies(standing -> {
            assertThat(standing.plays()).isEqualTo(12);
            assertThat(standing.listeners().all()).containsExactly(ALL);
            assertThat(standing.listeners().repeats()).isEqualTo(3);
        });
    }

    @Test
    void anUnknownVersionIsRefusedNotMisread() {
        byte[] bytes = EntityPartialSerde.write(new EntityPartial(0, List.of()));
        bytes[0] = 4;
        assertThatThrownBy(() -> EntityPartialSerde.read("ost-partials", bytes, 0)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown format 4");
    }

    private static EntityPartial.EntityStanding standing(String slug, EntityPartial.Listeners listeners) {
        return new EntityPartial.EntityStanding(slug, slug, 10, List.of(new Standing(slug + "-song", 10, "Song", null, null)), listeners);
    }
}
