package com.ostcharts.ingest.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ostcharts.contract.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every field rule of CONTRACT section 1, one row each: the field, a value as JSON, and the message it must get. */
class PlayValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final PlayValidator validator = new PlayValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> brokenFields() {
        return Stream.of(
                arguments("eventId", null, "eventId: is required"),
                arguments("eventId", "42", "eventId: must be a string, not an integer"),
                arguments("eventId", "\"\"", "eventId: must be 1..64 of A-Z a-z 0-9 . _ : -"),
                arguments("eventId", "\"has space\"", "eventId: must be 1..64 of A-Z a-z 0-9 . _ : -"),
                arguments("eventId", "\"" + "e".repeat(65) + "\"", "eventId: must be 1..64 of A-Z a-z 0-9 . _ : -"),
                arguments("trackId", null, "trackId: is required"),
                arguments("trackId", "\"Stay-With-Me\"", "trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit"),
                arguments("trackId", "\"-leading-dash\"", "trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit"),
                arguments("trackId", "\"" + "t".repeat(65) + "\"", "trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit"),
                arguments("listenerId", null, "listenerId: is required"),
                arguments("listenerId", "7", "listenerId: must be a string, not an integer"),
                arguments("listenerId", "\"\"", "listenerId: must be 1..128 characters"),
                arguments("listenerId", "\"" + "한".repeat(129) + "\"", "listenerId: must be 1..128 characters"),
                arguments("listenerId", "\"tab\\there\"", "listenerId: must not contain control characters"),
                arguments("platform", "\"Spotify\"", "platform: must be 1..32 of a-z 0-9 -"),
                arguments("platform", "\"" + "p".repeat(33) + "\"", "platform: must be 1..32 of a-z 0-9 -"),
                arguments("platform", "true", "platform: must be a string, not a boolean"),
                arguments("country", "\"kr\"", "country: must be an upper-case ISO 3166-1 alpha-2 code that exists, like KR or US"),
                arguments("country", "\"XX\"", "country: must be an upper-case ISO 3166-1 alpha-2 code that exists, like KR or US"),
                arguments("country", "\"KOR\"", "country: must be an upper-case ISO 3166-1 alpha-2 code that exists, like KR or US"),
                arguments("playedAt", "\"2026-11-21 10:00:00\"", "playedAt: must be an RFC 3339 date-time like 2026-11-21T10:15:30Z or 2026-11-21T19:15:30+09:00"),
                arguments("playedAt", "\"2026-11-21T10:00:00\"", "playedAt: must be an RFC 3339 date-time like 2026-11-21T10:15:30Z or 2026-11-21T19:15:30+09:00"),
                arguments("playedAt", "\"2026-02-30T10:00:00Z\"", "playedAt: must be an RFC 3339 date-time like 2026-11-21T10:15:30Z or 2026-11-21T19:15:30+09:00"),
                arguments("playedAt", "1763719200000", "playedAt: must be a string, not an integer"),
                arguments("playedAt", "\"2026-11-21T10:02:01Z\"", "playedAt: must not be more than 2 minutes in the future"),
                arguments("playedAt", "\"2026-10-22T09:59:59Z\"", "playedAt: must not be more than 30 days in the past"),
                arguments("msPlayed", null, "msPlayed: is required"),
                arguments("msPlayed", "\"30000\"", "msPlayed: must be an integer with no fraction or exponent, not a string"),
                arguments("msPlayed", "30000.0", "msPlayed: must be an integer with no fraction or exponent, not a number with a fraction or exponent"),
                arguments("msPlayed", "3e4", "msPlayed: must be an integer with no fraction or exponent, not a number with a fraction or exponent"),
                arguments("msPlayed", "-1", "msPlayed: must be >= 0"),
                arguments("msPlayed", "86400001", "msPlayed: must be <= 86400000"),
                arguments("msPlayed", "99999999999999999999999", "msPlayed: must be <= 86400000"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("brokenFields")
    void aBrokenFieldRejectsTheEventWithAMessageNamingIt(String field, String json, String message) throws Exception {
        ObjectNode event = valid();
        if (json == null) {
            event.remove(field);
        } else {
            event.set(field, Json.MAPPER.readTree(json));
        }
        PlayValidator.Result result = validator.validate(3, fields(event));

        assertThat(result).isInstanceOfSatisfying(PlayValidator.Invalid.class, invalid -> {
            assertThat(invalid.rejection().index()).isEqualTo(3);
            assertThat(invalid.rejection().errors()).containsExactly(message);
        });
    }

    static Stream<Arguments> acceptedEdges() {
        return Stream.of(
                arguments("playedAt", "\"2026-11-21T19:00:00+09:00\""),
                arguments("playedAt", "\"2026-11-21T10:02:00Z\""),
                arguments("playedAt", "\"2026-10-22T10:00:00.5Z\""),
                arguments("msPlayed", "0"),
                arguments("msPlayed", "86400000"),
                arguments("listenerId", "\"" + "한".repeat(128) + "\""),
                arguments("eventId", "\"A.b_c:d-1\""),
                arguments("unknownField", "{\"ignored\": true}"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("acceptedEdges")
    void valuesOnTheEdgeOfTheRulesAreAccepted(String field, String json) throws Exception {
        ObjectNode event = valid();
        event.set(field, Json.MAPPER.readTree(json));
        assertThat(validator.validate(0, fields(event))).isInstanceOf(PlayValidator.Valid.class);
    }

    @Test
    void everyBrokenFieldIsReportedNotJustTheFirst() throws Exception {
        JsonNode event = Json.MAPPER.readTree("{\"eventId\":\"e-1\",\"msPlayed\":-5,\"country\":\"ZZ\"}");
        PlayValidator.Result result = validator.validate(0, fields(event));
        assertThat(result).isInstanceOfSatisfying(PlayValidator.Invalid.class, invalid -> {
            assertThat(invalid.rejection().eventId()).isEqualTo("e-1");
            assertThat(invalid.rejection().errors()).hasSize(6);
        });
    }

    /** The event as the body reader hands it over: read from its JSON text, token by token. */
    private static PlayFields fields(JsonNode event) throws Exception {
        try (JsonParser parser = Json.MAPPER.createParser(event.toString())) {
            parser.nextToken();
            return PlayFields.read(parser);
        }
    }

    private static ObjectNode valid() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"eventId":"e-1","trackId":"stay-with-me","listenerId":"fan-1","platform":"melon",
                 "country":"KR","playedAt":"2026-11-21T09:59:00Z","msPlayed":200000}""");
    }
}
