package com.ostcharts.chart.engine;

import com.ostcharts.contract.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A serde for values now written in a binary form whose older values were JSON: a JSON value starts with '{', which no
 * binary form here starts with (each starts with its version byte), so both are read and an upgrade needs no migration.
 * Each binary serde extends it with its own writer and reader.
 */
class BinaryOrLegacyJson<T> implements Serde<T> {

    private final Function<T, byte[]> write;
    private final BiFunction<String, byte[], T> read;
    private final Deserializer<T> legacyJson;

    /** @param read reads the binary form; its first argument is the topic, for error messages */
    BinaryOrLegacyJson(Class<T> type, Function<T, byte[]> write, BiFunction<String, byte[], T> read) {
        this.write = write;
        this.read = read;
        this.legacyJson = new JsonSerde<>(type).deserializer();
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length > 0 && bytes[0] == '{' ? legacyJson.deserialize(topic, bytes) : read.apply(topic, bytes);
        };
    }
}
