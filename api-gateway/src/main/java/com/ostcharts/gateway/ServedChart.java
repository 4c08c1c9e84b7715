package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.Json;

import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One version of one chart as served: the bytes for each {@code limit}, made once and kept, so a request
 * is a map lookup. The bytes for a version and a limit never change, so neither does their ETag.
 */
final class ServedChart {

    static final int MAX_LIMIT = 100;

    private final ChartDocument document;
    private final ConcurrentMap<Integer, byte[]> csvBodies = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, SseFrame> frames = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, JsonRepresentation> identity = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, JsonRepresentation> gzipped = new ConcurrentHashMap<>();

    ServedChart(ChartDocument document) {
        this.document = document;
        body(MAX_LIMIT); // the common case, made while following, not on the first request
    }

    ChartDocument document() {
        return document;
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
        return frames.computeIfAbsent(Math.min(limit, MAX_LIMIT), cut -> SseFrame.chart(document.version(), body(cut)));
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
        return document.version() + "-" + Math.min(limit, MAX_LIMIT) + "-" + Long.toString(document.asOf().toEpochMilli(), 36);
    }

    private byte[] serialize(int limit) {
        try {
            return Json.MAPPER.writeValueAsBytes(document.limitedTo(limit));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
