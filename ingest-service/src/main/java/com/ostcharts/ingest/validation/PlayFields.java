package com.ostcharts.ingest.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The contract's fields of one event, read straight from the parser's tokens (no JSON tree): each holds what the
 * event had under that name, the last one if it had it twice, as a JSON tree would. A field holds {@code null} when
 * absent or JSON {@code null}, a {@link String} for a string, a {@link Long} or {@link java.math.BigInteger} for an
 * integer, and a {@link Kind} for any other value. Other fields are read as a tree and dropped, so that every read
 * limit applies to them as before.
 */
final class PlayFields {

    /** A value of a kind no field of a play takes, named as messages name it. */
    record Kind(String description) {
    }

    static final Kind FRACTION = new Kind("a number with a fraction or exponent");
    static final Kind BOOLEAN = new Kind("a boolean");
    static final Kind ARRAY = new Kind("an array");
    static final Kind OBJECT = new Kind("an object");

    /** What an array item or NDJSON line that is not an object reads as. */
    static final PlayFields NOT_AN_OBJECT = new PlayFields();

    Object eventId;
    Object trackId;
    Object listenerId;
    Object platform;
    Object country;
    Object playedAt;
    Object msPlayed;

    /** Reads the value the parser is at (its first token already read): an event, or {@link #NOT_AN_OBJECT}. */
    static PlayFields read(JsonParser parser) throws IOException {
        JsonToken first = parser.currentToken();
        if (first != JsonToken.START_OBJECT) {
            if (first == JsonToken.START_ARRAY) {
                parser.readValueAsTree(); // consumed as before, under the same read limits
            }
            return NOT_AN_OBJECT;
        }
        PlayFields fields = new PlayFields();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "eventId" -> fields.eventId = value(parser, token);
                case "trackId" -> fields.trackId = value(parser, token);
                case "listenerId" -> fields.listenerId = value(parser, token);
                case "platform" -> fields.platform = value(parser, token);
                case "country" -> fields.country = value(parser, token);
                case "playedAt" -> fields.playedAt = value(parser, token);
                case "msPlayed" -> fields.msPlayed = value(parser, token);
                default -> parser.readValueAsTree(); // not the contract's: read under the limits, dropped
            }
        }
        return fields;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> FRACTION;
            case VALUE_TRUE, VALUE_FALSE -> BOOLEAN;
            case VALUE_NULL -> null;
            case START_ARRAY -> {
                parser.readValueAsTree();
                yield ARRAY;
            }
            case START_OBJECT -> {
                parser.readValueAsTree();
                yield OBJECT;
            }
            default -> throw new IllegalStateException("unexpected token " + token);
        };
    }

    /** How messages name a value that is not the kind its field takes. */
    static String kind(Object value) {
        return switch (value) {
            case String s -> "a string";
            case Kind k -> k.description();
            default -> "an integer";
        };
    }
}
