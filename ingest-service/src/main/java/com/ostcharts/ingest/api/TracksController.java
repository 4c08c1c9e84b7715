package com.ostcharts.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Track;
import com.ostcharts.ingest.publish.EventPublisher;
import com.ostcharts.ingest.validation.BadRequestException;
import com.ostcharts.ingest.validation.TrackValidator;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/** {@code PUT /api/v1/tracks/{trackId}}: validated metadata to the compacted catalog topic. */
@RestController
final class TracksController {

    private static final int MAX_TRACK_BODY = 64 * 1024;

    private final TrackValidator validator = new TrackValidator();
    private final EventPublisher publisher;

    TracksController(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @PutMapping(path = "/api/v1/tracks/{trackId}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] put(@PathVariable String trackId, @RequestBody byte[] body) throws JsonProcessingException {
        if (!ContractRules.isTrackId(trackId)) {
            throw new BadRequestException("trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        if (body.length > MAX_TRACK_BODY) {
            throw new BadRequestException("body: track metadata is at most " + MAX_TRACK_BODY + " bytes");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("body is not valid JSON");
        }
        TrackValidator.Result result = validator.validate(trackId, json);
        if (!result.errors().isEmpty()) {
            throw new BadRequestException(String.join("; ", result.errors()));
        }
        Track track = result.track();
        publisher.publishTrack(track);
        return stored(track);
    }

    /**
     * The stored track as the answer: an optional field that was not given ({@code dramaYear}, {@code releaseDate},
     * {@code ostPart}) is left out rather than sent as {@code null}, as CONTRACT section 5 and openapi.json describe it.
     */
    static byte[] stored(Track track) throws JsonProcessingException {
        ObjectNode json = Json.MAPPER.valueToTree(track);
        json.properties().removeIf(field -> field.getValue().isNull());
        return Json.MAPPER.writeValueAsBytes(json);
    }
}
