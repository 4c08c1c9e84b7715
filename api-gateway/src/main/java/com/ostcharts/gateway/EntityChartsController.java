package com.ostcharts.gateway;

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

/**
 * Charts of dramas and of artists (CONTRACT section 3): {@code /api/v1/drama-charts/{scope}/{window}} and
 * {@code /api/v1/artist-charts/{scope}/{window}} for the scopes global, a country and a platform, as documents
 * (JSON, {@code ?limit}, ETags and {@code 304}, gzip) or as event streams, exactly as track charts are served.
 */
@Controller("/api/v1")
final class EntityChartsController {

    private static final String LAST_EVENT_ID = ChartsController.LAST_EVENT_ID;

    private final ChartBoard board;
    private final ChartResponses responses;

    EntityChartsController(ChartBoard board, ChartResponses responses) {
        this.board = board;
        this.responses = responses;
    }

    @Get(uri = "/drama-charts/global/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasGlobal(String window, @Nullable @QueryValue String limit, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                      @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.DRAMAS, ChartScope.GLOBAL, window, limit, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/drama-charts/country/{code}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasCountry(String code, String window, @Nullable @QueryValue String limit,
                                       @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                       @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.DRAMAS, ChartRequests.countryScope(code), window, limit, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/drama-charts/platform/{slug}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramasPlatform(String slug, String window, @Nullable @QueryValue String limit,
                                        @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                        @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.DRAMAS, ChartRequests.platformScope(slug), window, limit, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/artist-charts/global/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsGlobal(String window, @Nullable @QueryValue String limit, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                       @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.ARTISTS, ChartScope.GLOBAL, window, limit, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/artist-charts/country/{code}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsCountry(String code, String window, @Nullable @QueryValue String limit,
                                        @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                        @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.ARTISTS, ChartRequests.countryScope(code), window, limit, ifNoneMatch, acceptEncoding);
    }

    @Get(uri = "/artist-charts/platform/{slug}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistsPlatform(String slug, String window, @Nullable @QueryValue String limit,
                                         @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                         @Nullable @Header(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return document(Kind.ARTISTS, ChartRequests.platformScope(slug), window, limit, ifNoneMatch, acceptEncoding);
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

    private HttpResponse<byte[]> document(Kind kind, ChartScope scope, String window, String limitParam, String ifNoneMatch,
                                          String acceptEncoding) {
        EntityChartId id = new EntityChartId(kind, scope, ChartRequests.chartId(scope, window).window());
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        return responses.json(existing(id), limit, ifNoneMatch, acceptEncoding);
    }

    private HttpResponse<ChartStream> stream(HttpRequest<?> request, Kind kind, ChartScope scope, String window, String limitParam,
                                             String lastEventId, String acceptEncoding) {
        EntityChartId id = new EntityChartId(kind, scope, ChartRequests.chartId(scope, window).window());
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        return responses.stream(request, id.value(), existing(id), limit, lastEventId, acceptEncoding);
    }

    private ServedChart existing(EntityChartId id) {
        return board.entityChart(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "no chart " + id.value() + " yet: it appears with the first counted play of a track of a "
                        + (id.kind() == Kind.DRAMAS ? "drama" : "credited artist") + " in its scope"));
    }
}
