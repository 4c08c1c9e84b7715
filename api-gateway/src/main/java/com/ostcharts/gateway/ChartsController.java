package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.sse.Event;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The read API of CONTRACT section 5: charts by scope and window, as documents or as event streams. */
@Controller("/api/v1/charts")
final class ChartsController {

    private final ChartBoard board;
    private final String cacheControl;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;

    ChartsController(ChartBoard board, GatewayConfig config, GatewayMetrics metrics) {
        this.board = board;
        this.config = config;
        this.metrics = metrics;
        this.cacheControl = "public, max-age=" + config.cacheMaxAge().toSeconds() + ", must-revalidate";
    }

    /** Written with the contract's own mapping, so scopes and times look exactly as in the documents. */
    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> list() throws JsonProcessingException {
        List<ChartSummary> charts = board.charts().stream()
                .map(ServedChart::document)
                .sorted(Comparator.comparing(ChartDocument::chartId))
                .map(d -> new ChartSummary(d.chartId(), d.window(), d.scope(), d.asOf(), d.version()))
                .toList();
        return HttpResponse.ok(Json.MAPPER.writeValueAsBytes(Map.of("charts", charts)))
                .contentType(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    @Get(uri = "/global/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> global(String window, @Nullable @QueryValue String limit, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return document(chartId(ChartScope.GLOBAL, window), limit, ifNoneMatch);
    }

    @Get(uri = "/country/{code}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> country(String code, String window, @Nullable @QueryValue String limit, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return document(chartId(countryScope(code), window), limit, ifNoneMatch);
    }

    @Get(uri = "/platform/{slug}/{window}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> platform(String slug, String window, @Nullable @QueryValue String limit, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return document(chartId(platformScope(slug), window), limit, ifNoneMatch);
    }

    @Get(uri = "/global/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Flux<Event<String>> globalStream(String window, @Nullable @QueryValue String limit) {
        return stream(chartId(ChartScope.GLOBAL, window), limit);
    }

    @Get(uri = "/country/{code}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Flux<Event<String>> countryStream(String code, String window, @Nullable @QueryValue String limit) {
        return stream(chartId(countryScope(code), window), limit);
    }

    @Get(uri = "/platform/{slug}/{window}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Flux<Event<String>> platformStream(String slug, String window, @Nullable @QueryValue String limit) {
        return stream(chartId(platformScope(slug), window), limit);
    }

    private HttpResponse<byte[]> document(ChartId id, String limitParam, String ifNoneMatch) {
        int limit = limit(limitParam);
        ServedChart chart = existing(id);
        String etag = chart.etag(limit);
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
        return HttpResponse.ok(chart.body(limit)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    /**
     * The current version on connect, then each new one. A listener that cannot keep up skips to the
     * latest version rather than slowing the others: charts are snapshots, only the newest matters.
     */
    private Flux<Event<String>> stream(ChartId id, String limitParam) {
        int limit = limit(limitParam);
        ServedChart current = existing(id);
        Flux<Event<String>> versions = board.changes(id)
                .startWith(current)
                .onBackpressureLatest()
                .map(chart -> Event.of(new String(chart.body(limit), StandardCharsets.UTF_8))
                        .name("chart").id(Long.toString(chart.document().version())));
        Flux<Event<String>> heartbeats = Flux.interval(config.heartbeat())
                .map(tick -> Event.of("").comment("heartbeat"));
        return Flux.merge(versions, heartbeats)
                .takeUntilOther(board.closing()) // end streams on shutdown, so a graceful stop need not wait them out
                .doOnSubscribe(subscription -> metrics.listenerConnected())
                .doFinally(signal -> metrics.listenerGone());
    }

    private ServedChart existing(ChartId id) {
        return board.chart(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "no chart " + id.value() + " yet: it appears with the first counted play in its scope"));
    }

    private static ChartId chartId(ChartScope scope, String window) {
        ChartWindow parsed = ChartWindow.fromLabel(window).orElseThrow(() -> new HttpStatusException(HttpStatus.BAD_REQUEST,
                "window: must be 1h, 24h or 7d, not " + window));
        return new ChartId(scope, parsed);
    }

    private static ChartScope countryScope(String code) {
        if (!ContractRules.isCountry(code)) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "country: must be an upper-case ISO 3166-1 alpha-2 code, like KR");
        }
        return ChartScope.country(code);
    }

    private static ChartScope platformScope(String slug) {
        if (!ContractRules.isPlatform(slug)) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "platform: must be 1..32 of a-z 0-9 -, like spotify");
        }
        return ChartScope.platform(slug);
    }

    private static int limit(String value) {
        if (value == null) {
            return ServedChart.MAX_LIMIT;
        }
        if (value.matches("[0-9]{1,3}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= ServedChart.MAX_LIMIT) {
                return limit;
            }
        }
        throw new HttpStatusException(HttpStatus.BAD_REQUEST, "limit: must be an integer 1..100");
    }

    /** One line of {@code GET /api/v1/charts}; typed, so the scope keeps its {@code type}. */
    record ChartSummary(String chartId, ChartWindow window, ChartScope scope, Instant asOf, long version) {
    }
}
