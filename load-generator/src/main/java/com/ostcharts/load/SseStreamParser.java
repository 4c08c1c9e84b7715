package com.ostcharts.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one server-sent event stream from the bytes of its HTTP/1.1 response as they arrive, in pieces of any size:
 * the status line and headers, the chunked transfer coding, a {@code gzip} content coding if the server chose one,
 * then the events. It keeps only what it needs of each event (its {@code id}, and the document's {@code asOf} when
 * asked), so a 20 KB event costs a scan for its line ends, not a copy or a JSON parse. Not thread-safe: one per
 * connection, fed by one thread.
 */
final class SseStreamParser {

    /** What the parser reports. */
    interface Events {
        /** The response's status line and headers have arrived. */
        void headers(int status, boolean gzip);

        /** An event with an {@code id} ended (its blank line) ; {@code id} is {@code -1} when not a number. */
        void event(long id);

        /** A comment line ({@code :heartbeat}). */
        void comment();

        /** The body ended (the last chunk). */
        void ended();

        /** Whether the {@code asOf} of the document with this id is wanted (the first listener to see a version reads it). */
        boolean wantsAsOf(long id);

        /** The {@code asOf} of the document with this id, in epoch microseconds. */
        void asOf(long id, long epochMicros);
    }

    /** Bytes of a line kept: enough for a field name and, on a data line, the document's {@code asOf}. */
    private static final int PREFIX = 320;
    private static final byte[] AS_OF = "\"asOf\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    private enum State { HEAD, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF, RAW, DONE }

    private final Events events;
    private State state = State.HEAD;
    private final byte[] head = new byte[8192];
    private int headLength;
    private boolean chunked;
    private long chunkLeft;
    private boolean sawDigit;

    private Gunzip gunzip;

    private final byte[] line = new byte[PREFIX];
    private int lineLength;
    private long eventId = Long.MIN_VALUE;

    SseStreamParser(Events events) {
        this.events = events;
    }

