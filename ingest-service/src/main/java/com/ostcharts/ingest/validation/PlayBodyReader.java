package com.ostcharts.ingest.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ostcharts.contract.PlayEvent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plays body as a stream, one event at a time, never the whole body into memory: a JSON object,
 * a JSON array of them, or NDJSON. Enforces the limits while reading, so an oversized body stops early. Each event
 * goes from the parser's tokens straight into its fields ({@link PlayFields}), with no JSON tree in between.
 */
public final class PlayBodyReader {

    /** Events nest no deeper than this; deeper input is hostile, not a play. */
    private static final int MAX_DEPTH = 16;
    /** No field of the contract comes near this; a longer string is refused before it is buffered. */
    private static final int MAX_STRING = 64 * 1024;

    private final ObjectMapper mapper;
    private final PlayValidator validator;
    private final int maxEvents;
    private final long maxBytes;

    public PlayBodyReader(PlayValidator validator, int maxEvents, long maxBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build())
                .build();
        this.mapper = new ObjectMapper(factory);
        this.validator = validator;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** What a request carried: the valid plays (listener still in the clear) and the refused events. */
    public record Batch(List<PlayEvent> accepted, List<Rejection> rejected) {
    }

    /**
     * @param ndjson whether the body is NDJSON (one event per line) rather than one JSON value
     * @throws BadRequestException when the body as a whole is not the contract's input
     * @throws InvalidPlayException when the body is one play (a JSON object) and it breaks a field rule
     * @throws TooLargeException   past the event or byte limit
     */
    public Batch read(InputStream body, boolean ndjson) throws IOException {
        Batch batch = new Batch(new ArrayList<>(), new ArrayList<>());
        try (JsonParser parser = mapper.createParser(new MeteredInputStream(body, total -> {
            if (total > maxBytes) { // whatever Content-Length claimed
                throw new TooLargeException("at most " + maxBytes + " bytes per request");
            }
        }))) {
            try {
                if (ndjson) {
                    readLines(parser, batch);
                } else {
                    readDocument(parser, batch);
                }
            } catch (StreamConstraintsException e) {
                String field = parser.currentName();
                // Jackson names the limit it hit; its pointer to its own configuration method is no business of clients.
                String limit = e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
                throw new BadRequestException((field == null ? "" : field + ": ") + "past a read limit: " + limit);
            }
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body is not valid " + (ndjson ? "NDJSON" : "JSON") + ": " + e.getOriginalMessage());
        }
        return batch;
    }

    private void readDocument(JsonParser parser, Batch batch) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_OBJECT) {
            add(batch, 0, PlayFields.read(parser));
        } else if (first == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                add(batch, index++, PlayFields.read(parser));
            }
        } else {
            throw new BadRequestException("body must be a JSON object (one play) or an array of them, not " + describe(first));
        }
        if (parser.nextToken() != null) {
            throw new BadRequestException("body has content after its JSON value; send several plays as an array or as NDJSON");
        }
        if (first == JsonToken.START_OBJECT && !batch.rejected().isEmpty()) {
            throw new InvalidPlayException(batch.rejected().getFirst());
        }
    }

    private void readLines(JsonParser parser, Batch batch) throws IOException {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            add(batch, index++, PlayFields.read(parser));
        }
    }

    private void add(Batch batch, int index, PlayFields event) {
        if (index >= maxEvents) {
            throw new TooLargeException("at most " + maxEvents + " events per request");
        }
        switch (validator.validate(index, event)) {
            case PlayValidator.Valid valid -> batch.accepted().add(valid.play());
            case PlayValidator.Invalid invalid -> batch.rejected().add(invalid.rejection());
        }
    }

    private static String describe(JsonToken token) {
        return token == null ? "an empty body" : switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }
}
