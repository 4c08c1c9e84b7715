package com.ostcharts.gateway;

import com.ostcharts.contract.ChartDocument;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Movement;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ChartStreamTest {

    private final ChartBoard board = new ChartBoard(new GatewayConfig(Duration.ofHours(1), Duration.ofSeconds(1), 100, 100));
    private final AtomicInteger listeners = new AtomicInteger();

    @AfterEach
    void stopBoard() {
        board.stopHeartbeats();
    }

    /** Takes what it is given only when told to, as an HTTP server does when a socket is slow; asks far ahead, as one may. */
    private static final class SlowWriter implements Subscriber<ChartStream.Piece> {
        final List<ChartStream.Piece> waiting = new ArrayList<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        Subscription subscription;
        boolean complete;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(32);
        }

        @Override
        public void onNext(ChartStream.Piece piece) {
            waiting.add(piece);
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        /** Writes the first piece waiting, as a socket that has drained takes the next. */
        String writeOne() {
            byte[] copy = bytes(waiting.removeFirst().take());
            written.writeBytes(copy);
            return new String(copy, StandardCharsets.UTF_8);
        }

        /** Writes pieces until none is waiting. */
        void writeWaiting() {
            while (!waiting.isEmpty()) {
                writeOne();
            }
        }
    }

    private ChartStream stream(boolean gzip, ServedChart first) {
        return new ChartStream(board, "global/1h", ServedChart.MAX_LIMIT, gzip, first, listeners::incrementAndGet, listeners::decrementAndGet);
    }

    @Test
    void versionsThatArriveWhileTheListenerIsBusyAreReplacedByTheNewest() {
        SlowWriter writer = new SlowWriter();
        stream(false, chart(1)).subscribe(writer);
        assertThat(writer.waiting).as("one piece out for version 1").hasSize(1);
        assertThat(writer.writeOne()).startsWith("id: 1\nevent: chart\ndata: {").endsWith("}\n\n");

        for (long version = 2; version <= 5; version++) {
            board.put(chart(version).document());
        }
        assertThat(writer.waiting).as("one piece for all four: the newest version waits in the mailbox, not in a queue").hasSize(1);
        assertThat(writer.writeOne()).startsWith("id: 5\n");
        assertThat(writer.waiting).isEmpty();
        assertThat(listeners).hasValue(1);
    }

    @Test
    void aListenerThatHasTheCurrentVersionGetsNothingUntilTheNext() {
        SlowWriter writer = new SlowWriter();
        stream(false, null).subscribe(writer);
        assertThat(writer.writeOne()).as("a first piece with nothing in it: it sends the response head").isEmpty();
        assertThat(writer.waiting).isEmpty();
        board.put(chart(2).document());
        assertThat(writer.writeOne()).startsWith("id: 2\n");
    }

    @Test
    void aGzipStreamIsOneValidGzipMemberOnceItEnds() throws IOException {
        SlowWriter writer = new SlowWriter();
        stream(true, chart(1)).subscribe(writer);
        writer.writeWaiting();
        board.put(chart(2).document());
        writer.writeWaiting();
        board.shutdownGracefully();
        writer.writeWaiting();

        assertThat(writer.complete).isTrue();
        assertThat(listeners).hasValue(0);
        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(writer.written.toByteArray())).readAllBytes();
        String events = new String(inflated, StandardCharsets.UTF_8);
        assertThat(events).as("both versions, and the trailer's CRC and length check out").startsWith("id: 1\nevent: chart\ndata: {")
                .contains("\n\nid: 2\nevent: chart\ndata: {").endsWith("}\n\n");
        assertThat(events.substring(events.indexOf("id: 2"))).isEqualTo(new String(bytes(chart(2).frame(ServedChart.MAX_LIMIT).identity()),
                StandardCharsets.UTF_8));
    }

    @Test
    void aCancelledListenerIsOfferedNothingMore() {
        SlowWriter writer = new SlowWriter();
        stream(false, chart(1)).subscribe(writer);
        writer.writeWaiting();
        writer.subscription.cancel();
        board.put(chart(2).document());
        assertThat(writer.waiting).isEmpty();
        assertThat(listeners).hasValue(0);
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] copy = new byte[buffer.readableBytes()];
        buffer.readBytes(copy);
        return copy;
    }

    private static ServedChart chart(long version) {
        Instant now = Instant.parse("2026-11-30T10:00:00Z").plusSeconds(version);
        List<ChartEntry> entries = List.of(new ChartEntry(1, "track-a", "그 여름", List.of("가수"), "드라마", 10 + version, null, Movement.NEW, 1, 1));
        return new ServedChart(new ChartDocument("global/1h", ChartWindow.ONE_HOUR, ChartScope.GLOBAL, version, now, now, now, entries));
    }
}
