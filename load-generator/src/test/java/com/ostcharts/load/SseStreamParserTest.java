package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SseStreamParserTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n";

    /** What the parser reported, in order. */
    private static final class Seen implements SseStreamParser.Events {
        final List<String> calls = new ArrayList<>();

        @Override
        public void headers(int status, boolean gzip) {
            calls.add("headers " + status + (gzip ? " gzip" : ""));
        }

        @Override
        public void event(long id) {
            calls.add("event " + id);
        }

        @Override
        public void comment() {
            calls.add("comment");
        }

        @Override
        public void ended() {
            calls.add("ended");
        }

        @Override
        public boolean wantsAsOf(long id) {
            return true;
        }

        @Override
        public void asOf(long id, long epochMicros) {
            calls.add("asOf " + id + " " + epochMicros);
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static String event(long id, String document) {
        return "id: " + id + "\nevent: chart\ndata: " + document + "\n\n";
    }

    private static final String LONG_TAIL = ",\"entries\":[" + "{\"title\":\"그 여름\"},".repeat(2_000) + "{}]}";

    @Test
    void readsEachEventsIdAndItsDocumentsAsOfWhicheverWayTheBytesAreCut() {
        String body = chunk(event(7, "{\"chartId\":\"global/1h\",\"version\":7,\"asOf\":\"2026-11-30T10:00:00.123456Z\"" + LONG_TAIL))
                + chunk(": heartbeat\n\n") + chunk(event(8, "{\"version\":8,\"asOf\":\"2026-11-30T10:00:01Z\"}")) + "0\r\n\r\n";
        byte[] response = (HEAD + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("headers 200", "asOf 7 1796032800123456", "event 7", "comment", "asOf 8 1796032801000000", "event 8", "ended");
        for (int piece : new int[] {1, 3, 7, 64, 4096, response.length}) {
            Seen seen = new Seen();
            SseStreamParser parser = new SseStreamParser(seen);
            for (int at = 0; at < response.length; at += piece) {
                parser.feed(response, at, Math.min(piece, response.length - at));
            }
            assertThat(seen.calls).as("in pieces of %d bytes", piece).isEqualTo(expected);
        }
    }

    @Test
    void inflatesAGzipStreamWhoseEventsWereEachFlushed() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        List<Integer> flushedAt = new ArrayList<>();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, true)) {
            for (long id = 1; id <= 3; id++) {
                gzip.write(event(id, "{\"version\":" + id + LONG_TAIL).getBytes(StandardCharsets.UTF_8));
                gzip.flush();
                flushedAt.add(compressed.size());
            }
        }
        byte[] bytes = compressed.toByteArray();
        StringBuilder chunks = new StringBuilder();
        Seen seen = new Seen();
        SseStreamParser parser = new SseStreamParser(seen);
        byte[] head = (HEAD + "Content-Encoding: gzip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        parser.feed(head, 0, head.length);
        int from = 0;
        for (int to : flushedAt) {
            byte[] size = (Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            parser.feed(size, 0, size.length);
            parser.feed(bytes, from, to - from);
            parser.feed(new byte[] {'\r', '\n'}, 0, 2);
            from = to;
            chunks.append(seen.calls.getLast()).append(';');
        }
        assertThat(chunks.toString()).as("each event complete as soon as its own flushed bytes arrive").isEqualTo("event 1;event 2;event 3;");
        assertThat(seen.calls.getFirst()).isEqualTo("headers 200 gzip");
    }

    @Test
    void aRefusedStreamReportsItsStatus() {
        byte[] response = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Seen seen = new Seen();
        new SseStreamParser(seen).feed(response, 0, response.length);
        assertThat(seen.calls).containsExactly("headers 429");
    }

    @Test
    void findsTheFirstNewlineEightBytesAtATimeAndInTheTail() {
        byte[] bytes = "0123456789abcdef0123\n5\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SseStreamParser.indexOfNewline(bytes, 0, bytes.length)).isEqualTo(20);
        assertThat(SseStreamParser.indexOfNewline(bytes, 21, bytes.length)).isEqualTo(22);
        assertThat(SseStreamParser.indexOfNewline(bytes, 0, 20)).isEqualTo(-1);
        for (int at = 0; at < 40; at++) {
            byte[] line = new byte[41];
            line[at] = '\n';
            assertThat(SseStreamParser.indexOfNewline(line, 0, line.length)).isEqualTo(at);
        }
    }
}
