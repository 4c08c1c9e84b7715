package com.ostcharts.chart.engine;

import com.ostcharts.contract.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine owns the settings its guarantees rest on; a deployment's properties cannot turn them off. */
class EngineStreamsConfigTest {

    @Test
    void exactlyOnceDeadLettersAndExplicitNamingHoldWhateverTheDeploymentSays() {
        Properties config = ChartTopology.streamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "chart-service",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class,
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, false));

        assertThat(config)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.PLAYS_DLQ.name())
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
    }

    @Test
    void theDeploymentKeepsWhatIsItsOwn() {
        Properties config = ChartTopology.streamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "chart-service",
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2));

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "chart-service")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        // A valid Streams configuration as a whole, as KafkaStreams would parse it.
        assertThat(new StreamsConfig(withBootstrap(config)).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    private static Properties withBootstrap(Properties config) {
        Properties copy = new Properties();
        copy.putAll(config);
        copy.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return copy;
    }
}
