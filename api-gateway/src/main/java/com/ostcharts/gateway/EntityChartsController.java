package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.EntityChartId.Kind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;

import java.time.Instant;

/**
 * Charts of dramas and of artists (CONTRACT section 3): {@code /api/v1/drama-charts/{scope}/{window}} and
 * {@code /api/v1/artist-charts/{scope}/{window}} for the scopes global, a country and a platform, as documents
 * (JSON, {@code ?limit}, ETags and {@code 304}, gzip) or as event streams, exactly as track charts are served; and their
 * archive as track charts' ({@code ?at}, {@code /periods}, {@code /periods/{periodStart}}), in JSON.
 */
@Controller("/api/v1")
final class EntityChartsController {

    private static final String LAST_EVENT_ID = ChartsController.LAST_EVENT_ID;

    private final ChartBoard board;
    private final ChartResponses responses;
    private final ArchivedCharts archive;
    private final String cacheControl;

    EntityChartsController(ChartBoard board, ChartResponses responses, ArchivedCharts archive, GatewayConfig config) {
        this.board = board;
        this.responses = responses;
        this.archive = archive;
        this.cacheControl = config.cacheControl();
    }

    @Get(uri = "/drama-charts/global/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasGlobal(String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                                      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                      @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.DRAMAS, ChartScope.GLOBAL, window, limit, at, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/drama-charts/country/{code}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasCountry(String code, String window, @Nullable @QueryValue String limit,
                                       @Nullable @QueryValue String at, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                       @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.DRAMAS, ChartRequests.countryScope(code), window, limit, at, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/drama-charts/platform/{slug}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasPlatform(String slug, String window, @Nullable @QueryValue String limit,
                                        @Nullable @QueryValue String at, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                        @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.DRAMAS, ChartRequests.platformScope(slug), window, limit, at, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/artist-charts/global/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsGlobal(String window, @Nullable @QueryValue String limit, @Nullable @QueryValue String at,
                                       @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                       @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.ARTISTS, ChartScope.GLOBAL, window, limit, at, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/artist-charts/country/{code}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsCountry(String code, String window, @Nullable @QueryValue String limit,
                                        @Nullable @QueryValue String at, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                        @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.ARTISTS, ChartRequests.countryScope(code), window, limit, at, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/artist-charts/platform/{slug}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsPlatform(String slug, String window, @Nullable @QueryValue String limit,
                                         @Nullable @QueryValue String at, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                         @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.ARTISTS, ChartRequests.platformScope(slug), window, limit, at, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/drama-charts/global/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> dramasGlobalStream(HttpRequest<?> request, String window, @Nullable @QueryValue String limit,
                                                 @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                 @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, Kind.DRAMAS, ChartScope.GLOBAL, window, limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/drama-charts/country/{code}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> dramasCountryStream(HttpRequest<?> request, String code, String window, @Nullable @QueryValue String limit,
                                                  @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                  @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, Kind.DRAMAS, ChartRequests.countryScope(code), window, limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/drama-charts/platform/{slug}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> dramasPlatformStream(HttpRequest<?> request, String slug, String window, @Nullable @QueryValue String limit,
                                                   @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                   @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, Kind.DRAMAS, ChartRequests.platformScope(slug), window, limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/artist-charts/global/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> artistsGlobalStream(HttpRequest<?> request, String window, @Nullable @QueryValue String limit,
                                                  @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                  @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, Kind.ARTISTS, ChartScope.GLOBAL, window, limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/artist-charts/country/{code}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> artistsCountryStream(HttpRequest<?> request, String code, String window, @Nullable @QueryValue String limit,
                                                   @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                   @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, Kind.ARTISTS, ChartRequests.countryScope(code), window, limit, lastEventId, acceptEncoding);
    }

    @Get(uri = "/artist-charts/platform/{slug}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    HttpResponse<ChartStream> artistsPlatformStream(HttpRequest<?> request, String slug, String window, @Nullable @QueryValue String limit,
                                                    @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                    @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return stream(request, Kind.ARTISTS, ChartRequests.platformScope(slug), window, limit, lastEventId, acceptEncoding);
    }

    // ---- the archive (CONTRACT section 5, "Chart history"): a chart's periods and one period, JSON only

    @Get(uri = "/drama-charts/global/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasGlobalPeriods(String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                             @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(Kind.DRAMAS, ChartScope.GLOBAL, window, from, to, limit);
    }

    @Get(uri = "/drama-charts/country/{code}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasCountryPeriods(String code, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                              @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(Kind.DRAMAS, ChartRequests.countryScope(code), window, from, to, limit);
    }

    @Get(uri = "/drama-charts/platform/{slug}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasPlatformPeriods(String slug, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                               @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(Kind.DRAMAS, ChartRequests.platformScope(slug), window, from, to, limit);
    }

    @Get(uri = "/artist-charts/global/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsGlobalPeriods(String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                              @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(Kind.ARTISTS, ChartScope.GLOBAL, window, from, to, limit);
    }

    @Get(uri = "/artist-charts/country/{code}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsCountryPeriods(String code, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                               @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(Kind.ARTISTS, ChartRequests.countryScope(code), window, from, to, limit);
    }

    @Get(uri = "/artist-charts/platform/{slug}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsPlatformPeriods(String slug, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                                @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(Kind.ARTISTS, ChartRequests.platformScope(slug), window, from, to, limit);
    }

    @Get(uri = "/drama-charts/global/{window}/periods/{periodStart}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasGlobalPeriod(String window, String periodStart, @Nullable @QueryValue String limit,
                                            @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return period(Kind.DRAMAS, ChartScope.GLOBAL, window, periodStart, limit, ifNoneMatch);
    }

    @Get(uri = "/drama-charts/country/{code}/{window}/periods/{periodStart}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasCountryPeriod(String code, String window, String periodStart, @Nullable @QueryValue String limit,
                                             @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return period(Kind.DRAMAS, ChartRequests.countryScope(code), window, periodStart, limit, ifNoneMatch);
    }

    @Get(uri = "/drama-charts/platform/{slug}/{window}/periods/{periodStart}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasPlatformPeriod(String slug, String window, String periodStart, @Nullable @QueryValue String limit,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return period(Kind.DRAMAS, ChartRequests.platformScope(slug), window, periodStart, limit, ifNoneMatch);
    }

    @Get(uri = "/artist-charts/global/{window}/periods/{periodStart}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsGlobalPeriod(String window, String periodStart, @Nullable @QueryValue String limit,
                                             @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return period(Kind.ARTISTS, ChartScope.GLOBAL, window, periodStart, limit, ifNoneMatch);
    }

    @Get(uri = "/artist-charts/country/{code}/{window}/periods/{periodStart}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsCountryPeriod(String code, String window, String periodStart, @Nullable @QueryValue String limit,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return period(Kind.ARTISTS, ChartRequests.countryScope(code), window, periodStart, limit, ifNoneMatch);
    }

    @Get(uri = "/artist-charts/platform/{slug}/{window}/periods/{periodStart}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsPlatformPeriod(String slug, String window, String periodStart, @Nullable @QueryValue String limit,
                                               @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return period(Kind.ARTISTS, ChartRequests.platformScope(slug), window, periodStart, limit, ifNoneMatch);
    }

    /** The live chart, or with {@code ?at} the archived chart of the period holding that instant. */
    private HttpResponse<byte[]> document(Kind kind, ChartScope scope, String window, String limitParam, String atParam,
                                          String ifNoneMatch, String acceptEncoding) {
        EntityChartId id = id(kind, scope, window);
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        Instant at = ChartRequests.instant("at", atParam);
        if (at != null) {
            return archive.response(id, archive.periodHolding(id.window(), at), limit, ifNoneMatch);
        }
        return responses.json(existing(id), limit, ifNoneMatch, acceptEncoding);
    }

    private HttpResponse<byte[]> periods(Kind kind, ChartScope scope, String window, String fromParam, String toParam, String limitParam)
            throws JsonProcessingException {
        EntityChartId id = id(kind, scope, window);
        HistoryRange range = HistoryRange.of(fromParam, toParam, Instant.now());
        int limit = limitParam == null ? ChartPeriodsController.DEFAULT_PERIODS : ChartRequests.limit(limitParam, ChartPeriodsController.MAX_PERIODS);
        return ChartPeriodsController.periodList(id.value(), archive.periods(id.value(), range, limit), cacheControl);
    }

    private HttpResponse<byte[]> period(Kind kind, ChartScope scope, String window, String periodStartParam, String limitParam,
                                        String ifNoneMatch) {
        EntityChartId id = id(kind, scope, window);
        Instant periodStart = archive.boundary(id.window(), ChartRequests.instant("periodStart", periodStartParam));
        return archive.response(id, periodStart, ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT), ifNoneMatch);
    }

    private static EntityChartId id(Kind kind, ChartScope scope, String window) {
        return new EntityChartId(kind, scope, ChartRequests.chartId(scope, window).window());
    }

    private HttpResponse<ChartStream> stream(HttpRequest<?> request, Kind kind, ChartScope scope, String window, String limitParam,
                                             String lastEventId, String acceptEncoding) {
        EntityChartId id = id(kind, scope, window);
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        return responses.stream(request, id.value(), existing(id), limit, lastEventId, acceptEncoding);
    }

    private ServedChart existing(EntityChartId id) {
        return board.entityChart(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "no chart " + id.value() + " yet: it appears with the first counted play of a track of a "
                        + (id.kind() == Kind.DRAMAS ? "drama" : "credited artist") + " in its scope"));
    }
}
