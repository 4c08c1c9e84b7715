package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.JsonSerde;
import com.ostcharts.contract.Movement;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartHistorySerdeTest {

    private static final String TOPIC = "chart-history-changelog";
    private final ChartHistorySerde serde = new ChartHistorySerde();

    /** Every field set, and every nullable one absent: an unknown track from before listeners were counted. */
    private static final ChartHistory HISTORY = new ChartHistory(42, 493_211, List.of(
            new ChartEntry(1, "stay-with-me", "Stay With Me", List.of("Chanyeol", "Punch"), "도깨비", 1_204, 980L, 1.23, false, 2,
                    Movement.UP, 1, 7),
            new ChartEntry(2, "synthetic-77", null, null, null, 55, null, null, null, null, Movement.NEW, 2, 1),
            new ChartEntry(3, "looped", "Looped", List.of(), "Hotel del Luna", 900, 30L, 30.0, true, 3, Movement.SAME, 3, 2)),
            Map.of("stay-with-me", 2, "looped", 3), Map.of("stay-with-me", new ChartHistory.Appearances(1, 6),
            "gone", new ChartHistory.Appearances(4, 1)));

    @Test
    void aHistoryReadsBackEqualWithEveryFieldAndEveryNull() {
        byte[] bytes = serde.serializer().serialize(TOPIC, HISTORY);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(HISTORY);
        assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, ChartHistory.start(7))))
                .isEqualTo(ChartHistory.start(7));
    }

    @Test
    void aHistoryWrittenAsJsonBeforeIsStillRead() {
        byte[] json = new JsonSerde<>(ChartHistory.class).serializer().serialize(TOPIC, HISTORY);
        assertThat(serde.deserializer().deserialize(TOPIC, json)).isEqualTo(HISTORY);
    }

    @Test
    void theBinaryFormIsLessThanHalfTheJson() {
        byte[] json = new JsonSerde<>(ChartHistory.class).serializer().serialize(TOPIC, HISTORY);
        assertThat(serde.serializer().serialize(TOPIC, HISTORY).length).isLessThan(json.length / 2);
    }

    @Test
    void bytesOfAnotherFormatAreASerializationError() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[]{9, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown format");
        byte[] cut = serde.serializer().serialize(TOPIC, HISTORY);
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(cut, cut.length / 2)))
                .isInstanceOf(SerializationException.class);
    }
}
