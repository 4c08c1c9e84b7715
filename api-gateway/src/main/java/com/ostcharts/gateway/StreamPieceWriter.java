package com.ostcharts.gateway;

import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.body.ResponseBodyWriter;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.netty.body.NettyByteBodyFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@link ChartStream}'s pieces: the bytes the stream hands over at the moment of writing (shared frames,
 * see {@link SseFrame}), passed to Netty as they are, with no copy and no encoding per listener.
 */
@Singleton
@Produces(MediaType.TEXT_EVENT_STREAM)
final class StreamPieceWriter implements ResponseBodyWriter<ChartStream.Piece> {

    @Override
    public CloseableByteBody writePiece(ByteBodyFactory bodyFactory, HttpRequest<?> request, HttpResponse<?> response,
                                        Argument<ChartStream.Piece> type, MediaType mediaType, ChartStream.Piece piece) {
        ByteBuf bytes = piece.take();
        if (bodyFactory instanceof NettyByteBodyFactory netty) {
            return netty.adapt(bytes); // a body over the buffer itself: Netty writes it as it is
        }
        try {
            return bodyFactory.adapt(ByteBufUtil.getBytes(bytes));
        } finally {
            bytes.release();
        }
    }

    @Override
    public void writeTo(Argument<ChartStream.Piece> type, MediaType mediaType, ChartStream.Piece piece, MutableHeaders outgoingHeaders,
                        OutputStream outputStream) throws CodecException {
        ByteBuf bytes = piece.take();
        try {
            bytes.readBytes(outputStream, bytes.readableBytes());
        } catch (IOException e) {
            throw new CodecException("could not write an event", e);
        } finally {
            bytes.release();
        }
    }
}
