package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.Track;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/tracks/{trackId}}: metadata and the track's current position in every chart that holds it; and
 * {@code .../history}: its trajectory on one chart's archive.
 */
@Controller("/api/v1/tracks")
final class TracksController {

    private final ChartBoard board;
    private final ArchivedCharts archive;
    private final String cacheControl;

    TracksController(ChartBoard board, ArchivedCharts archive, GatewayConfig config) {
        this.board = board;
        this.archive = archive;
        this.cacheControl = config.cacheControl();
    }

    record Position(String chartId, int rank, long plays) {
    }

    /** One archived period of the chart, with the track's rank and plays on it, or nulls when it was not on it. */
    record HistoryPoint(Instant periodStart, Instant periodEnd, Integer rank, Long plays) {
    }

    @Get(uri = "/{trackId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> track(String trackId) throws JsonProcessingException {
        requireTrackId(trackId);
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

    /**
     * {@code GET /api/v1/tracks/{trackId}/history?chart=&from=&to=}: the track's rank and plays on each archived period of
     * the chart in the range, oldest first; up to 9,600 periods (400 days of hourly ones), read as two scans of small
     * entries in the archive store's indexes, not from the archived charts.
     */
    @Get(uri = "/{trackId}/history", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> history(String trackId, @Nullable @QueryValue String chart, @Nullable @QueryValue String from,
                                 @Nullable @QueryValue String to) throws JsonProcessingException {
        requireTrackId(trackId);
        ChartId id = ChartRequests.chartParameter("chart", chart);
        HistoryRange range = HistoryRange.of(from, to, Instant.now());
        List<HistoryPoint> periods = archive.history(trackId, id, range).stream()
                .map(placing -> new HistoryPoint(Instant.ofEpochMilli(placing.period().startMs()), Instant.ofEpochMilli(placing.period().endMs()),
                        placing.rank(), placing.plays()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackId", trackId);
        body.put("chartId", id.value());
        body.put("from", range.from());
        body.put("to", range.to());
        body.put("periods", periods);
        return HttpResponse.ok(Json.MAPPER.writeValueAsBytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    private static void requireTrackId(String trackId) {
        if (!ContractRules.isTrackId(trackId)) {
            throw ChartRequests.badRequest("trackId: must be 1..64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
    }
}
