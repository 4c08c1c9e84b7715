package com.ostcharts.chart.service;

import com.ostcharts.chart.engine.BoundedRocksDbMemory;
import com.ostcharts.chart.engine.ChartEngineConfig;
import com.ostcharts.chart.engine.ChartTopology;
import com.ostcharts.contract.Topics;
import io.micrometer.core.instrument.config.MeterFilter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * Wires the engine into spring-kafka's Streams lifecycle. The settings the engine's correctness depends on
 * (exactly-once, the dead-letter topic, the error handlers, explicit naming) come from the engine itself
 * ({@link ChartTopology#streamsConfig}), laid over the deployment's, so no property can turn them off.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsSetup {

    private static final Logger log = LoggerFactory.getLogger(StreamsSetup.class);
    private static final Duration STALE_MEMBERSHIP_TIMEOUT = Duration.ofSeconds(10);

    /** The latest state Kafka Streams reported; readiness reads it. */
    private final AtomicReference<KafkaStreams.State> streamsState = new AtomicReference<>();

    @Bean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration streamsConfig(KafkaProperties kafka, ChartServiceProperties chart) {
        // The deployment's settings (properties, then this service's own); the engine lays its guarantees over them.
        Map<String, Object> deployment = kafka.buildStreamsProperties();
        deployment.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, chart.standbyReplicas());
        deployment.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, chart.streamThreads());
        deployment.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        deployment.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        deployment.put(BoundedRocksDbMemory.TOTAL_BYTES, chart.rocksdbMemory().toBytes());
        if (!chart.instanceId().isBlank()) {
            deployment.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), chart.instanceId());
        }
        return new KafkaStreamsConfiguration(toMap(ChartTopology.streamsConfig(deployment)));
    }

    private static Map<String, Object> toMap(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        properties.forEach((key, value) -> map.put((String) key, value));
        return map;
    }

    /**
     * Kafka Streams reports restore-remaining-records-total as -1 between restorations, which breaks
     * Prometheus scrapes of a counter; Boot binds the other Streams metrics to Micrometer itself.
     */
    @Bean
    MeterFilter dropNegativeRestoreCounter() {
        return MeterFilter.deny(id -> id.getName().contains("restore.remaining.records"));
    }

    /**
     * Readiness (with Boot's own {@code readinessState}, see application.properties): up only while Kafka Streams is
     * {@code RUNNING}, so a starting or restoring instance is not ready. An availability event could not say it: Boot
     * publishes {@code ACCEPTING_TRAFFIC} when the application is ready, after Streams has begun rebalancing.
     */
    @Bean
    HealthIndicator streams() {
        return () -> {
            KafkaStreams.State state = streamsState.get();
            return (state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService()).withDetail("state", String.valueOf(state)).build();
        };
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer chartEngine(ChartServiceProperties chart, KafkaStreamsConfiguration streamsConfig,
                                                   KafkaAdmin admin, ApplicationEventPublisher events) {
        // Stage 2 archives a period once every stage-1 partition has passed it, so it must know how many there are. Looked
        // up once, from the stream thread, so a broker that refuses this instance fails Streams (liveness), not start-up.
        ChartEngineConfig engine = chart.engine().withPartitions(new IntSupplier() {
            private int partitions;

            @Override
            public synchronized int getAsInt() {
                if (partitions == 0) {
                    partitions = admin.describeTopics(Topics.PLAYS.name()).get(Topics.PLAYS.name()).partitions().size();
                }
                return partitions;
            }
        });
        if (!chart.instanceId().isBlank() && chart.leaveGroupOnClose()) {
            StaleMembership.remove(admin.getConfigurationProperties(),
                    (String) streamsConfig.asProperties().get(StreamsConfig.APPLICATION_ID_CONFIG), chart.instanceId(),
                    chart.streamThreads(), STALE_MEMBERSHIP_TIMEOUT);
        }
        return factory -> {
            factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
                @Override
                public void configureBuilder(StreamsBuilder builder) {
                    ChartTopology.addTo(builder, engine);
                }
            });
            factory.setCloseTimeout((int) chart.closeTimeout().toSeconds());
            factory.setLeaveGroupOnClose(chart.leaveGroupOnClose());
            factory.setStreamsUncaughtExceptionHandler(exception -> {
                log.error("Stream thread failed; shutting this instance down so it restarts clean", exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            factory.setStateListener((newState, oldState) -> {
                log.info("Kafka Streams {} -> {}", oldState, newState);
                streamsState.set(newState);
                if (newState == KafkaStreams.State.ERROR) {
                    AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
                }
            });
        };
    }
}
