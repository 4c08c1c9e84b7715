package com.ostcharts.chart.engine;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's write-behind store on Kafka Streams' own commit path (TopologyTestDriver commits after every input
 * record): what a commit interval wrote reaches the changelog once per key with its last value, just before the
 * commit, and reads in between see it. This pins the internal hook the store relies on ({@code CachedStateStore}).
 */
class WriteBehindStoreTest {

    private static final String STORE = "counts";
    private static final String CHANGELOG = "write-behind-test-" + STORE + "-changelog";

    private TopologyTestDriver driver;
    private TestInputTopic<String, Long> commands;
    private TestOutputTopic<String, Long> reads;
    private TestOutputTopic<String, Long> changelog;

    /** For each record: adds one to its key {@code value} times (a negative value deletes the key), then reads it. */
    private static final class Incrementer implements Processor<String, Long, String, Long> {
        private ProcessorContext<String, Long> context;
        private WriteBehindStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, Long> record) {
            if (record.value() < 0) {
                counts.delete(record.key());
            }
            for (long i = 0; i < record.value(); i++) {
                Long count = counts.get(record.key());
                counts.put(record.key(), count == null ? 1 : count + 1);
            }
            Long count = counts.get(record.key());
            context.forward(record.withValue(count == null ? 0L : count));
        }
    }

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBehindStore.builder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.Long(), 1));
        builder.stream("commands", Consumed.with(Serdes.String(), Serdes.Long()))
                .process(Incrementer::new, Named.as("increment"), STORE)
                .to("reads", Produced.with(Serdes.String(), Serdes.Long()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-behind-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config);
        commands = driver.createInputTopic("commands", Serdes.String().serializer(), Serdes.Long().serializer());
        reads = driver.createOutputTopic("reads", Serdes.String().deserializer(), Serdes.Long().deserializer());
        changelog = driver.createOutputTopic(CHANGELOG, Serdes.String().deserializer(), Serdes.Long().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aKeyWrittenManyTimesBetweenCommitsReachesTheChangelogOnceWithItsLastValue() {
        commands.pipeInput("hot", 3L);
        commands.pipeInput("hot", 2L);

        assertThat(reads.readValuesToList()).as("reads see the writes not yet committed").containsExactly(3L, 5L);
        assertThat(changelog.readKeyValuesToMap()).isEqualTo(Map.of("hot", 5L));
        commands.pipeInput("hot", 0L);
        assertThat(changelog.isEmpty()).as("nothing written, nothing logged").isTrue();
    }

    @Test
    void valuesOutOfMemoryAreReadBackFromTheStoreBeneath() {
        commands.pipeInput("a", 2L);
        commands.pipeInput("b", 1L); // memory holds one clean value: "a" leaves it
        commands.pipeInput("a", 1L);

        assertThat(reads.readValuesToList()).containsExactly(2L, 1L, 3L);
    }

    @Test
    void aDeleteReachesTheChangelogAsATombstone() {
        commands.pipeInput("gone", 1L);
        commands.pipeInput("gone", -1L);

        List<TestRecord<String, Long>> logged = new ArrayList<>(changelog.readRecordsToList());
        assertThat(logged).extracting(TestRecord::value).containsExactly(1L, null);
        assertThat(reads.readValuesToList()).containsExactly(1L, 0L);
    }
}
