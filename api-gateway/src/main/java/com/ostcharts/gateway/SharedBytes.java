package com.ostcharts.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Bytes made once and written to many connections as they are: in direct memory, never released by a write. */
final class SharedBytes {

    private SharedBytes() {
    }

    /**
     * {@code bytes} in direct memory, read-only; each write takes a {@link ByteBuf#duplicate()} (its own indices, the
     * same memory), which Netty hands to the socket without a copy. Releasing it frees nothing: the garbage collector
     * frees the memory with the last reference.
     */
    static ByteBuf of(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)).asReadOnly();
    }

    /** {@code bytes} as one gzip member, at the default level (as a per-request compressor would make them). */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
