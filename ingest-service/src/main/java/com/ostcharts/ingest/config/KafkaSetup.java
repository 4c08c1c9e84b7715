package com.ostcharts.ingest.config;

import com.ostcharts.ingest.publish.EventPublisher;
import com.ostcharts.ingest.publish.ListenerHasher;
import com.ostcharts.ingest.publish.PublishBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
