package com.ostcharts.chart.engine;

import com.ostcharts.contract.Audience;
import com.ostcharts.contract.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartialChartSerdeTest {

    private final PartialChartSerde serde = new PartialChartSerde();
    private final PartialChart partial = new PartialChart(3, List.of(
            new Standing("stay-with-me", 1_204, "Stay With Me", List.of("찬열", "펀치"), "도깨비"),
            new Standing("unknown-yet", 7, null, null, null),
            new Standing("no-artists", 2, "Title", List.of(), "Drama")));

    @Test
    void aPartialChartComesBackAsItWasWrittenWithHangulAndMissingMetadata() {
        byte[] bytes = serde.serializer().serialize("partials", partial);

        assertThat(serde.deserializer().deserialize("partials", bytes)).isEqualTo(partial);
        assertThat(bytes.length).as("smaller than the JSON it replaces")
                .isLessThan(new JsonSerde<>(PartialChart.class).serializer().serialize("partials", partial).length);
    }

    @Test
    void theBytesAreThoseOfTheFormatsFirstWriterWithTheAudienceAfterEachStanding() throws IOException {
        PartialChart awkward = new PartialChart(11, List.of(
                new Standing("emoji", 5, "Love \uD83D\uDC95 you", List.of("A\u0000B", "é"), "x".repeat(300), new Audience(4, 9)),
                new Standing("plain", Long.MAX_VALUE, "", List.of(), null)));
        for (PartialChart chart : List.of(partial, awkward)) {
            byte[] bytes = serde.serializer().serialize("partials", chart);
            assertThat(bytes).isEqualTo(firstWriter(chart, 5));
            assertThat(serde.deserializer().deserialize("partials", bytes)).isEqualTo(chart);
        }
    }

    @Test
    void aPartialWrittenBeforeListenersWereCountedIsStillReadWithoutAudiences() throws IOException {
        assertThat(serde.deserializer().deserialize("partials", firstWriter(partial, 1))).isEqualTo(partial);
    }

    /**
     * The format as first written (2026-11-30), with {@code DataOutputStream}: version 1; version 5 adds each
     * standing's audience (a presence byte, then listeners and repeats).
     */
    private static byte[] firstWriter(PartialChart chart, int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            out.writeInt(chart.partition());
            out.writeInt(chart.standings().size());
            for (Standing standing : chart.standings()) {
                out.writeUTF(standing.trackId());
                out.writeLong(standing.plays());
                out.writeBoolean(standing.title() != null);
                if (standing.title() != null) {
                    out.writeUTF(standing.title());
                }
                out.writeInt(standing.artists() == null ? -1 : standing.artists().size());
                if (standing.artists() != null) {
                    for (String artist : standing.artists()) {
                        out.writeUTF(artist);
                    }
                }
                out.writeBoolean(standing.drama() != null);
                if (standing.drama() != null) {
                    out.writeUTF(standing.drama());
                }
                if (version == 5) {
                    out.writeBoolean(standing.audience() != null);
                    if (standing.audience() != null) {
                        out.writeLong(standing.audience().listeners());
                        out.writeLong(standing.audience().repeats());
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aPartialWrittenAsJsonBeforeTheBinaryFormatIsStillRead() {
        byte[] json = new JsonSerde<>(PartialChart.class).serializer().serialize("partials", partial);

        assertThat(serde.deserializer().deserialize("partials", json)).isEqualTo(partial);
    }

    @Test
    void bytesOfNoKnownFormatAreASerializationErrorNotAWrongChart() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("partials", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("partials", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class);
    }
}
