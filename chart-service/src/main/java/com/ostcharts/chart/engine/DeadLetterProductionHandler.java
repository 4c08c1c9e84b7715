package com.ostcharts.chart.engine;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be produced (too large, cannot be serialized) goes to the dead-letter topic with Kafka
 * Streams' error headers, and processing goes on: one bad chart must not stop every chart. Kafka's default
 * handler builds the dead-letter record but then fails the application; retriable errors are still retried,
 * and security errors still fail, since every later record would fail the same way.
 */
public final class DeadLetterProductionHandler extends DefaultProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        return continueUnlessFatal(super.handleError(context, record, exception), record.topic(), exception);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             ProductionExceptionHandler.SerializationExceptionOrigin origin) {
        return continueUnlessFatal(super.handleSerializationError(context, record, exception, origin), record.topic(), exception);
    }

    private static Response continueUnlessFatal(Response response, String topic, Exception exception) {
        if (response.result() != Result.FAIL || exception instanceof AuthenticationException || exception instanceof AuthorizationException) {
            return response;
        }
        log.error("Could not produce a record to {}; dead-lettered, processing continues: {}", topic, exception.toString());
        return Response.resume(response.deadLetterQueueRecords());
    }
}
