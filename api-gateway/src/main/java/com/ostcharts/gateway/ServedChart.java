package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.Json;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntFunction;

/**
 * One version of one chart as served, a track chart or a chart of dramas or artists: the bytes for each {@code limit},
 * made once and kept, so a request is a map lookup. The bytes for a version and a limit never change, so neither does
 * their ETag.
 */
final class ServedChart {

    static final int MAX_LIMIT = 100;

    /** The track chart; {@code null} for a chart of dramas or artists. */
    private final ChartDocument document;
    /** The chart of dramas or artists; {@code null} for a track chart. */
    private final EntityChartDocument entityDocument;
    private final long version;
    private final Instant asOf;
    /** The document cut to a limit, as it is written. */
    private final IntFunction<Object> cut;
    private final ConcurrentMap<Integer, byte[]> csvBodies = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, SseFrame> frames = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, JsonRepresentation> identity = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, JsonRepresentation> gzipped = new ConcurrentHashMap<>();

    ServedChart(ChartDocument document) {
        this(document, null, document.version(), document.asOf(), document::limitedTo);
    }

    ServedChart(EntityChartDocument document) {
        this(null, document, document.version(), document.asOf(), document::limitedTo);
    }

    private ServedChart(ChartDocument document, EntityChartDocument entityDocument, long version, Instant asOf, IntFunction<Object> cut) {
        this.document = document;
        this.entityDocument = entityDocument;
        this.version = version;
        this.asOf = asOf;
        this.cut = cut;
        body(MAX_LIMIT); // the common case, made while following, not on the first request
    }

    /** The track chart; {@code null} for a chart of dramas or artists. */
    ChartDocument document() {
        return document;
    }

    /** The chart of dramas or artists; {@code null} for a track chart. */
    EntityChartDocument entityDocument() {
        return entityDocument;
    }

    long version() {
        return version;
    }

    byte[] body(int limit) {
        return json(limit, false).bytes();
    }

    /**
     * The JSON for {@code limit}, identity or gzip (one gzip member, compressed once for every client that accepts
     * gzip, on the first request for it), with its strong ETag.
     */
    JsonRepresentation json(int limit, boolean gzip) {
        int cut = Math.min(limit, MAX_LIMIT);
        if (gzip) {
            return gzipped.computeIfAbsent(cut, key -> new JsonRepresentation(SharedBytes.gzip(body(key)), gzipEtag(key), true));
        }
        return identity.computeIfAbsent(cut, key -> new JsonRepresentation(serialize(key), "\"" + tag(key) + "\"", false));
    }

    /** The same entries as CSV; made on the first request for it, as few clients ask. */
    byte[] csv(int limit) {
        return csvBodies.computeIfAbsent(Math.min(limit, MAX_LIMIT), cut -> ChartCsv.of(document.limitedTo(cut).entries()));
    }

    /** The version as one server-sent event, encoded once for every listener of this {@code limit}; made on the first write. */
    SseFrame frame(int limit) {
        return frames.computeIfAbsent(Math.min(limit, MAX_LIMIT), key -> SseFrame.chart(version, body(key)));
    }

    /** Strong, from the version and the limit; {@code asOf} guards against a chart-service reset restarting versions. */
    String etag(int limit) {
        return json(limit, false).etag();
    }

    /** The gzip JSON's own strong ETag: another representation (content coding) of the same version (RFC 9110 section 8.8.3). */
    private String gzipEtag(int limit) {
        return "\"" + tag(limit) + "-gzip\"";
    }

    /** The CSV's own strong ETag: another representation of the same version. */
    String csvEtag(int limit) {
        return "\"" + tag(limit) + "-csv\"";
    }

    private String tag(int limit) {
        return version + "-" + Math.min(limit, MAX_LIMIT) + "-" + Long.toString(asOf.toEpochMilli(), 36);
    }

    private byte[] serialize(int limit) {
        try {
            return Json.MAPPER.writeValueAsBytes(cut.apply(limit));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
