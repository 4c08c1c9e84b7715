package com.ostcharts.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.util.AsciiString;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * Puts a {@link FastChartHandler} on every HTTP/1.1 connection, just before Micronaut's own handler, and holds what
 * the handlers share: the board, the read API's rate limits ({@link RateLimitFilter}, which the answers given here are
 * counted against exactly as Micronaut's are), the {@code Cache-Control}, the {@code Date} of the current second, and the request
 * timers, which are Micronaut's own ({@code http.server.requests}, the same tags), so the metrics count every request
 * whichever path answered it.
 */
@Singleton
@Requires(beans = NettyServerCustomizer.Registry.class)
@Requires(property = "ost.gateway.fast-path", notEquals = "false")
final class FastChartPath implements BeanCreatedEventListener<NettyServerCustomizer.Registry>, NettyServerCustomizer {

    static final String JSON = "application/json";
    /** Micronaut's HTTP/1.1 handler (ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND). */
    static final String MICRONAUT_HANDLER = "micronaut-inbound-handler";
    private static final String[] URIS = {"/api/v1/charts/global/{window}", "/api/v1/charts/country/{code}/{window}",
        "/api/v1/charts/platform/{slug}/{window}"};

    private final ChartBoard board;
    @Nullable
    private final RateLimitFilter limits;
    /** By method (GET, HEAD), status (200, 304) and chart path (global, country, platform). */
    private final Timer[] timers = new Timer[2 * 2 * 3];
    private final MeterRegistry meters;
    private final AsciiString cacheControl;
    private volatile DateLine date = new DateLine(0, AsciiString.EMPTY_STRING);

    /** The {@code Date} header of one second. */
    private record DateLine(long second, AsciiString value) {
    }

    FastChartPath(ChartBoard board, GatewayConfig config, MeterRegistry meters, @Nullable RateLimitFilter limits) {
        this.board = board;
        this.limits = limits;
        this.cacheControl = AsciiString.cached(config.cacheControl());
        this.meters = meters;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(this);
        return event.getBean();
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        if (role != ChannelRole.CONNECTION) {
            return this;
        }
        return new NettyServerCustomizer() {
            @Override
            public void onStreamPipelineBuilt() {
                if (channel.pipeline().get(MICRONAUT_HANDLER) != null) {
                    channel.pipeline().addBefore(MICRONAUT_HANDLER, "ost-fast-chart", new FastChartHandler(FastChartPath.this));
                }
            }
        };
    }

    ChartBoard board() {
        return board;
    }

    /** The read API's per-client limits, applied to the answers given here as to those Micronaut gives; none when switched off. */
    @Nullable
    RateLimitFilter limits() {
        return limits;
    }

    AsciiString cacheControl() {
        return cacheControl;
    }

    /** The {@code Date} header at {@code nowMillis}, as Micronaut writes it (RFC 1123), made once a second. */
    AsciiString date(long nowMillis) {
        long second = nowMillis / 1000;
        DateLine line = date;
        if (line.second() != second) {
            line = new DateLine(second, new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC))));
            date = line;
        }
        return line.value();
    }

    /** Counts an answer in Micronaut's request timer; {@code uri}: 0 global, 1 country, 2 platform. */
    void answered(boolean head, int status, int uri, long nanos) {
        int index = ((head ? 1 : 0) * 2 + (status == 200 ? 0 : 1)) * 3 + uri;
        Timer timer = timers[index];
        if (timer == null) {
            // as Micronaut's server filter tags a request: 3xx answers get the uri REDIRECTION (Micrometer's rule)
            timer = Timer.builder("http.server.requests").tags(Tags.of(Tag.of("method", head ? "HEAD" : "GET"),
                    Tag.of("status", Integer.toString(status)), Tag.of("uri", status == 200 ? URIS[uri] : "REDIRECTION"),
                    Tag.of("exception", "none"))).register(meters);
            timers[index] = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
