package com.ostcharts.chart.engine;

import com.ostcharts.contract.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

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
