package com.ostcharts.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.time.Instant;

/**
 * The serde of {@code ost.plays.v1}: the contract's JSON, as {@link JsonSerde} writes and reads it, read in one
 * streaming pass instead of through Jackson's bean deserializer and {@code java.time}'s formatter, which together
 * were an eighth of chart-service's time (chart-service/DESIGN.md). Unknown fields are skipped, a missing field reads
 * as {@code null} (0 for {@code msPlayed}), as before; a value that is not a play object fails with
 * {@link SerializationException}, which sends the record to the dead-letter topic instead of counting it.
 */
public final class PlayEventSerde implements Serde<PlayEvent> {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    private final JsonSerde<PlayEvent> json = new JsonSerde<>(PlayEvent.class);

    @Override
    public Serializer<PlayEvent> serializer() {
        return json.serializer();
    }

    @Override
    public Deserializer<PlayEvent> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (JsonParser parser = FACTORY.createParser(bytes)) {
                return read(parser);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a PlayEvent on " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    private static PlayEvent read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        String eventId = null;
        String trackId = null;
        String listenerId = null;
        String platform = null;
        String country = null;
        Instant playedAt = null;
        long msPlayed = 0;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "eventId" -> eventId = text(parser, value);
                case "trackId" -> trackId = text(parser, value);
                case "listenerId" -> listenerId = text(parser, value);
                case "platform" -> platform = text(parser, value);
                case "country" -> country = text(parser, value);
                case "playedAt" -> playedAt = instant(parser, value);
                case "msPlayed" -> msPlayed = number(parser, value);
                default -> parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw new IOException("not a single JSON object");
        }
        return new PlayEvent(eventId, trackId, listenerId, platform, country, playedAt, msPlayed);
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            default -> throw new IOException(parser.currentName() + " is not a string");
        };
    }

    private static Instant instant(JsonParser parser, JsonToken value) throws IOException {
        String text = text(parser, value);
        if (text == null) {
            return null;
        }
        Instant instant = Rfc3339.parse(text);
        if (instant == null) {
            throw new IOException("playedAt is not an RFC 3339 date-time: " + text);
        }
        return instant;
    }

    private static long number(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NULL -> 0;
            default -> throw new IOException(parser.currentName() + " is not an integer");
        };
    }
}
