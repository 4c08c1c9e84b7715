package com.ostcharts.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.PlayEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The field rules of CONTRACT section 1. Types are strict: a string is never read as a number nor a
 * number as a string. Every broken field gets its own message, naming the field.
 */
public final class PlayValidator {

    static final long MAX_MS_PLAYED = 86_400_000L;
    static final Duration MAX_AHEAD = Duration.ofMinutes(2);
    static final Duration MAX_AGE = Duration.ofDays(30);
    /** RFC 3339 date-time: a date, 'T', a time with optional fraction, and a 'Z' or numeric offset. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

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

    public Result validate(int index, JsonNode event) {
        if (event == null || !event.isObject()) {
            return new Invalid(new Rejection(index, null, List.of("event: must be a JSON object")));
        }
        List<String> errors = new ArrayList<>();
        String eventId = identifier(event, "eventId", ContractRules.EVENT_ID, "1..64 of A-Z a-z 0-9 . _ : -", errors);
        String trackId = identifier(event, "trackId", ContractRules.TRACK_ID,
                "1..64 of a-z 0-9 . _ -, starting with a letter or digit", errors);
        String listenerId = listenerId(event, errors);
        String platform = identifier(event, "platform", ContractRules.PLATFORM, "1..32 of a-z 0-9 -", errors);
        String country = country(event, errors);
        Instant playedAt = playedAt(event, errors);
        long msPlayed = msPlayed(event, errors);
        if (!errors.isEmpty()) {
            return new Invalid(new Rejection(index, eventId, errors));
        }
        return new Valid(new PlayEvent(eventId, trackId, listenerId, platform, country, playedAt, msPlayed));
    }

    private static String text(JsonNode event, String field, List<String> errors) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            errors.add(field + ": is required");
            return null;
        }
        if (!value.isTextual()) {
            errors.add(field + ": must be a string, not " + kind(value));
            return null;
        }
        return value.textValue();
    }

    private static String identifier(JsonNode event, String field, Pattern rule, String ruleText, List<String> errors) {
        String value = text(event, field, errors);
        if (value != null && !rule.matcher(value).matches()) {
            errors.add(field + ": must be " + ruleText);
            return null;
        }
        return value;
    }

    private static String listenerId(JsonNode event, List<String> errors) {
        String value = text(event, "listenerId", errors);
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > 128) {
            errors.add("listenerId: must be 1..128 characters");
            return null;
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            errors.add("listenerId: must not contain control characters");
            return null;
        }
        if (hasLoneSurrogate(value)) {
            errors.add("listenerId: must be Unicode text (a \\u escape left half a surrogate pair)");
            return null;
        }
        return value;
    }

    /** JSON's {@code \\uD800} escapes can smuggle half a UTF-16 pair, which is no character and no valid UTF-8. */
    static boolean hasLoneSurrogate(String value) {
        return value.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static String country(JsonNode event, List<String> errors) {
        String value = text(event, "country", errors);
        if (value != null && !ContractRules.isCountry(value)) {
            errors.add("country: must be an upper-case ISO 3166-1 alpha-2 code that exists, like KR or US");
            return null;
        }
        return value;
    }

    private Instant playedAt(JsonNode event, List<String> errors) {
        String value = text(event, "playedAt", errors);
        if (value == null) {
            return null;
        }
        Instant playedAt;
        try {
            if (!RFC_3339.matcher(value).matches()) {
                throw new DateTimeParseException("not RFC 3339", value, 0);
            }
            playedAt = OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
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

    private static long msPlayed(JsonNode event, List<String> errors) {
        JsonNode value = event.get("msPlayed");
        if (value == null || value.isNull()) {
            errors.add("msPlayed: is required");
            return -1;
        }
        if (!value.isIntegralNumber()) {
            errors.add("msPlayed: must be an integer with no fraction or exponent, not " + kind(value));
            return -1;
        }
        int sign = value.canConvertToLong() ? Long.signum(value.longValue()) : value.bigIntegerValue().signum();
        if (sign < 0) {
            errors.add("msPlayed: must be >= 0");
            return -1;
        }
        if (!value.canConvertToLong() || value.longValue() > MAX_MS_PLAYED) {
            errors.add("msPlayed: must be <= 86400000");
            return -1;
        }
        return value.longValue();
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
