package com.ostcharts.gateway;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka client settings in {@code ost.kafka.properties} reach the client under their own names, however they are spelled. */
class KafkaClientConfigTest {

    @Test
    void dottedKeysReachTheClientAsTheyAre() {
        Map<String, Object> client = clientProperties(Map.of(
                "ost.kafka.properties.security.protocol", "SASL_SSL",
                "ost.kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                "ost.kafka.properties.ssl.truststore.location", "/etc/kafka-ca/ca.crt"));

        assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
                .containsEntry("bootstrap.servers", "localhost:1");
    }

    /** The form the Kubernetes manifest uses: {@code -ost.kafka.properties[security.protocol]=SASL_SSL}. */
    @Test
    void bracketedKeysReachTheClientAsTheyAre() {
        Map<String, Object> client = clientProperties(Map.of(
                "ost.kafka.properties[security.protocol]", "SASL_SSL",
                "ost.kafka.properties[sasl.mechanism]", "SCRAM-SHA-512"));

        assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    /** Credentials on their own, as Kubernetes passes them from a Secret: env OST_KAFKA_SASL_JAAS_CONFIG. */
    @Test
    void credentialsOnTheirOwnReachTheClientAsSaslJaasConfig() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gw\" password=\"pw\";";
        Map<String, Object> client = clientProperties(Map.of("ost.kafka.sasl-jaas-config", jaas));

        assertThat(client).containsEntry("sasl.jaas.config", jaas);
    }

    private static Map<String, Object> clientProperties(Map<String, Object> properties) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put("ost.kafka.bootstrap-servers", "localhost:1");
        try (ApplicationContext context = ApplicationContext.run(config)) {
            return context.getBean(KafkaClientConfig.class).clientProperties();
        }
    }
}
