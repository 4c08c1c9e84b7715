package com.ostcharts.testkafka;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealKafkaIT {

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    @Test
    void contractTopicsAreCreatedWithTheirLayoutAndARecordRoundTrips() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL);
        try (Admin admin = kafka.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.PLAYS.name(), Topics.CHARTS.name()))
                    .allTopicNames().get();
            assertThat(topics.get(Topics.PLAYS.name()).partitions()).hasSize(TopicLayout.LOCAL.partitions());
            assertThat(topics.get(Topics.CHARTS.name()).partitions()).hasSize(TopicLayout.LOCAL.chartPartitions());
        }
        ChartDocument document = new ChartDocument("global/1h", ChartWindow.ONE_HOUR, ChartScope.GLOBAL, 1,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of());
        try (KafkaProducer<String, ChartDocument> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.CHARTS.keySerde().serializer(), Topics.CHARTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.CHARTS.name(), document.chartId(), document)).get();
        }

        assertThat(kafka.read(Topics.CHARTS, 1, Duration.ofSeconds(10)))
                .singleElement().satisfies(record -> assertThat(record.value()).isEqualTo(document));
    }

    @Test
    void theBrokerRefusesToAutoCreateTopics() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000),
                new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("not.a.contract.topic", "k", "v")).get())
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class),
                            e -> assertThat(e).hasMessageContaining("not present in metadata"));
        }
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names()).succeedsWithin(Duration.ofSeconds(10))
                    .asInstanceOf(InstanceOfAssertFactories.COLLECTION)
                    .doesNotContain("not.a.contract.topic");
        }
    }
}
