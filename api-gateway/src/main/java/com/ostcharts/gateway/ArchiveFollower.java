package com.ostcharts.gateway;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ArchivedEntityChart;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Rfc3339;
import com.ostcharts.contract.Topics;
import io.micronaut.context.annotation.Context;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the archives, {@code ost.charts.archive.v1} and {@code ost.entity-charts.archive.v1}, into the
 * {@link ArchiveStore}, as {@link TopicFollower} follows the charts: {@code assign()}, no consumer group, every replica
 * both topics whole. It starts where the store's data ends (the positions stored with it), so a restart reads only what
 * was archived since; a store of other topics (a topic recreated, a data directory reused) is emptied and filled again. Each poll's records and the positions after them
 * are one write batch. Not part of readiness: history is secondary to the live charts, and a year takes minutes to
 * read; until it has read up to the end it saw at start ({@link #caughtUp()}), the history paths say so (503).
 */
@Context
final class ArchiveFollower extends KafkaFollower {

    private static final Logger log = LoggerFactory.getLogger(ArchiveFollower.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> TOPICS = List.of(Topics.CHARTS_ARCHIVE.name(), Topics.ENTITY_CHARTS_ARCHIVE.name());

    private final ArchiveStore store;
    private final AtomicLong recordsRead = new AtomicLong();

    ArchiveFollower(KafkaClientConfig kafka, ArchiveStore store) {
        super(kafka, "archive-follower", "the chart archive", Duration.ofSeconds(5));
        this.store = store;
    }


    /** Records read from the topic by this process (not the ones the store already held when it started). */
    long recordsRead() {
        return recordsRead.get();
    }

    @Override
    void configure(Map<String, Object> config) {
        // A stored position below the log's start (records deleted from the topic) can only go on from the start.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    @Override
    void follow(KafkaConsumer<String, byte[]> consumer) throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
            if (infos.isEmpty()) {
                throw new IllegalStateException(topic + " does not exist yet");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        Map<String, String> topicIds = topicIds();
        if (!store.topicIds().equals(topicIds)) {
            log.info("The archive store holds nothing of {} yet: reading them from the beginning", topicIds);
            reset(topicIds);
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> stored = store.positions();
        Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
        for (TopicPartition partition : partitions) {
            Long position = stored.get(partition);
            if (position == null) {
                consumer.seekToBeginning(List.of(partition));
            } else if (position > startEnd.get(partition)) {
                // The topic lost records the store has (an unclean leader election): not the log the store read. Read it again.
                log.warn("{} ends at {} but the archive store had read to {}: reading the topics again", partition,
                        startEnd.get(partition), position);
                reset(topicIds);
                return;
            } else {
                consumer.seek(partition, position);
            }
        }
        log.info("Following {} partitions of {} from the store's positions {} (topics end at {})", partitions.size(), TOPICS,
                stored, startEnd.values().stream().mapToLong(Long::longValue).sum());
        Map<TopicPartition, Long> written = new HashMap<>();
        for (TopicPartition partition : partitions) {
            written.put(partition, consumer.position(partition));
        }
        while (running()) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
            apply(consumer, records, partitions, written);
            long behind = 0;
            boolean reached = true;
            for (TopicPartition partition : partitions) {
                reached &= consumer.position(partition) >= startEnd.get(partition);
                behind += consumer.currentLag(partition).orElse(0);
            }
            lag.set(behind);
            if (reached && !caughtUp) {
                caughtUp = true;
                log.info("Caught up with {}: the store holds about {} archived charts", TOPICS, store.estimatedCharts());
            }
        }
    }

    /** One poll's records and the positions after them, in one write batch: the store never holds one without the other. */
    private void apply(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records, List<TopicPartition> partitions,
                       Map<TopicPartition, Long> written) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long position = consumer.position(partition); // past this poll's records, and past any transaction markers
            if (position != written.get(partition)) {
                positions.put(partition, position);
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        try (ArchiveStore.Batch batch = store.batch()) {
            for (ConsumerRecord<String, byte[]> record : records) {
                apply(batch, record);
            }
            positions.forEach(batch::position);
            batch.commit();
        }
        written.putAll(positions);
        recordsRead.addAndGet(records.count());
    }

    private void apply(ArchiveStore.Batch batch, ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                Optional<ChartPeriod> removed = ChartPeriod.parseKey(record.key());
                if (removed.isPresent()) {
                    batch.remove(removed.get().chartId(), removed.get().periodStartMs());
                } else {
                    log.error("Skipping tombstone {}-{}@{}: its key {} is not chartId@periodStart", record.topic(), record.partition(),
                            record.offset(), record.key());
                }
                return;
            }
            Optional<ChartPeriod> period = ChartPeriod.parseKey(record.key());
            if (record.topic().equals(Topics.ENTITY_CHARTS_ARCHIVE.name())) {
                ArchivedEntityChart chart = Topics.ENTITY_CHARTS_ARCHIVE.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (!isOf(period, chart.chartId(), chart.periodStart(), chart.periodEnd()) || EntityChartId.parse(chart.chartId()).isEmpty()
                        || chart.entries().stream().anyMatch(entry -> entry.slug() == null)) {
                    throw new SerializationException("not an archived drama or artist chart of its key");
                }
                batch.put(chart, record.value());
                return;
            }
            ArchivedChart chart = Topics.CHARTS_ARCHIVE.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (!isOf(period, chart.chartId(), chart.periodStart(), chart.periodEnd()) || ChartId.parse(chart.chartId()).isEmpty()
                    || chart.entries().stream().anyMatch(entry -> entry.trackId() == null)) {
                throw new SerializationException("not an archived chart of its key");
            }
            batch.put(chart, record.value());
        } catch (SerializationException e) {
            // A record we cannot read must not stop the archive; chart-service owns the topic, so this is a bug to see.
            log.error("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /** Whether a record's key names the chart and period its value holds. */
    private static boolean isOf(Optional<ChartPeriod> key, String chartId, Instant periodStart, Instant periodEnd) {
        return chartId != null && periodStart != null && periodEnd != null
                && key.equals(Optional.of(new ChartPeriod(chartId, periodStart.toEpochMilli())));
    }

    private void reset(Map<String, String> topicIds) {
        caughtUp = false;
        store.reset(topicIds);
    }

    /** Each archive topic's id: a topic deleted and created again has another. */
    private Map<String, String> topicIds() throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> config = kafka().clientProperties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "api-gateway-archive-admin");
        try (Admin admin = Admin.create(config)) {
            Map<String, String> ids = new HashMap<>();
            admin.describeTopics(TOPICS).allTopicNames().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((topic, description) -> ids.put(topic, description.topicId().toString()));
            return ids;
        }
    }

    /** A chart and a period start: the archive topic's key, {@code global/day@2026-11-29T00:00:00Z}. */
    record ChartPeriod(String chartId, long periodStartMs) {

        static Optional<ChartPeriod> parseKey(String key) {
            int at = key == null ? -1 : key.lastIndexOf('@');
            String chartId = at < 0 ? "" : key.substring(0, at);
            if (ChartId.parse(chartId).isEmpty() && EntityChartId.parse(chartId).isEmpty()) {
                return Optional.empty();
            }
            Instant start = Rfc3339.parse(key.substring(at + 1));
            return start == null ? Optional.empty() : Optional.of(new ChartPeriod(key.substring(0, at), start.toEpochMilli()));
        }
    }
}
