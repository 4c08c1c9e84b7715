package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Track;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/tracks/{trackId}}: metadata and the track's current position in every chart that holds it. */
@Controller("/api/v1/tracks")
final class TracksController {

    private final ChartBoard board;

    TracksController(ChartBoard board) {
        this.board = board;
    }

    record Position(String chartId, int rank, long plays) {
    }

    @Get(uri = "/{trackId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> track(String trackId) throws JsonProcessingException {
        if (!ContractRules.isTrackId(trackId)) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        List<Position> positions = new ArrayList<>();
        for (ServedChart chart : board.charts()) {
            ChartDocument document = chart.document();
            for (ChartEntry entry : document.entries()) {
                if (entry.trackId().equals(trackId)) {
                    positions.add(new Position(document.chartId(), entry.rank(), entry.plays()));
                }
            }
        }
        Optional<Track> track = board.track(trackId);
        if (track.isEmpty() && positions.isEmpty()) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "no track " + trackId + " in the catalog or on any chart");
        }
        positions.sort(Comparator.comparing(Position::chartId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackId", trackId);
        body.put("title", track.map(Track::title).orElse(null));
        body.put("artists", track.map(Track::artists).orElse(null));
        body.put("drama", track.map(Track::drama).orElse(null));
        body.put("dramaYear", track.map(Track::dramaYear).orElse(null));
        body.put("releaseDate", track.map(Track::releaseDate).orElse(null));
        body.put("ostPart", track.map(Track::ostPart).orElse(null));
        body.put("positions", positions);
        return HttpResponse.ok(Json.MAPPER.writeValueAsBytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
