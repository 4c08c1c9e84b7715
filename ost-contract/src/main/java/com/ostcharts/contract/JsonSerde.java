package com.ostcharts.contract;

import com.fasterxml.jackson.databind.JavaType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * A JSON serde for one contract type. A value that does not parse fails with
 * {@link SerializationException}, which Kafka Streams hands to its deserialization handler (the DLQ)
 * instead of counting garbage. A {@code null} value is a tombstone both ways.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final JavaType type;

    public JsonSerde(Class<T> type) {
        this.type = Json.MAPPER.constructType(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return Json.MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getRawClass().getSimpleName() + " for " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("not a " + type.getRawClass().getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
