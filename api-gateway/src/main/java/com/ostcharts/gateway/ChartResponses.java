package com.ostcharts.gateway;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.netty.NettyHttpRequest;
import jakarta.inject.Singleton;

/** The answers every live chart gives, a track chart or a chart of dramas or artists: its JSON, and its event stream. */
@Singleton
final class ChartResponses {

    private final ChartBoard board;
    private final GatewayMetrics metrics;
    private final String cacheControl;

    ChartResponses(ChartBoard board, GatewayMetrics metrics, GatewayConfig config) {
        this.board = board;
        this.metrics = metrics;
        this.cacheControl = config.cacheControl();
    }

    /** The chart's JSON for {@code limit}, gzip for a client that accepts it, {@code 304} when the client has it. */
    HttpResponse<byte[]> json(ServedChart chart, int limit, String ifNoneMatch, String acceptEncoding) {
        ChartAnswer answer = ChartAnswer.of(chart, limit, acceptEncoding, ifNoneMatch);
        JsonRepresentation json = answer.json();
        if (answer.notModified()) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, json.etag()).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .header(HttpHeaders.VARY, ChartAnswer.VARY);
        }
        MutableHttpResponse<byte[]> ok = HttpResponse.ok(json.bytes()).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, json.etag()).header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, ChartAnswer.VARY);
        // a body already gzip, with its Content-Encoding: Micronaut's compressor leaves it as it is
        return json.gzip() ? ok.header(HttpHeaders.CONTENT_ENCODING, ChartAnswer.GZIP) : ok;
    }

    /**
     * The current version on connect (unless {@code Last-Event-ID} names it: that listener has it already), then each
     * new one. A listener that cannot keep up skips to the newest version rather than slowing the others: charts are
     * snapshots, only the newest matters (see {@link ChartStream}). With {@code Accept-Encoding: gzip}, the stream is
     * gzip, made of segments compressed once per version for every listener.
     */
    HttpResponse<ChartStream> stream(HttpRequest<?> request, String chartId, ServedChart current, int limit, String lastEventId,
                                     String acceptEncoding) {
        boolean gzip = ChartRequests.acceptsGzip(acceptEncoding);
        boolean hasCurrent = lastEventId != null && lastEventId.trim().equals(Long.toString(current.version()));
        ChartStream stream = new ChartStream(board, chartId, limit, gzip, hasCurrent ? null : current, metrics::listenerConnected,
                metrics::listenerGone);
        if (request instanceof NettyHttpRequest<?> netty) {
            stream.gateOn(netty.getChannelHandlerContext().channel());
        }
        MutableHttpResponse<ChartStream> response = HttpResponse.ok(stream).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        return gzip ? response.header(HttpHeaders.CONTENT_ENCODING, "gzip") : response;
    }
}
