package com.ostcharts.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractJsonTest {

    private static final Instant T = Instant.parse("2026-11-21T10:15:30Z");

    @Test
    void chartDocumentHasTheContractShape() throws Exception {
        ChartDocument document = new ChartDocument("country/KR/24h", ChartWindow.ONE_DAY, ChartScope.country("KR"), 7,
                T, T.minusSeconds(86_400), T,
                List.of(new ChartEntry(1, "stay-with-me", null, null, null, 42, null, Movement.NEW, 1, 1)));

        JsonNode json = Json.MAPPER.readTree(Topics.CHARTS.valueSerde().serializer().serialize("t", document));

        assertThat(json.get("window").asText()).isEqualTo("24h");
        assertThat(json.get("scope").toString()).isEqualTo("{\"type\":\"country\",\"code\":\"KR\"}");
        assertThat(json.get("asOf").asText()).isEqualTo("2026-11-21T10:15:30Z");
        JsonNode entry = json.get("entries").get(0);
        assertThat(entry.get("movement").asText()).isEqualTo("NEW");
        assertThat(entry.has("title")).as("unknown metadata is present as null").isTrue();
        assertThat(entry.get("title").isNull()).isTrue();
        assertThat(entry.get("previousRank").isNull()).isTrue();
    }

    @Test
    void everyContractTypeRoundTripsThroughItsTopicSerde() {
        PlayEvent play = new PlayEvent("e-1", "stay-with-me", "h:abc", "melon", "KR", T, 31_000);
        Track track = new Track("stay-with-me", "Stay With Me", List.of("Chanyeol", "Punch"), "Goblin", 2016, null, 1);
        ChartDocument chart = new ChartDocument("global/1h", ChartWindow.ONE_HOUR, ChartScope.GLOBAL, 1, T, T, T, List.of());

        assertThat(roundTrip(Topics.PLAYS, play)).isEqualTo(play);
        assertThat(roundTrip(Topics.TRACKS, track)).isEqualTo(track);
        assertThat(roundTrip(Topics.CHARTS, chart)).isEqualTo(chart);
    }

    @Test
    void garbageFailsWithSerializationExceptionSoStreamsCanDeadLetterIt() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.PLAYS.valueSerde().deserializer().deserialize("ost.plays.v1", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("PlayEvent");
    }

    @Test
    void tombstonesStayNull() {
        assertThat(Topics.CHARTS.valueSerde().serializer().serialize("t", null)).isNull();
        assertThat(Topics.CHARTS.valueSerde().deserializer().deserialize("t", null)).isNull();
    }

    private static <V> V roundTrip(Topic<String, V> topic, V value) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), topic.valueSerde().serializer().serialize(topic.name(), value));
    }
}
