package com.ostcharts.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;

/**
 * One JSON representation of one chart version and limit, identity or gzip: its bytes and strong ETag, made once;
 * and, for {@link FastChartHandler}, the same bytes in shared direct memory and the whole response head of the
 * current second (its {@code Date} changes once a second), so that answering is a lookup and a write.
 */
final class JsonRepresentation {

    private static final AsciiString JSON = AsciiString.cached("application/json");
    private static final AsciiString VARY = AsciiString.cached(ChartAnswer.VARY);
    private static final AsciiString GZIP = AsciiString.cached(ChartAnswer.GZIP);

    /** The response heads of one second. */
    record Heads(long second, HttpHeaders ok, HttpHeaders notModified) {
    }

    private final byte[] bytes;
    private final String etag;
    private final boolean gzip;
    private volatile ByteBuf direct;
    private volatile Heads heads = new Heads(-1, null, null);

    JsonRepresentation(byte[] bytes, String etag, boolean gzip) {
        this.bytes = bytes;
        this.etag = etag;
        this.gzip = gzip;
    }

    byte[] bytes() {
        return bytes;
    }

    String etag() {
        return etag;
    }

    boolean gzip() {
        return gzip;
    }

    /** The bytes in shared direct memory, a duplicate with its own indices (see {@link SharedBytes}). */
    ByteBuf body() {
        ByteBuf shared = direct;
        if (shared == null) {
            shared = SharedBytes.of(bytes);
            direct = shared;
        }
        return shared.duplicate();
    }

    /**
     * The heads of a {@code 200} and a {@code 304} with {@code date}, as {@link ChartsController} answers them (header
     * names aside, which HTTP compares without case); read-only, shared by every answer of this second.
     */
    Heads heads(long second, AsciiString date, AsciiString cacheControl) {
        Heads current = heads;
        if (current.second() == second) {
            return current;
        }
        AsciiString tag = new AsciiString(etag);
        HttpHeaders ok = gzip
                ? new ReadOnlyHttpHeaders(false, HttpHeaderNames.CONTENT_TYPE, JSON, HttpHeaderNames.ETAG, tag, HttpHeaderNames.CACHE_CONTROL,
                        cacheControl, HttpHeaderNames.VARY, VARY, HttpHeaderNames.CONTENT_ENCODING, GZIP, HttpHeaderNames.CONTENT_LENGTH,
                        AsciiString.of(Integer.toString(bytes.length)), HttpHeaderNames.DATE, date)
                : new ReadOnlyHttpHeaders(false, HttpHeaderNames.CONTENT_TYPE, JSON, HttpHeaderNames.ETAG, tag, HttpHeaderNames.CACHE_CONTROL,
                        cacheControl, HttpHeaderNames.VARY, VARY, HttpHeaderNames.CONTENT_LENGTH, AsciiString.of(Integer.toString(bytes.length)),
                        HttpHeaderNames.DATE, date);
        HttpHeaders notModified = new ReadOnlyHttpHeaders(false, HttpHeaderNames.ETAG, tag, HttpHeaderNames.CACHE_CONTROL, cacheControl,
                HttpHeaderNames.VARY, VARY, HttpHeaderNames.DATE, date);
        current = new Heads(second, ok, notModified);
        heads = current;
        return current;
    }
}
