package com.ostcharts.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One server-sent event, encoded once and written to every listener from the same memory: the event's bytes as they
 * go on the wire ({@code id}, {@code event}, {@code data}, blank line), and the same bytes as a self-contained
 * segment of a gzip stream. Each segment is deflated on its own (no back-references outside it) and ends with a sync
 * flush, so any sequence of segments after a gzip header is a valid deflate stream and every event can be decoded as
 * soon as its segment arrives; a listener's connection only adds the header, its running CRC-32 and length, and the
 * trailer (see {@link ChartStream}).
 */
final class SseFrame {

    /** The member header every gzip stream of events begins with: deflate, no name, no time, unknown OS (RFC 1952). */
    static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty final deflate block (fixed Huffman, end of block at once): what ends the deflate data before the trailer. */
    private static final byte[] FINAL_BLOCK = {0x03, 0x00};

    static final SseFrame HEARTBEAT = new SseFrame(":heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    private final ByteBuf identity;
    private final ByteBuf gzip;
    private final long crc;
    private final int length;

    SseFrame(byte[] event) {
        this.identity = SharedBytes.of(event);
        this.gzip = SharedBytes.of(deflateSegment(event));
        CRC32 checksum = new CRC32();
        checksum.update(event);
        this.crc = checksum.getValue();
        this.length = event.length;
    }

    /** A {@code chart} event of {@code document}, with the version as its id. */
    static SseFrame chart(long version, byte[] document) {
        byte[] head = ("id: " + version + "\nevent: chart\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] event = new byte[head.length + document.length + 2];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(document, 0, event, head.length, document.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return new SseFrame(event);
    }

    /** The event's bytes, a view of the shared memory with its own indices; releasing it frees nothing. */
    ByteBuf identity() {
        return identity.duplicate();
    }

    /** The event as a gzip segment, likewise shared. */
    ByteBuf gzip() {
        return gzip.duplicate();
    }

    /** The CRC-32 of the event's bytes. */
    long crc() {
        return crc;
    }

    /** The event's length in bytes. */
    int length() {
        return length;
    }

    /** The uncompressed bytes the size of which {@link #length()} gives, for a running checksum. */
    ByteBuffer bytes() {
        return identity.nioBuffer();
    }

    /** The end of a gzip stream of events: the final block, then the CRC-32 and length of everything sent, little-endian. */
    static ByteBuf gzipTrailer(CRC32 crc, long length) {
        ByteBuf trailer = Unpooled.buffer(FINAL_BLOCK.length + 8);
        trailer.writeBytes(FINAL_BLOCK).writeIntLE((int) crc.getValue()).writeIntLE((int) length);
        return trailer;
    }

    private static byte[] deflateSegment(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            byte[] out = new byte[data.length / 2 + 64];
            int size = 0;
            while (true) {
                size += deflater.deflate(out, size, out.length - size, Deflater.SYNC_FLUSH);
                if (size < out.length) {
                    break;
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
            return Arrays.copyOf(out, size);
        } finally {
            deflater.end();
        }
    }
}
