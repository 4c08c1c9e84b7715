package com.ostcharts.contract;

import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The one catalog of the contract's topics (CONTRACT section 4), with their serdes and configs. */
public final class Topics {

    /** Raw plays, listener hashed; key = trackId, timestamp = the time ingest accepted the play. */
    public static final Topic<String, PlayEvent> PLAYS = new Topic<>("ost.plays.v1",
            Serdes.String(), new PlayEventSerde(),
            Map.of("cleanup.policy", "delete",
                    "retention.ms", millis(Duration.ofDays(35)),
                    "compression.type", "producer"),
            true);

    /** The catalog; key = trackId. Compacted: the latest metadata per track is all that matters. */
    public static final Topic<String, Track> TRACKS = new Topic<>("ost.tracks.v1",
            Serdes.String(), new JsonSerde<>(Track.class),
            Map.of("cleanup.policy", "compact"),
            true);

    /**
     * Chart documents; key = chart id. Compacted and rolled hourly so a gateway replaying it at
     * start-up reads little more than one document per chart.
     */
    public static final Topic<String, ChartDocument> CHARTS = new Topic<>("ost.charts.v1",
            Serdes.String(), new JsonSerde<>(ChartDocument.class),
            Map.of("cleanup.policy", "compact",
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"),
            false);

    /**
     * Archived charts, one per chart and period (CONTRACT section 3): the source of truth of chart history, from which
     * every store of it can be rebuilt. Compacted with distinct keys, so every period is kept; zstd, as a year of it
     * is mostly repeated track ids and titles.
     */
    public static final Topic<String, ArchivedChart> CHARTS_ARCHIVE = new Topic<>("ost.charts.archive.v1",
            Serdes.String(), new JsonSerde<>(ArchivedChart.class),
            Map.of("cleanup.policy", "compact",
                    "compression.type", "zstd",
                    "min.compaction.lag.ms", millis(Duration.ofHours(1))),
            false);

    /**
     * Charts of dramas and of artists; key = their chart id ({@link EntityChartId}). Compacted and rolled hourly, as
     * {@link #CHARTS}.
     */
    public static final Topic<String, EntityChartDocument> ENTITY_CHARTS = new Topic<>("ost.entity-charts.v1",
            Serdes.String(), new JsonSerde<>(EntityChartDocument.class),
            Map.of("cleanup.policy", "compact",
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"),
            false);

    /**
     * Archived charts of dramas and of artists, one per chart and period; key = {@code chartId@periodStart}. Kept as
     * {@link #CHARTS_ARCHIVE} is.
     */
    public static final Topic<String, ArchivedEntityChart> ENTITY_CHARTS_ARCHIVE = new Topic<>("ost.entity-charts.archive.v1",
            Serdes.String(), new JsonSerde<>(ArchivedEntityChart.class),
            Map.of("cleanup.policy", "compact",
                    "compression.type", "zstd",
                    "min.compaction.lag.ms", millis(Duration.ofHours(1))),
            false);

    /** Records that could not be processed, bytes as received, with error headers. */
    public static final Topic<byte[], byte[]> PLAYS_DLQ = new Topic<>("ost.plays.dlq.v1",
            Serdes.ByteArray(), Serdes.ByteArray(),
            Map.of("cleanup.policy", "delete",
                    "retention.ms", millis(Duration.ofDays(14))),
            false);

    public static final List<Topic<?, ?>> ALL = List.of(PLAYS, TRACKS, CHARTS, CHARTS_ARCHIVE, ENTITY_CHARTS,
            ENTITY_CHARTS_ARCHIVE, PLAYS_DLQ);

    private Topics() {
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
