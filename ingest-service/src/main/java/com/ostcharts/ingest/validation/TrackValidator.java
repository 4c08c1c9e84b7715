package com.ostcharts.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Track;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The track metadata rules of CONTRACT section 5 ({@code PUT /api/v1/tracks/{trackId}}). */
public final class TrackValidator {

    /** The track, or every broken field's message. */
    public record Result(Track track, List<String> errors) {
    }

    public Result validate(String trackId, JsonNode body) {
        List<String> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Result(null, List.of("body: must be a JSON object"));
        }
        String title = text(body, "title", 200, errors);
        String drama = text(body, "drama", 200, errors);
        List<String> artists = artists(body, errors);
        Integer dramaYear = optionalInt(body, "dramaYear", 1950, 2100, errors);
        LocalDate releaseDate = releaseDate(body, errors);
        Integer ostPart = optionalInt(body, "ostPart", 1, Integer.MAX_VALUE, errors);
        return errors.isEmpty()
                ? new Result(new Track(trackId, title, artists, drama, dramaYear, releaseDate, ostPart), List.of())
                : new Result(null, errors);
    }

    private static String text(JsonNode body, String field, int max, List<String> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(field + ": is required");
            return null;
        }
        if (!value.isTextual()) {
            errors.add(field + ": must be a string, not " + PlayValidator.kind(value));
            return null;
        }
        return checkLength(field, value.textValue(), max, errors);
    }

    private static String checkLength(String field, String value, int max, List<String> errors) {
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > max || value.isBlank()) {
            errors.add(field + ": must be 1.." + max + " characters, not blank");
            return null;
        }
        if (PlayValidator.hasLoneSurrogate(value)) {
            errors.add(field + ": must be Unicode text (a \\u escape left half a surrogate pair)");
            return null;
        }
        return value;
    }

    private static List<String> artists(JsonNode body, List<String> errors) {
        JsonNode value = body.get("artists");
        if (value == null || value.isNull()) {
            errors.add("artists: is required");
            return null;
        }
        if (!value.isArray() || value.isEmpty() || value.size() > 20) {
            errors.add("artists: must be an array of 1..20 names");
            return null;
        }
        List<String> artists = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode artist = value.get(i);
            if (!artist.isTextual()) {
                errors.add("artists[" + i + "]: must be a string, not " + PlayValidator.kind(artist));
                return null;
            }
            String name = checkLength("artists[" + i + "]", artist.textValue(), 200, errors);
            if (name == null) {
                return null;
            }
            artists.add(name);
        }
        return artists;
    }

    private static Integer optionalInt(JsonNode body, String field, int min, int max, List<String> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            errors.add(field + ": must be an integer with no fraction or exponent, not " + PlayValidator.kind(value));
            return null;
        }
        if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            errors.add(field + ": must be " + (max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max));
            return null;
        }
        return value.intValue();
    }

    private static LocalDate releaseDate(JsonNode body, List<String> errors) {
        JsonNode value = body.get("releaseDate");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() && value.textValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return LocalDate.parse(value.textValue());
            } catch (DateTimeParseException e) {
                // falls through to the message below
            }
        }
        errors.add("releaseDate: must be a date YYYY-MM-DD");
        return null;
    }
}
