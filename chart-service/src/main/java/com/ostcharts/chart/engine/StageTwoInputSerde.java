package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartWindow;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The partials topic's values. A live partial is written exactly as {@link PartialChartSerde} writes it (its first byte
 * is 5, or 1 before listeners were counted, or '{' for the JSON of older versions), so records in flight across an upgrade are still read; an archive
 * partial is a 2, the period's end, then the same bytes; a watermark a 3, the partition, the time, and the window label;
 * the plays of dramas or artists a 4, then {@link EntityPartialSerde}'s bytes; their archive partial a 6, the period's
 * end, then the same bytes. (So a new version of the live partial's format must not take 2, 3, 4 or 6.)
 */
final class StageTwoInputSerde implements Serde<StageTwoInput> {

    private static final byte ARCHIVE = 2;
    private static final byte WATERMARK = 3;
    private static final byte ENTITIES = 4;
    private static final byte ARCHIVE_ENTITIES = 6;
    private static final PartialChartSerde PARTIALS = new PartialChartSerde();

    @Override
    public Serializer<StageTwoInput> serializer() {
        return (topic, input) -> switch (input) {
            case null -> null;
            case StageTwoInput.Live(PartialChart partial) -> PartialChartSerde.write(partial);
            case StageTwoInput.Archive(long periodEnd, PartialChart partial) -> {
                byte[] body = PartialChartSerde.write(partial);
                yield ByteBuffer.allocate(1 + 8 + body.length).put(ARCHIVE).putLong(periodEnd).put(body).array();
            }
            case StageTwoInput.Entities(EntityPartial partial) -> {
                byte[] body = EntityPartialSerde.write(partial);
                yield ByteBuffer.allocate(1 + body.length).put(ENTITIES).put(body).array();
            }
            case StageTwoInput.ArchiveEntities(long periodEnd, EntityPartial partial) -> {
                byte[] body = EntityPartialSerde.write(partial);
                yield ByteBuffer.allocate(1 + 8 + body.length).put(ARCHIVE_ENTITIES).putLong(periodEnd).put(body).array();
            }
            case StageTwoInput.Watermark(ChartWindow window, int partition, long through) -> {
                byte[] label = window.label().getBytes(StandardCharsets.US_ASCII);
                yield ByteBuffer.allocate(1 + 4 + 8 + label.length).put(WATERMARK).putInt(partition).putLong(through).put(label).array();
            }
        };
    }

    @Override
    public Deserializer<StageTwoInput> deserializer() {
        Deserializer<PartialChart> partials = PARTIALS.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return switch (bytes.length == 0 ? 0 : bytes[0]) {
                    case ARCHIVE -> new StageTwoInput.Archive(ByteBuffer.wrap(bytes, 1, 8).getLong(),
                            partials.deserialize(topic, Arrays.copyOfRange(bytes, 9, bytes.length)));
                    case WATERMARK -> {
                        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                        int partition = in.getInt();
                        long through = in.getLong();
                        String label = new String(bytes, 13, bytes.length - 13, StandardCharsets.US_ASCII);
                        yield new StageTwoInput.Watermark(ChartWindow.fromLabel(label)
                                .orElseThrow(() -> new SerializationException("watermark on " + topic + " for an unknown window " + label)),
                                partition, through);
                    }
                    case ENTITIES -> new StageTwoInput.Entities(EntityPartialSerde.read(topic, bytes, 1));
                    case ARCHIVE_ENTITIES -> new StageTwoInput.ArchiveEntities(ByteBuffer.wrap(bytes, 1, 8).getLong(),
                            EntityPartialSerde.read(topic, bytes, 9));
                    default -> new StageTwoInput.Live(partials.deserialize(topic, bytes));
                };
            } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
                throw new SerializationException("not a stage-two input on " + topic, e);
            }
        };
    }
}