    /** The response bytes {@code bytes[offset, offset + length)}, as read from the socket. */
    void feed(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end && state != State.DONE) {
            switch (state) {
                case HEAD -> at = head(bytes, at, end);
                case RAW -> {
                    body(bytes, at, end - at);
                    at = end;
                }
                case CHUNK_SIZE -> at = chunkSize(bytes, at, end);
                case CHUNK_EXTENSION -> {
                    while (at < end && bytes[at] != '\n') {
                        at++;
                    }
                    if (at < end) {
                        at++;
                        afterChunkSize();
                    }
                }
                case CHUNK_SIZE_LF -> {
                    if (bytes[at++] != '\n') {
                        throw new IllegalStateException("malformed chunk size line");
                    }
                    afterChunkSize();
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(chunkLeft, end - at);
                    body(bytes, at, n);
                    at += n;
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        state = State.CHUNK_DATA_CR;
                    }
                }
                case CHUNK_DATA_CR -> {
                    state = bytes[at] == '\r' ? State.CHUNK_DATA_LF : State.CHUNK_SIZE;
                    if (bytes[at] == '\r' || bytes[at] == '\n') {
                        at++;
                    }
                }
                case CHUNK_DATA_LF -> {
                    if (bytes[at] == '\n') {
                        at++;
                    }
                    state = State.CHUNK_SIZE;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    boolean ended() {
        return state == State.DONE;
    }

    /** Releases the inflater's native memory, if the stream was compressed. */
    void close() {
        if (gunzip != null) {
            gunzip.inflater.end();
        }
    }

    private int head(byte[] bytes, int at, int end) {
        while (at < end) {
            if (headLength == head.length) {
                throw new IllegalStateException("response headers over " + head.length + " bytes");
            }
            head[headLength++] = bytes[at++];
            if (headLength >= 4 && head[headLength - 1] == '\n' && head[headLength - 2] == '\r' && head[headLength - 3] == '\n'
                    && head[headLength - 4] == '\r') {
                String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
                String[] lines = text.split("\r\n");
                String[] statusLine = lines[0].split(" ", 3);
                int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
                boolean gzip = false;
                for (int i = 1; i < lines.length; i++) {
                    String header = lines[i].toLowerCase(Locale.ROOT);
                    if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                        chunked = true;
                    } else if (header.startsWith("content-encoding:") && header.contains("gzip")) {
                        gzip = true;
                    }
                }
                gunzip = gzip ? new Gunzip() : null;
                state = chunked ? State.CHUNK_SIZE : State.RAW;
                events.headers(status, gzip);
                return at;
            }
        }
        return at;
    }

    private int chunkSize(byte[] bytes, int at, int end) {
        while (at < end) {
            byte b = bytes[at++];
            int digit = Character.digit(b, 16);
            if (digit >= 0) {
                chunkLeft = chunkLeft * 16 + digit;
                sawDigit = true;
            } else if (b == '\r') {
                state = State.CHUNK_SIZE_LF;
                return at;
            } else if (b == '\n') {
                afterChunkSize();
                return at;
            } else if (b == ';') {
                state = State.CHUNK_EXTENSION;
                return at;
            } else if (b != ' ' || sawDigit) {
                throw new IllegalStateException("malformed chunk size");
            }
        }
        return at;
    }

    private void afterChunkSize() {
        sawDigit = false;
        if (chunkLeft == 0) {
            state = State.DONE;
            events.ended();
        } else {
            state = State.CHUNK_DATA;
        }
    }

    /** Decoded body bytes: inflated first if the body is gzip. */
    private void body(byte[] bytes, int at, int length) {
        if (gunzip == null) {
            lines(bytes, at, at + length);
        } else {
            gunzip.feed(bytes, at, length);
        }
    }

    private void lines(byte[] bytes, int at, int end) {
        while (at < end) {
            int newline = indexOfNewline(bytes, at, end);
            int stop = newline < 0 ? end : newline;
            int keep = Math.min(stop - at, PREFIX - Math.min(lineLength, PREFIX));
            if (keep > 0) {
                System.arraycopy(bytes, at, line, lineLength, keep);
            }
            lineLength += stop - at;
            if (newline < 0) {
                return;
            }
            endOfLine();
            at = newline + 1;
        }
    }

    private void endOfLine() {
        int length = lineLength;
        int kept = Math.min(length, PREFIX);
        if (kept > 0 && line[kept - 1] == '\r' && length == kept) {
            length--;
            kept--;
        }
        lineLength = 0;
        if (length == 0) {
            if (eventId != Long.MIN_VALUE) {
                events.event(eventId);
            }
            eventId = Long.MIN_VALUE;
        } else if (line[0] == ':') {
            events.comment();
        } else if (startsWith("id:", kept)) {
            eventId = parseId(kept);
        } else if (startsWith("data:", kept) && eventId >= 0 && events.wantsAsOf(eventId)) {
            long asOf = asOf(kept);
            if (asOf != Long.MIN_VALUE) {
                events.asOf(eventId, asOf);
            }
        }
    }

    private boolean startsWith(String field, int kept) {
        if (kept < field.length()) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            if (line[i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private long parseId(int kept) {
        int at = 3;
        if (at < kept && line[at] == ' ') {
            at++;
        }
        if (at == kept) {
            return -1;
        }
        long id = 0;
        for (; at < kept; at++) {
            int digit = line[at] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            id = id * 10 + digit;
        }
        return id;
    }

    /** The {@code asOf} in the first bytes of a data line holding a chart document, or {@link Long#MIN_VALUE}. */
    private long asOf(int kept) {
        outer:
        for (int i = 0; i + AS_OF.length < kept; i++) {
            for (int j = 0; j < AS_OF.length; j++) {
                if (line[i + j] != AS_OF[j]) {
                    continue outer;
                }
            }
            int from = i + AS_OF.length;
            for (int to = from; to < kept; to++) {
                if (line[to] == '"') {
                    try {
                        Instant instant = Instant.parse(new String(line, from, to - from, StandardCharsets.US_ASCII));
                        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
                    } catch (DateTimeParseException e) {
                        return Long.MIN_VALUE;
                    }
                }
            }
            return Long.MIN_VALUE;
        }
        return Long.MIN_VALUE;
    }

    /** The first {@code '\n'} in {@code bytes[from, to)}, eight bytes at a time, or -1. */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int at = from;
        for (; at + Long.BYTES <= to; at += Long.BYTES) {
            long word = (long) LONGS.get(bytes, at) ^ NEWLINES;
            long found = (word - ONES) & ~word & HIGHS;
            if (found != 0) {
                return at + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; at < to; at++) {
            if (bytes[at] == '\n') {
                return at;
            }
        }
        return -1;
    }

    /** The gzip member's header (RFC 1952), then its deflate data inflated into event lines. */
    private final class Gunzip {
        private final Inflater inflater = new Inflater(true);
        private final byte[] out = new byte[64 * 1024];
        private final byte[] header = new byte[10];
        private int headerRead;
        private int flagsLeft = -1;

        void feed(byte[] bytes, int at, int length) {
            int end = at + length;
            while (headerRead < header.length && at < end) {
                header[headerRead++] = bytes[at++];
            }
            if (headerRead < header.length) {
                return;
            }
            if (flagsLeft < 0) {
                if ((header[0] & 0xff) != 0x1f || (header[1] & 0xff) != 0x8b || header[2] != 8) {
                    throw new IllegalStateException("not a gzip stream");
                }
                if ((header[3] & 0xfe) != 0) {
                    throw new IllegalStateException("gzip header flags not supported: " + header[3]);
                }
                flagsLeft = 0;
            }
            if (at == end) {
                return;
            }
            inflater.setInput(bytes, at, end - at);
            try {
                while (!inflater.needsInput() && !inflater.finished()) {
                    int n = inflater.inflate(out);
                    if (n == 0 && (inflater.needsDictionary() || inflater.needsInput())) {
                        break;
                    }
                    lines(out, 0, n);
                }
            } catch (DataFormatException e) {
                throw new IllegalStateException("bad gzip data: " + e.getMessage(), e);
            }
        }
    }
}
