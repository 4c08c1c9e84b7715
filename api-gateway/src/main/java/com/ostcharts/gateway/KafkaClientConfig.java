package com.ostcharts.gateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.NotBlank;

import java.util.HashMap;
import java.util.Map;

/**
 * How the gateway reaches Kafka ({@code ost.kafka.*}), validated at start-up.
 *
 * @param bootstrapServers the brokers; env {@code OST_KAFKA_BOOTSTRAP_SERVERS}
 * @param properties       further client settings passed through as they are: security.protocol,
 *                         sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...
 * @param saslJaasConfig   the client's credentials, {@code sasl.jaas.config}, on their own so that they can come from
 *                         one environment variable ({@code OST_KAFKA_SASL_JAAS_CONFIG}, e.g. from a Kubernetes Secret)
 *                         rather than a command line, which any process on the host can read
 */
@Context
@ConfigurationProperties("ost.kafka")
public record KafkaClientConfig(
        @NotBlank String bootstrapServers,
        // FLAT, RAW: `ost.kafka.properties.sasl.jaas.config` binds as the key `sasl.jaas.config`; by default Micronaut
        // nests dotted keys, and the security settings were silently dropped.
        @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW) Map<String, String> properties,
        @Nullable String saslJaasConfig) {

    public KafkaClientConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    Map<String, Object> clientProperties() {
        Map<String, Object> config = new HashMap<>(properties);
        config.put("bootstrap.servers", bootstrapServers);
        if (saslJaasConfig != null && !saslJaasConfig.isBlank()) {
            config.put("sasl.jaas.config", saslJaasConfig);
        }
        return config;
    }

    /** Client settings include secrets (sasl.jaas.config): never print them. */
    @Override
    public String toString() {
        return "KafkaClientConfig[bootstrapServers=" + bootstrapServers + ", properties=" + properties.keySet() + " (values hidden)"
                + (saslJaasConfig == null ? "" : ", saslJaasConfig=[hidden]") + "]";
    }
}
