package com.ostcharts.gateway;

/**
 * The answer to a live chart as JSON, the same whichever path serves it ({@link ChartsController}, or
 * {@link FastChartHandler} before Micronaut's routing): {@code 304} when {@code If-None-Match} names the selected
 * representation, else {@code 200} with its bytes; the representation is the gzip one, made once per version, when
 * the client accepts gzip. Every answer carries the same {@code Vary}.
 *
 * @param json        the selected representation: the version and limit asked for, gzip or not
 * @param notModified whether {@code If-None-Match} names it
 */
record ChartAnswer(JsonRepresentation json, boolean notModified) {

    /** What a chart's answer varies by: CSV or JSON ({@code Accept}), gzip or not ({@code Accept-Encoding}). */
    static final String VARY = "Accept, Accept-Encoding";
    static final String GZIP = "gzip";

    static ChartAnswer of(ServedChart chart, int limit, String acceptEncoding, String ifNoneMatch) {
        JsonRepresentation json = chart.json(limit, ChartRequests.acceptsGzip(acceptEncoding));
        return new ChartAnswer(json, ifNoneMatch != null && (ifNoneMatch.equals(json.etag()) || ChartRequests.matches(ifNoneMatch, json.etag())));
    }
}
