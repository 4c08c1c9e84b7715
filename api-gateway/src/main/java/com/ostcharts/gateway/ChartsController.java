package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The read API of CONTRACT section 5: charts by scope and window, as documents (JSON or CSV, live or archived {@code ?at} an instant) or as event streams. */
@Controller("/api/v1/charts")
final class ChartsController {

    /** The header a reconnecting {@code EventSource} sends: the id of the last event it received. */
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final ChartBoard board;
    private final ArchivedCharts archive;
    private final String cacheControl;
    private final ChartResponses responses;

    ChartsController(ChartBoard board, ArchivedCharts archive, GatewayConfig config, ChartResponses responses) {
        this.board = board;
        this.archive = archive;
        this.responses = responses;
        this.cacheControl = config.cacheControl();
    }

    /** Every chart that exists (track charts, the global ones always, then charts of dramas and artists), by id; written with the contract's own mapping, so scopes and times look exactly as in the documents. */
    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> list() throws JsonProcessingException {
        Map<String, ChartDocument> documents = new TreeMap<>();
        for (ChartWindow window : ChartWindow.values()) {
            ChartId global = new ChartId(ChartScope.GLOBAL, window);
            board.chart(global).ifPresent(chart -> documents.put(global.value(), chart.document()));
        }
        board.charts().forEach(chart -> documents.put(chart.document().chartId(), chart.document()));
        Map<String, ChartSummary> summaries = new TreeMap<>();
        documents.values().forEach(d -> summaries.put(d.chartId(), new ChartSummary(d.chartId(), "tracks", d.window(), d.scope(), d.asOf(), d.version())));
        board.entityCharts().forEach((chartId, served) -> {
            EntityChartDocument d = served.entityDocument();
            String kind = chartId.startsWith(EntityChartId.Kind.DRAMAS.prefix()) ? "dramas" : "artists";
            summaries.put(chartId, new ChartSummary(chartId, kind, d.window(), d.scope(), d.asOf(), d.version()));
        });
        List<ChartSummary> charts = List.copyOf(summaries.values());
        return HttpResponse.ok(Json.MAPPER.writeValueAsBytes(Map.of("charts", charts)))
                .contentType(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    @Get(uri = "/global/{window}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> global(String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                                @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                                @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(ChartRequests.chartId(ChartScope.GLOBAL, window), limit, at, ifNoneMatch, accept, acceptEncoding);
    }

    @Get(uri = "/country/{code}/{window}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> country(String code, String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                                 @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                                @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(ChartRequests.chartId(ChartRequests.countryScope(code), window), limit, at, ifNoneMatch, accept, acceptEncoding);
    }

    @Get(uri = "/platform/{slug}/{window}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> platform(String slug, String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                                  @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                                @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(ChartRequests.chartId(ChartRequests.platformScope(slug), window), limit, at, ifNoneMatch, accept, acceptEncoding);
    }

    @Get(uri = "/drama/{slug}/{window}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> drama(String slug, String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                               @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                               @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(ChartRequests.chartId(ChartRequests.dramaScope(slug), window), limit, at, ifNoneMatch, accept, acceptEncoding);
    }

    @Get(uri = "/artist/{slug}/{window}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> artist(String slug, String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                                @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                                @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(ChartRequests.chartId(ChartRequests.artistScope(slug), window), limit, at, ifNoneMatch, accept, acceptEncoding);
    }

    @Get(uri = "/global/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> globalStream(HttpRequest<?> request, String window, @Nullable @QueryValue String limit,
                                           @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                           @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, ChartRequests.chartId(ChartScope.GLOBAL, window), limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/country/{code}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> countryStream(HttpRequest<?> request, String code, String window, @Nullable @QueryValue String limit,
                                            @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                            @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, ChartRequests.chartId(ChartRequests.countryScope(code), window), limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/platform/{slug}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> platformStream(HttpRequest<?> request, String slug, String window, @Nullable @QueryValue String limit,
                                             @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                             @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, ChartRequests.chartId(ChartRequests.platformScope(slug), window), limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/drama/{slug}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> dramaStream(HttpRequest<?> request, String slug, String window, @Nullable @QueryValue String limit,
                                          @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                          @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, ChartRequests.chartId(ChartRequests.dramaScope(slug), window), limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/artist/{slug}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> artistStream(HttpRequest<?> request, String slug, String window, @Nullable @QueryValue String limit,
                                           @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                           @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, ChartRequests.chartId(ChartRequests.artistScope(slug), window), limit, lastEventId, acceptEncoding);
    }

    /** The live chart, or with {@code ?at} the archived chart of the period holding that instant; JSON, or CSV when asked. */
    private HttpResponse<byte[]> document(ChartId id, String limitParam, String atParam, String ifNoneMatch, String accept,
                                          String acceptEncoding) {
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        boolean csv = ChartRequests.wantsCsv(accept);
        Instant at = ChartRequests.instant("at", atParam);
        if (at != null) {
            return archive.response(id, archive.periodHolding(id.window(), at), limit, csv, ifNoneMatch);
        }
        ServedChart chart = existing(id);
        if (csv) {
            String etag = chart.csvEtag(limit);
            if (ChartRequests.matches(ifNoneMatch, etag)) {
                return notModified(etag, HttpHeaders.ACCEPT);
            }
            return HttpResponse.ok(chart.csv(limit)).contentType(ChartCsv.CONTENT_TYPE).header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        return responses.json(chart, limit, ifNoneMatch, acceptEncoding);
    }

    private MutableHttpResponse<byte[]> notModified(String etag, String vary) {
        return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, vary);
    }

    /** The live chart's event stream ({@link ChartResponses#stream}). */
    private HttpResponse<ChartStream> stream(HttpRequest<?> request, ChartId id, String limitParam, String lastEventId, String acceptEncoding) {
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        return responses.stream(request, id.value(), existing(id), limit, lastEventId, acceptEncoding);
    }

    private ServedChart existing(ChartId id) {
        return board.chart(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "no chart " + id.value() + " yet: it appears with the first counted play in its scope"));
    }

    /** One line of {@code GET /api/v1/charts}; typed, so the scope keeps its {@code type}. */
    record ChartSummary(String chartId, String kind, ChartWindow window, ChartScope scope, Instant asOf, long version) {
    }
}
