package com.ostcharts.contract;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming reader of {@code ost.plays.v1} reads what Jackson's bean reader read, and refuses what it refused. */
class PlayEventSerdeTest {

    private final Deserializer<PlayEvent> streaming = new PlayEventSerde().deserializer();
    private final Deserializer<PlayEvent> beans = new JsonSerde<>(PlayEvent.class).deserializer();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"eventId\":\"e-1\",\"trackId\":\"stay-with-me\",\"listenerId\":\"h1:abc\",\"platform\":\"melon\",\"country\":\"KR\","
                + "\"playedAt\":\"2026-11-21T10:15:30Z\",\"msPlayed\":31000}",
        "{\"msPlayed\":200000,\"playedAt\":\"2026-11-21T10:15:30.123456789Z\",\"trackId\":\"t\",\"extra\":{\"a\":[1,{\"b\":2}]}}",
        "{\"eventId\":null,\"trackId\":\"t\",\"playedAt\":\"2026-11-21T19:15:30+09:00\",\"msPlayed\":null,\"country\":\"KR\"}",
        "{}",
        " { \"trackId\" : \"spaced\" , \"msPlayed\" : -5 } "
    })
    void readsAsTheBeanReaderDid(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(streaming.deserialize("ost.plays.v1", bytes)).isEqualTo(beans.deserialize("ost.plays.v1", bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2]", "\"a play\"", "{\"msPlayed\":\"many\"}", "{\"trackId\":{}}",
        "{\"playedAt\":\"yesterday\"}", "{\"playedAt\":\"2026-02-30T10:15:30Z\"}", "{\"trackId\":\"t\"} {}", ""})
    void refusesWhatIsNotAPlayWithASerializationException(String json) {
        assertThatThrownBy(() -> streaming.deserialize("ost.plays.v1", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2]", "{\"msPlayed\":\"many\"}", "{\"playedAt\":\"yesterday\"}"})
    void theBeanReaderRefusedThemToo(String json) {
        assertThatThrownBy(() -> beans.deserialize("ost.plays.v1", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }
}
