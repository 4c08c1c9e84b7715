package com.ostcharts.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Rfc3339;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The field rules of CONTRACT section 1. Types are strict: a string is never read as a number nor a
 * number as a string. Every broken field gets its own message, naming the field.
 */
public final class PlayValidator {

    static final long MAX_MS_PLAYED = 86_400_000L;
    static final Duration MAX_AHEAD = Duration.ofMinutes(2);
    static final Duration MAX_AGE = Duration.ofDays(30);

    private final Clock clock;

    public PlayValidator(Clock clock) {
        this.clock = clock;
    }

    /** The play, listener still in the clear, or the reasons it was refused. */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(PlayEvent play) implements Result {
    }

    public record Invalid(Rejection rejection) implements Result {
    }

    /** Validates an event as {@link PlayFields#read} found it. */
    Result validate(int index, PlayFields event) {
        if (event == PlayFields.NOT_AN_OBJECT) {
            return new Invalid(new Rejection(index, null, List.of("event: must be a JSON object")));
        }
        List<String> errors = new ArrayList<>(0);
        String eventId = text(event.eventId, "eventId", errors);
        if (eventId != null && !Identifiers.isEventId(eventId)) {
            errors.add("eventId: must be 1..64 of A-Z a-z 0-9 . _ : -");
            eventId = null;
        }
        String trackId = text(event.trackId, "trackId", errors);
        if (trackId != null && !Identifiers.isTrackId(trackId)) {
            errors.add("trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit");
            trackId = null;
        }
        String listenerId = listenerId(text(event.listenerId, "listenerId", errors), errors);
        String platform = text(event.platform, "platform", errors);
        if (platform != null && !Identifiers.isPlatform(platform)) {
            errors.add("platform: must be 1..32 of a-z 0-9 -");
            platform = null;
        }
        String country = country(text(event.country, "country", errors), errors);
        Instant playedAt = playedAt(text(event.playedAt, "playedAt", errors), errors);
        long msPlayed = msPlayed(event.msPlayed, errors);
        if (!errors.isEmpty()) {
            return new Invalid(new Rejection(index, eventId, errors));
        }
        return new Valid(new PlayEvent(eventId, trackId, listenerId, platform, country, playedAt, msPlayed));
    }

    private static String text(Object value, String field, List<String> errors) {
        if (value == null) {
            errors.add(field + ": is required");
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(field + ": must be a string, not " + PlayFields.kind(value));
            return null;
        }
        return text;
    }

    /** One pass over the id: its length in code points, and whether it holds a control character or half a pair. */
    private static String listenerId(String value, List<String> errors) {
        if (value == null) {
            return null;
        }
        int codePoints = 0;
        boolean control = false;
        boolean loneSurrogate = false;
        for (int i = 0; i < value.length(); i++, codePoints++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a whole pair: one character, never a control character
            } else if (Character.isSurrogate(c)) {
                loneSurrogate = true;
            } else if (Character.isISOControl(c)) {
                control = true;
            }
        }
        if (codePoints < 1 || codePoints > 128) {
            errors.add("listenerId: must be 1..128 characters");
            return null;
        }
        if (control) {
            errors.add("listenerId: must not contain control characters");
            return null;
        }
        if (loneSurrogate) {
            errors.add("listenerId: must be Unicode text (a \\u escape left half a surrogate pair)");
            return null;
        }
        return value;
    }

    /** JSON's {@code \\uD800} escapes can smuggle half a UTF-16 pair, which is no character and no valid UTF-8. */
    static boolean hasLoneSurrogate(String value) {
        return value.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static String country(String value, List<String> errors) {
        if (value != null && !ContractRules.isCountry(value)) {
            errors.add("country: must be an upper-case ISO 3166-1 alpha-2 code that exists, like KR or US");
            return null;
        }
        return value;
    }

    private Instant playedAt(String value, List<String> errors) {
        if (value == null) {
            return null;
        }
        Instant playedAt = Rfc3339.parse(value);
        if (playedAt == null) {
            errors.add("playedAt: must be an RFC 3339 date-time like 2026-11-21T10:15:30Z or 2026-11-21T19:15:30+09:00");
            return null;
        }
        Instant now = clock.instant();
        if (playedAt.isAfter(now.plus(MAX_AHEAD))) {
            errors.add("playedAt: must not be more than 2 minutes in the future");
            return null;
        }
        if (playedAt.isBefore(now.minus(MAX_AGE))) {
            errors.add("playedAt: must not be more than 30 days in the past");
            return null;
        }
        return playedAt;
    }

    private static long msPlayed(Object value, List<String> errors) {
        if (value == null) {
            errors.add("msPlayed: is required");
            return -1;
        }
        if (value instanceof BigInteger big) { // past a long either way
            errors.add(big.signum() < 0 ? "msPlayed: must be >= 0" : "msPlayed: must be <= 86400000");
            return -1;
        }
        if (!(value instanceof Long ms)) {
            errors.add("msPlayed: must be an integer with no fraction or exponent, not " + PlayFields.kind(value));
            return -1;
        }
        if (ms < 0) {
            errors.add("msPlayed: must be >= 0");
            return -1;
        }
        if (ms > MAX_MS_PLAYED) {
            errors.add("msPlayed: must be <= 86400000");
            return -1;
        }
        return ms;
    }

    static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number with a fraction or exponent";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL, MISSING -> "null";
            case BINARY -> "binary";
        };
    }
}
