package com.ostcharts.gateway;

import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.ContractRules;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;


/**
 * The live chart documents, answered on the connection's event loop before Micronaut's routing: the one request
 * dashboards make over and over. The same per-client read budget applies as on Micronaut's path ({@link RateLimitFilter}):
 * a client over it is passed on to Micronaut, whose filter answers the {@code 429}. It answers only what it can answer exactly as {@link ChartsController} would (the
 * same status, headers and bytes, see {@link ChartAnswer}): a {@code GET} or {@code HEAD} over HTTP/1.1 of
 * {@code /api/v1/charts/{global|country/CC|platform/slug}/{window}} with at most a valid {@code ?limit}, a chart that
 * exists, JSON acceptable and CSV not preferred, nothing unusual (a body, {@code Expect}, {@code Connection: close}).
 * Everything else, errors included, goes on to Micronaut as before. While Micronaut still owes this connection a
 * response, every request goes to Micronaut too, so that answers keep the order of the requests (pipelining).
 */
final class FastChartHandler extends ChannelDuplexHandler {

    static final String PREFIX = "/api/v1/charts/";
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final FastChartPath path;
    /** Requests handed to Micronaut whose last response part has not been written yet. */
    private int owedByMicronaut;
    /** The request being answered here: its remaining parts are dropped. */
    private boolean dropping;
    private boolean wrote;

    FastChartHandler(FastChartPath path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (dropping) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            ctx.read();
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (owedByMicronaut == 0 && answer(ctx, request)) {
                dropping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                ctx.read();
                return;
            }
            owedByMicronaut++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            owedByMicronaut--;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wrote) {
            wrote = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    /** Answers {@code request} if it is one this handler answers exactly as the controller would; else false, untouched. */
    private boolean answer(ChannelHandlerContext ctx, HttpRequest request) {
        long started = System.nanoTime();
        String uri = request.uri();
        HttpMethod method = request.method();
        boolean head = method.equals(HttpMethod.HEAD);
        if (!uri.startsWith(PREFIX) || !head && !method.equals(HttpMethod.GET) || request.protocolVersion() != HttpVersion.HTTP_1_1
                || !request.decoderResult().isSuccess()) {
            return false;
        }
        HttpHeaders headers = request.headers();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (headers.contains(HttpHeaderNames.EXPECT) || headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                || headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || !HttpUtil.isKeepAlive(request) || origin != null && head) {
            return false;
        }
        Target target = target(uri);
        if (target == null || !jsonAccepted(headers.get(HttpHeaderNames.ACCEPT))) {
            return false;
        }
        ServedChart chart = path.board().served(target.chartId(), target.globalWindow());
        if (chart == null) {
            return false;
        }
        RateLimitFilter limits = path.limits();
        AtomicLong budget = null;
        if (limits != null) {
            budget = limits.admitRead(limits.readsForwardedFor() ? headers.getAll(ClientKeys.FORWARDED_FOR) : List.of(),
                    (InetSocketAddress) ctx.channel().remoteAddress());
            if (budget == null) {
                return false; // over its budget: Micronaut's rate-limit filter refuses it, with its 429
            }
        }
        ChartAnswer answer = ChartAnswer.of(chart, target.limit(), headers.get(HttpHeaderNames.ACCEPT_ENCODING),
                headers.get(HttpHeaderNames.IF_NONE_MATCH));
        long now = System.currentTimeMillis();
        JsonRepresentation.Heads heads = answer.json().heads(now / 1000, path.date(now), path.cacheControl());
        HttpResponseStatus status = answer.notModified() ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK;
        HttpHeaders out = answer.notModified() ? heads.notModified() : heads.ok();
        String[] rateLimit = budget == null ? null : limits.charged(budget, answer.notModified());
        if (rateLimit != null) {
            out = HEADERS.newHeaders().add(out).add(RateLimitFilter.RATE_LIMIT_POLICY, rateLimit[0]).add(RateLimitFilter.RATE_LIMIT, rateLimit[1]);
        }
        if (origin != null) {
            // what Micronaut's CORS filter adds for a simple GET from any origin (application.properties), without credentials
            out = HEADERS.newHeaders().add(out).add(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin).add(HttpHeaderNames.VARY, "Origin");
        }
        ByteBuf body = head || answer.notModified() ? Unpooled.EMPTY_BUFFER : answer.json().body();
        ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, out, EmptyHttpHeaders.INSTANCE), ctx.voidPromise());
        wrote = true;
        path.answered(head, status.code(), target.kind(), System.nanoTime() - started);
        return true;
    }

    /**
     * A chart document request: the chart's id as the board keys it (the path after {@link #PREFIX}), its window if it
     * is a global chart (which always exists), its limit, and which of the three paths (0 global, 1 country, 2 platform).
     */
    record Target(String chartId, ChartWindow globalWindow, int limit, int kind) {
    }

    /** The target of {@code uri}, or {@code null} when it is not exactly a well-formed live chart document request. */
    static Target target(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return null;
        }
        int question = uri.indexOf('?', PREFIX.length());
        int end = question < 0 ? uri.length() : question;
        int limit = limit(question < 0 ? null : uri.substring(question + 1));
        int lastSlash = uri.lastIndexOf('/', end - 1);
        if (limit < 0 || lastSlash < PREFIX.length()) {
            return null;
        }
        ChartWindow window = ChartWindow.fromLabel(uri.substring(lastSlash + 1, end)).orElse(null);
        String scope = uri.substring(PREFIX.length(), lastSlash);
        if (window == null) {
            return null;
        }
        if (scope.equals("global")) {
            return new Target(uri.substring(PREFIX.length(), end), window, limit, 0);
        }
        int slash = scope.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String kind = scope.substring(0, slash);
        String name = scope.substring(slash + 1);
        if (kind.equals("country") && ContractRules.isCountry(name)) {
            return new Target(uri.substring(PREFIX.length(), end), null, limit, 1);
        }
        if (kind.equals("platform") && ContractRules.isPlatform(name)) {
            return new Target(uri.substring(PREFIX.length(), end), null, limit, 2);
        }
        return null;
    }

    /** The limit a query string asks for: {@code MAX_LIMIT} for none, -1 for anything but one valid {@code limit}. */
    private static int limit(String query) {
        if (query == null) {
            return ServedChart.MAX_LIMIT;
        }
        if (!query.startsWith("limit=") || query.length() > "limit=".length() + 3) {
            return -1;
        }
        String value = query.substring("limit=".length());
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        int limit = value.isEmpty() ? -1 : Integer.parseInt(value);
        return limit >= 1 && limit <= ServedChart.MAX_LIMIT ? limit : -1;
    }

    /** Whether JSON is what the controller would answer for this {@code Accept}: none, or one that names JSON or any type, and CSV not ranked first. */
    private static boolean jsonAccepted(String accept) {
        if (accept == null) {
            return true;
        }
        return (accept.contains("application/json") || accept.contains("*/*") || accept.contains("application/*")) && !ChartRequests.wantsCsv(accept);
    }
}
