package com.ostcharts.chart.engine;

/**
 * The topology's state store names. They name changelog topics ({@code <application.id>-<store>-changelog}),
 * so renaming one loses its state: {@code ChartTopologyDescriptionTest} pins them. Stage 1's running totals and
 * window edges were stores ({@code track-totals}, {@code window-edges}) until they became derived state in memory;
 * their changelog topics are no longer read and may be deleted.
 */
public final class StoreNames {

    /** Stage 1: (hour, listener, track) already counted, for the listener-hour rule. */
    public static final String LISTENER_HOURS = "listener-hours";
    /** Stage 1: counted plays per (minute of playedAt, scope, track). */
    public static final String PLAY_BUCKETS = "play-buckets";
    /**
     * Stage 1: per (UTC hour, scope, track), counted plays and repeats per minute and an HLL sketch of the listeners, as
     * of the last checkpoint ({@link ListenerSketches}).
     */
    public static final String LISTENER_SKETCHES = "listener-sketches";
    /** Stage 1: the plays counted and repeated since the last checkpoint of {@code listener-sketches}, one record per commit. */
    public static final String LISTENER_JOURNAL = "listener-journal";
    /** Stage 1: track metadata from ost.tracks.v1, co-partitioned with the plays. */
    public static final String CATALOG = "catalog";
    /** Stage 2: the latest partial chart of each stage-1 partition, per chart. */
    public static final String CHART_PARTIALS = "chart-partials";
    /** Stage 2: the latest plays of every drama or artist in each stage-1 partition, per drama or artist chart. */
    public static final String ENTITY_PARTIALS = "entity-partials";
    /**
     * Stage 2: per drama or artist chart and stage-1 partition, the last listener sketches it sent of each of its dramas
     * (artists): written every few seconds, not with each tick's plays ({@link EntityListenerUnions}).
     */
    public static final String ENTITY_LISTENERS = "entity-listeners";
    /**
     * Stage 2: per chart, the last published entries, version and period snapshots for movement (drama and artist
     * charts too, keyed by their own chart ids).
     */
    public static final String CHART_HISTORY = "chart-history";

    /** Stage 1: per window, the end of the last period archived (sent to stage 2). */
    public static final String ARCHIVE_PROGRESS = "archive-progress";
    /** Stage 2: final partial charts of periods not yet archived, per (window, period end, chart, partition). */
    public static final String ARCHIVE_PARTIALS = "archive-partials";
    /** Stage 2: final plays of dramas and artists of periods not yet archived, per (window, period end, chart, partition). */
    public static final String ARCHIVE_ENTITY_PARTIALS = "archive-entity-partials";
    /** Stage 2: per (window, stage-1 partition), the end of the last period that partition archived. */
    public static final String ARCHIVE_WATERMARKS = "archive-watermarks";
    /** Stage 2: per chart, the last archived period's entries and its snapshots, for the archive's own movement. */
    public static final String ARCHIVE_HISTORY = "archive-history";

    private StoreNames() {
    }
}
