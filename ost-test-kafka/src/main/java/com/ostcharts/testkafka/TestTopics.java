package com.ostcharts.testkafka;

import com.ostcharts.contract.Topic;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What both test brokers do with topics: create the contract's, and read one back. */
final class TestTopics {

    private TestTopics() {
    }

    /** Creates the contract's topics as the local stack does, closing {@code admin}. */
    static void createContractTopics(Admin admin, TopicLayout layout) {
        try (admin) {
            TopicSetup.ensureTopics(admin, layout, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the contract's topics", e);
        }
    }

    /**
     * Reads a topic from the beginning, committed records only, keeping the records {@code filter} accepts until {@code atLeast} arrived or {@code timeout} passed; returns what it
     * read, so the test's assertion says what was missing.
     *
     * @param clientConfig where the broker is and how to authenticate
     */
    static <K, V> List<ConsumerRecord<K, V>> read(Map<String, Object> clientConfig, Topic<K, V> topic,
                                                  Predicate<ConsumerRecord<K, V>> filter, int atLeast, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(100))) {
                    if (filter.test(record)) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }
}
