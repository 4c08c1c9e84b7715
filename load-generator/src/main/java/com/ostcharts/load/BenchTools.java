package com.ostcharts.load;

import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/** The benchmark's instruments: the bare Kafka Streams baseline, a catch-up timer, and payloads for ProducerPerformance. */
final class BenchTools {

    private BenchTools() {
    }

    @Command(name = "bare-count", mixinStandardHelpOptions = true,
            description = "The baseline: a bare Kafka Streams count() per key over ost.plays.v1, exactly-once, until stopped.")
    static final class BareCount implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
        String bootstrapServers;
        @Option(names = "--application-id", required = true)
        String applicationId;
        @Option(names = "--state-dir", required = true)
        Path stateDir;
        @Option(names = "--dedupe", description = "a second baseline: the contract's counting rules the plain Kafka Streams way "
                + "(each play parsed, too short and late ones dropped, one per listener, track and UTC hour by a lookup and a "
                + "write of a logged store), then the same count() per track")
        boolean dedupe;

        @Override
        public Integer call() throws Exception {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
            CountDownLatch stopped = new CountDownLatch(1);
            try (KafkaStreams streams = new KafkaStreams(topology(dedupe), props)) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    streams.close(Duration.ofSeconds(20));
                    stopped.countDown();
                }));
                streams.start();
                stopped.await();
            }
            return 0;
        }

        /** The baseline's topology: counts per track in the store {@code bare-counts}. */
        static Topology topology(boolean dedupe) {
            StreamsBuilder builder = new StreamsBuilder();
            if (dedupe) {
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LISTENER_HOURS), Serdes.String(),
                        Serdes.Long()));
                builder.stream(Topics.PLAYS.name(), Consumed.with(Serdes.String(), Topics.PLAYS.valueSerde()).withName("bare-source"))
                        .processValues(FirstPlayOfTheHour::new, Named.as("bare-dedupe"), LISTENER_HOURS)
                        .groupByKey(Grouped.with(Serdes.String(), Topics.PLAYS.valueSerde()).withName("bare-group"))
                        .count(Materialized.as("bare-counts"));
            } else {
                builder.stream(Topics.PLAYS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("bare-source"))
                        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()).withName("bare-group"))
                        .count(Materialized.as("bare-counts"));
            }
            return builder.build();
        }
    }

    private static final String LISTENER_HOURS = "bare-listener-hours";
    private static final long MIN_MS_PLAYED = 30_000;
    private static final long LATENESS_BOUND_MS = Duration.ofHours(2).toMillis();
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    /** CONTRACT section 2 in a few lines: a play of 30 s or more, at most 2 h late, the first of its listener, track and hour. */
    private static final class FirstPlayOfTheHour implements FixedKeyProcessor<String, PlayEvent, PlayEvent> {
        private FixedKeyProcessorContext<String, PlayEvent> context;
        private KeyValueStore<String, Long> listenerHours;

        @Override
        public void init(FixedKeyProcessorContext<String, PlayEvent> context) {
            this.context = context;
            this.listenerHours = context.getStateStore(LISTENER_HOURS);
        }

        @Override
        public void process(FixedKeyRecord<String, PlayEvent> record) {
            PlayEvent play = record.value();
            long playedAt = play.playedAt().toEpochMilli();
            if (play.msPlayed() >= MIN_MS_PLAYED && record.timestamp() - playedAt <= LATENESS_BOUND_MS) {
                long hour = Math.floorDiv(playedAt, HOUR_MS);
                String key = hour + "|" + play.listenerId() + "|" + play.trackId();
                if (listenerHours.get(key) == null) {
                    listenerHours.put(key, hour);
                    context.forward(record);
                }
            }
        }
    }

    @Command(name = "catch-up", mixinStandardHelpOptions = true,
            description = "Times a consumer group (a Streams application id) until it has committed up to the end of ost.plays.v1.")
    static final class CatchUp implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
        String bootstrapServers;
        @Option(names = "--group", required = true)
        String group;
        @Option(names = "--timeout", defaultValue = "10m", converter = RunCommand.DurationConverter.class)
        Duration timeout;
        @Option(names = "--records", defaultValue = "0", description = "stop timing after this many records (0: at the end of the topic)")
        long records;
        @Option(names = "--report", required = true)
        Path report;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CatchUpResult result = measure(bootstrapServers, group, timeout, records);
            Reports.write(report, result);
            spec.commandLine().getOut().println(result);
            return result.caughtUp() ? 0 : 1;
        }

        /** Times {@code group} from its first commit until it has committed up to the end of the topic (or {@code records} more). */
        static CatchUpResult measure(String bootstrapServers, String group, Duration timeout, long records) throws Exception {
            // Timing starts at the group's first commit, so start-up (JVM, framework, rebalance) is not counted for anyone.
            try (PlaysOffsets offsets = new PlaysOffsets(bootstrapServers)) {
                long end = offsets.end();
                long deadline = System.nanoTime() + timeout.toNanos();
                long first = offsets.committed(group);
                long base = first;
                while (base == first && base < end && System.nanoTime() < deadline) {
                    Thread.sleep(20); // polling the group's committed offsets, as an operator's lag dashboard does
                    base = offsets.committed(group);
                }
                long started = System.nanoTime();
                long target = records > 0 ? Math.min(end, base + records) : end;
                long done = base;
                while (done < target && System.nanoTime() < deadline) {
                    Thread.sleep(100); // polling the group's committed offsets, as an operator's lag dashboard does
                    done = offsets.committed(group);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                return new CatchUpResult(group, done - base, Math.round(seconds * 100) / 100.0, Math.round((done - base) / seconds), done >= target);
            }
        }
    }

    /**
     * Offsets on {@code ost.plays.v1}, summed over its partitions, through one admin client: the topic's end, a consumer
     * group's (a Streams application's) committed position, and the lag between them, as an operator's dashboard reads them.
     */
    static final class PlaysOffsets implements AutoCloseable {
        private final Admin admin;
        private final List<TopicPartition> partitions;

        PlaysOffsets(String bootstrapServers) throws Exception {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            try {
                partitions = admin.describeTopics(List.of(Topics.PLAYS.name())).allTopicNames().get()
                        .get(Topics.PLAYS.name()).partitions().stream()
                        .map(p -> new TopicPartition(Topics.PLAYS.name(), p.partition())).toList();
            } catch (Exception e) {
                admin.close();
                throw e;
            }
        }

        /** The end of the topic: every record written so far. */
        long end() throws Exception {
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }

        /** How far {@code group} has committed (0 for a partition it has not committed yet). */
        long committed(String group) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return partitions.stream().mapToLong(p -> offsets.get(p) == null ? 0 : offsets.get(p).offset()).sum();
        }

        /** Records written that {@code group} has not committed yet (its position read first, so a lag is never negative). */
        long lag(String group) throws Exception {
            long committed = committed(group);
            return end() - committed;
        }

        @Override
        public void close() {
            admin.close();
        }
    }

    /** How fast a consumer group (a Streams application) went through the plays topic. */
    record CatchUpResult(String group, long records, double seconds, long perSecond, boolean caughtUp) {
    }

    @Command(name = "payloads", mixinStandardHelpOptions = true,
            description = "Writes plays as ingest publishes them (listener hashed), one JSON per line, for ProducerPerformance --payload-file.")
    static final class Payloads implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "10000")
        int count;
        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws Exception {
            write(out, count);
            return 0;
        }

        /** {@code count} plays as ingest publishes them (listener hashed), one JSON a line, always the same ones. */
        static void write(Path out, int count) throws IOException {
            PlayFactory plays = new PlayFactory(TrackCatalog.trackIds(1000), 0.8, 100_000, new Random(7));
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (int i = 0; i < count; i++) {
                    PlayEvent play = plays.next(Instant.now());
                    PlayEvent hashed = new PlayEvent(play.eventId(), play.trackId(), "h1:" + "x".repeat(43), play.platform(),
                            play.country(), play.playedAt(), play.msPlayed());
                    writer.write(Json.MAPPER.writeValueAsString(hashed));
                    writer.newLine();
                }
            }
        }
    }
}
