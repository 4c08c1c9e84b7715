package com.ostcharts.ingest.config;

import com.ostcharts.contract.Topics;
import com.ostcharts.ingest.publish.EventPublisher;
import com.ostcharts.ingest.publish.ListenerHasher;
import com.ostcharts.ingest.publish.PublishBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.support.ProducerListener;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One idempotent, {@code acks=all} producer for both topics; serdes come from the contract's topic
 * catalog. Connection and security settings are Spring Boot's {@code spring.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
class KafkaSetup {

    private static final Logger log = LoggerFactory.getLogger(KafkaSetup.class);

    @Bean
    KafkaTemplate<String, byte[]> kafkaTemplate(KafkaProperties kafka, IngestProperties ingest, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildProducerProperties();
        // Durability is not negotiable: fixed here, not left to properties.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long timeout = ingest.ackTimeout().toMillis();
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout / 2);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout / 2, 30_000));
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        DefaultKafkaProducerFactory<String, byte[]> factory =
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        factory.addListener(new MicrometerProducerListener<>(meters)); // the producer's own metrics, kafka_producer_*
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
        // A failed send is answered 503 (and logged once per request there); spring-kafka's default listener would
        // log every record of it, thousands of lines a second when Kafka falls behind.
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }

    /**
     * Creates the producer and loads its metadata for the topics ingest writes before ingest reports ready. Left to
     * the first request, every request of a first burst waited on the same metadata fetch (up to {@code max.block.ms})
     * while admission refused the rest as "Kafka is behind": under an open-model flood on a cold ingest, whole seconds
     * of 503s and, on a slower machine, not one 202 (IngestOverloadIT). Kafka down at start is not fatal: the first
     * writes then wait for the metadata as before, and readiness says Kafka is unreachable.
     */
    @Bean
    ApplicationRunner producerWarmUp(KafkaTemplate<String, byte[]> kafka) {
        return args -> {
            for (String topic : new String[] {Topics.PLAYS.name(), Topics.TRACKS.name()}) {
                try {
                    log.info("Producer ready for {}: {} partitions", topic, kafka.partitionsFor(topic).size());
                } catch (KafkaException e) {
                    log.warn("No metadata for {} at start ({}): the first writes will wait for it", topic, e.getMessage());
                }
            }
        };
    }

    @Bean
    ListenerHasher listenerHasher(IngestProperties ingest) {
        return new ListenerHasher(ingest.listenerHashSecret());
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafka, ListenerHasher hasher, IngestProperties ingest, PublishBacklog backlog) {
        return new EventPublisher(kafka, hasher, ingest.ackTimeout(), backlog);
    }

    @Bean
    PublishBacklog publishBacklog() {
        return new PublishBacklog();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    Admin clusterAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    /** Readiness: a replica that cannot reach Kafka would only answer 503, so it should get no traffic. */
    @Bean
    HealthIndicator kafka(Admin admin) {
        return () -> {
            try {
                int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                        .nodes().get(3, TimeUnit.SECONDS).size();
                return Health.up().withDetail("brokers", brokers).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down().build();
            } catch (Exception e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }
}
