package com.ostcharts.chart.engine;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.EntityChartDocument;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import com.ostcharts.contract.Track;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The chart engine as a Kafka Streams topology: plain Kafka Streams, no framework, so tests build it
 * with {@link #build} and drive it with {@code TopologyTestDriver}.
 * <pre>
 *  ost.plays.v1 ─┐                                           (keyed by chart id)
 *                ├─ count-plays ── partials-repartition ── publish-charts ── ost.charts.v1
 *  ost.tracks.v1 ┘  (stage 1, by trackId)                   (stage 2)
 * </pre>
 * Every node, store and internal topic is named explicitly; see {@link StoreNames}.
 */
public final class ChartTopology {

    /** Names the repartition topic between the stages: {@code <application.id>-partials-repartition}. */
    public static final String PARTIALS = "partials";

    /** Minute buckets whose values stage 1 keeps in memory between commits (about 120 bytes each). */
    private static final int RECENT_BUCKETS = 100_000;
    /** Tracks of the catalog that stage 1 keeps decoded in memory (a few hundred bytes each). */
    private static final int RECENT_TRACKS = 50_000;
    /** Chart histories that stage 2 keeps decoded in memory (up to tens of KB each: 100 entries and the snapshots). */
    private static final int RECENT_CHARTS = 1_000;
    private static final Serde<PartialChart> PARTIAL_SERDE = new PartialChartSerde();
    private static final Serde<StageTwoInput> STAGE_TWO_SERDE = new StageTwoInputSerde();
    private static final Serde<ChartHistory> HISTORY_SERDE = new ChartHistorySerde();

    private ChartTopology() {
    }

    /**
     * The Streams settings the engine's guarantees rest on, laid over {@code deployment} (connection, state directory,
     * threads, tuning), which cannot override them: exactly-once (nothing lost or counted twice across a crash),
     * explicit names for every store and internal topic (a rename would lose state), and no silent drop (a record
     * that cannot be read, processed or written goes to {@code ost.plays.dlq.v1} with error headers, and counting
     * goes on). The service and every topology test start from this.
     */
    public static Properties streamsConfig(Map<String, ?> deployment) {
        Properties config = new Properties();
        config.putAll(deployment);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.PLAYS_DLQ.name());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        return config;
    }

    public static Topology build(ChartEngineConfig config) {
        return build(config, Stores::persistentKeyValueStore);
    }

    /**
     * @param storeType how stores keep their data: RocksDB ({@code Stores::persistentKeyValueStore}) in the service;
     *                  long simulations may use {@code Stores::inMemoryKeyValueStore}. Changelogs are the same.
     */
    public static Topology build(ChartEngineConfig config, Function<String, KeyValueBytesStoreSupplier> storeType) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, config, storeType);
        return builder.build();
    }

    /** Adds the engine to a builder someone else owns (the service's, so the framework can run it). */
    public static void addTo(StreamsBuilder builder, ChartEngineConfig config) {
        addTo(builder, config, Stores::persistentKeyValueStore);
    }

    private static void addTo(StreamsBuilder builder, ChartEngineConfig config,
                              Function<String, KeyValueBytesStoreSupplier> storeType) {
        // Stage 1's two stores take a write per counted play: the engine's write-behind store hands them to RocksDB and
        // the changelog once per key per commit. Every dedupe key is new, so only the buckets keep values read.
        builder.addStateStore(WriteBehindStore.builder(storeType.apply(StoreNames.LISTENER_HOURS), Serdes.String(), Serdes.Long(), 0));
        builder.addStateStore(WriteBehindStore.builder(storeType.apply(StoreNames.PLAY_BUCKETS), Serdes.String(), Serdes.Long(),
                RECENT_BUCKETS));
        // Listener sketches are written at checkpoints only (ListenerSketches keeps the changed hours in memory); what each
        // commit adds goes to the journal, one record per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(storeType.apply(StoreNames.LISTENER_SKETCHES), Serdes.String(),
                new HourAudience.AudienceSerde()).withCachingDisabled());
        builder.addStateStore(WriteBehindStore.builder(storeType.apply(StoreNames.LISTENER_JOURNAL), Serdes.Long(), Serdes.ByteArray(), 0));
        // Read on every tick, for every entry sent or published: kept decoded in memory, not read back as JSON.
        builder.addStateStore(WriteBehindStore.builder(storeType.apply(StoreNames.CATALOG), Serdes.String(), Topics.TRACKS.valueSerde(),
                RECENT_TRACKS));
        builder.addStateStore(store(storeType, StoreNames.CHART_PARTIALS, PARTIAL_SERDE));
        builder.addStateStore(store(storeType, StoreNames.ENTITY_PARTIALS, new EntityPartialSerde()));
        builder.addStateStore(store(storeType, StoreNames.ENTITY_LISTENERS, new EntityListenerUnions.HeldSerde()));
        builder.addStateStore(WriteBehindStore.builder(storeType.apply(StoreNames.CHART_HISTORY), Serdes.String(), HISTORY_SERDE,
                RECENT_CHARTS));
        // The archive's stores take a few writes per chart and period: Streams' own caching is enough.
        builder.addStateStore(store(storeType, StoreNames.ARCHIVE_PROGRESS, Serdes.Long()));
        builder.addStateStore(store(storeType, StoreNames.ARCHIVE_PARTIALS, PARTIAL_SERDE));
        builder.addStateStore(store(storeType, StoreNames.ARCHIVE_ENTITY_PARTIALS, new EntityPartialSerde()));
        builder.addStateStore(store(storeType, StoreNames.ARCHIVE_WATERMARKS, Serdes.Long()));
        builder.addStateStore(store(storeType, StoreNames.ARCHIVE_HISTORY, HISTORY_SERDE));

        KStream<String, StageOneInput> plays = builder
                .stream(Topics.PLAYS.name(), Consumed.with(Topics.PLAYS.keySerde(), Topics.PLAYS.valueSerde()).withName("plays-source"))
                .mapValues((PlayEvent play) -> (StageOneInput) new StageOneInput.Play(play), Named.as("plays-as-input"));
        KStream<String, StageOneInput> tracks = builder
                .stream(Topics.TRACKS.name(), Consumed.with(Topics.TRACKS.keySerde(), Topics.TRACKS.valueSerde()).withName("tracks-source"))
                .mapValues((Track track) -> (StageOneInput) new StageOneInput.Metadata(track), Named.as("tracks-as-input"));

        // One pacer for both stages: a stream thread runs tasks of each, and their chart work shares one budget.
        TickPacer pacer = new TickPacer(config.pacing());
        plays.merge(tracks, Named.as("stage-one-input"))
                .process(() -> new PlayCounter(config, pacer), Named.as("count-plays"),
                        StoreNames.LISTENER_HOURS, StoreNames.PLAY_BUCKETS, StoreNames.LISTENER_SKETCHES, StoreNames.LISTENER_JOURNAL,
                        StoreNames.CATALOG, StoreNames.ARCHIVE_PROGRESS)
                .repartition(Repartitioned.with(Serdes.String(), STAGE_TWO_SERDE).withName(PARTIALS)
                        .withStreamPartitioner(ChartTopology::watermarksToEveryPartition))
                .process(() -> new ChartPublisher(config, pacer), Named.as("publish-charts"),
                        StoreNames.CHART_PARTIALS, StoreNames.ENTITY_PARTIALS, StoreNames.ENTITY_LISTENERS, StoreNames.CHART_HISTORY,
                        StoreNames.ARCHIVE_PARTIALS, StoreNames.ARCHIVE_ENTITY_PARTIALS, StoreNames.ARCHIVE_WATERMARKS,
                        StoreNames.ARCHIVE_HISTORY)
                .to((key, value, recordContext) -> switch (value) {
                    case ArchivedChart archived -> Topics.CHARTS_ARCHIVE.name();
                    case ArchivedEntityChart archived -> Topics.ENTITY_CHARTS_ARCHIVE.name();
                    case EntityChartDocument entities -> Topics.ENTITY_CHARTS.name();
                    default -> Topics.CHARTS.name();
                },
                        Produced.with(Serdes.String(), new ChartOrArchiveSerde()).withName("charts-sink"));
    }

    /**
     * Partials go where their chart id hashes (the default, as before watermarks existed); a watermark goes to every
     * stage-2 partition, since each holds charts of every window.
     */
    private static Optional<Set<Integer>> watermarksToEveryPartition(String topic, String key, StageTwoInput value, int partitions) {
        return value instanceof StageTwoInput.Watermark
                ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
                : Optional.empty();
    }

    /**
     * Stage 2's output: chart documents to {@code ost.charts.v1}, drama and artist charts to {@code ost.entity-charts.v1},
     * archived charts to their archives, each with its topic's serde.
     */
    private static final class ChartOrArchiveSerde implements Serde<Object> {
        @Override
        public Serializer<Object> serializer() {
            Serializer<ChartDocument> charts = Topics.CHARTS.valueSerde().serializer();
            Serializer<ArchivedChart> archive = Topics.CHARTS_ARCHIVE.valueSerde().serializer();
            Serializer<EntityChartDocument> entities = Topics.ENTITY_CHARTS.valueSerde().serializer();
            Serializer<ArchivedEntityChart> entityArchive = Topics.ENTITY_CHARTS_ARCHIVE.valueSerde().serializer();
            return (topic, value) -> switch (value) {
                case ArchivedChart archived -> archive.serialize(topic, archived);
                case ArchivedEntityChart archived -> entityArchive.serialize(topic, archived);
                case EntityChartDocument entityChart -> entities.serialize(topic, entityChart);
                default -> charts.serialize(topic, (ChartDocument) value);
            };
        }

        @Override
        public Deserializer<Object> deserializer() {
            throw new UnsupportedOperationException("stage 2's output is only written");
        }
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(Function<String, KeyValueBytesStoreSupplier> storeType,
                                                                    String name, Serde<V> valueSerde) {
        // Caching coalesces repeated updates of a key between commits: one changelog record instead of many.
        return Stores.keyValueStoreBuilder(storeType.apply(name), Serdes.String(), valueSerde).withCachingEnabled();
    }

}
