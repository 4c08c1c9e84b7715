package com.ostcharts.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chart history (CONTRACT section 5): a chart's archived periods, and one archived period, for every chart path. */
@Controller("/api/v1/charts")
final class ChartPeriodsController {

    static final int MAX_PERIODS = 1000;
    static final int DEFAULT_PERIODS = 100;

    private final ArchivedCharts archive;
    private final String cacheControl;

    ChartPeriodsController(ArchivedCharts archive, GatewayConfig config) {
        this.archive = archive;
        this.cacheControl = config.cacheControl();
    }

    @Get(uri = "/global/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> globalPeriods(String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                       @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(ChartRequests.chartId(ChartScope.GLOBAL, window), from, to, limit);
    }

    @Get(uri = "/country/{code}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> countryPeriods(String code, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                        @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(ChartRequests.chartId(ChartRequests.countryScope(code), window), from, to, limit);
    }

    @Get(uri = "/platform/{slug}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> platformPeriods(String slug, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                         @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(ChartRequests.chartId(ChartRequests.platformScope(slug), window), from, to, limit);
    }

    @Get(uri = "/drama/{slug}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> dramaPeriods(String slug, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                      @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(ChartRequests.chartId(ChartRequests.dramaScope(slug), window), from, to, limit);
    }

    @Get(uri = "/artist/{slug}/{window}/periods", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> artistPeriods(String slug, String window, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                       @Nullable @QueryValue String limit) throws JsonProcessingException {
        return periods(ChartRequests.chartId(ChartRequests.artistScope(slug), window), from, to, limit);
    }

    @Get(uri = "/global/{window}/periods/{periodStart}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> globalPeriod(String window, String periodStart, @Nullable @QueryValue String limit,
                                      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        return period(ChartRequests.chartId(ChartScope.GLOBAL, window), periodStart, limit, ifNoneMatch, accept);
    }

    @Get(uri = "/country/{code}/{window}/periods/{periodStart}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> countryPeriod(String code, String window, String periodStart, @Nullable @QueryValue String limit,
                                       @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        return period(ChartRequests.chartId(ChartRequests.countryScope(code), window), periodStart, limit, ifNoneMatch, accept);
    }

    @Get(uri = "/platform/{slug}/{window}/periods/{periodStart}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> platformPeriod(String slug, String window, String periodStart, @Nullable @QueryValue String limit,
                                        @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        return period(ChartRequests.chartId(ChartRequests.platformScope(slug), window), periodStart, limit, ifNoneMatch, accept);
    }

    @Get(uri = "/drama/{slug}/{window}/periods/{periodStart}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> dramaPeriod(String slug, String window, String periodStart, @Nullable @QueryValue String limit,
                                     @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        return period(ChartRequests.chartId(ChartRequests.dramaScope(slug), window), periodStart, limit, ifNoneMatch, accept);
    }

    @Get(uri = "/artist/{slug}/{window}/periods/{periodStart}", produces = {MediaType.APPLICATION_JSON, ChartCsv.MEDIA_TYPE})
    HttpResponse<byte[]> artistPeriod(String slug, String window, String periodStart, @Nullable @QueryValue String limit,
                                      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        return period(ChartRequests.chartId(ChartRequests.artistScope(slug), window), periodStart, limit, ifNoneMatch, accept);
    }

    /** One line of a period list, with the path of its chart. */
    record PeriodLink(Instant periodStart, Instant periodEnd, @JsonProperty("final") boolean isFinal, String href) {
    }

    private HttpResponse<byte[]> periods(ChartId id, String fromParam, String toParam, String limitParam) throws JsonProcessingException {
        HistoryRange range = HistoryRange.of(fromParam, toParam, Instant.now());
        int limit = limitParam == null ? DEFAULT_PERIODS : ChartRequests.limit(limitParam, MAX_PERIODS);
        return periodList(id.value(), archive.periods(id.value(), range, limit), cacheControl);
    }

    /** A chart's period list as served: each period with the path of its chart. */
    static HttpResponse<byte[]> periodList(String chartId, List<ArchiveStore.Period> found, String cacheControl) throws JsonProcessingException {
        List<PeriodLink> periods = found.stream().map(period -> {
            Instant start = Instant.ofEpochMilli(period.startMs());
            return new PeriodLink(start, Instant.ofEpochMilli(period.endMs()), period.isFinal(), path(chartId, start));
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chartId", chartId);
        body.put("periods", periods);
        return HttpResponse.ok(Json.MAPPER.writeValueAsBytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    private HttpResponse<byte[]> period(ChartId id, String periodStartParam, String limitParam, String ifNoneMatch, String accept) {
        Instant periodStart = archive.boundary(id.window(), ChartRequests.instant("periodStart", periodStartParam));
        int limit = ChartRequests.limit(limitParam, ServedChart.MAX_LIMIT);
        return archive.response(id, periodStart, limit, ChartRequests.wantsCsv(accept), ifNoneMatch);
    }

    /**
     * The path of one archived period, as the period lists link it, percent-encoded (a drama's or artist's slug may be
     * Hangul): under {@code /api/v1/charts/} for a track chart, {@code /api/v1/} for a drama or artist chart.
     */
    static String path(String chartId, Instant periodStart) {
        String base = EntityChartId.parse(chartId).isPresent() ? "/api/v1/" : "/api/v1/charts/";
        try {
            return new URI(null, null, base + chartId + "/periods/" + periodStart, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(chartId, e);
        }
    }
}
