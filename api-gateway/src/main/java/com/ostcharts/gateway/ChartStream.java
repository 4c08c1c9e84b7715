package com.ostcharts.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * One listener's event stream: a mailbox that holds only the newest version it has not written yet. A new version
 * replaces the one waiting, so a listener that cannot keep up skips to the newest and never holds anyone back, and
 * what it holds is one reference to a shared {@link SseFrame}, whatever the number of versions it missed.
 *
 * <p>The stream does not emit events: it emits {@link Piece}s, at most one not yet written at a time, and the body
 * writer ({@link StreamPieceWriter}) takes the newest version from the mailbox at the moment it writes. So however far
 * ahead the HTTP server asks for items, the bytes written are always those of the newest version at that moment.
 * Writing is the shared frame's bytes (with {@code gzip}, its segment, behind the member header on the first write),
 * never an encoding per listener.
 */
final class ChartStream implements Publisher<ChartStream.Piece>, Subscription {

    /** What the stream emits: a claim on the stream's next bytes, resolved when written. */
    static final class Piece {
        private final ChartStream stream;

        private Piece(ChartStream stream) {
            this.stream = stream;
        }

        /** The bytes to write now: the newest version not yet written, a heartbeat, or the end of a gzip stream. */
        ByteBuf take() {
            return stream.take();
        }
    }

    /** Micronaut's HTTP/1.1 handler (ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND): the relay goes before it. */
    private static final String MICRONAUT_HANDLER = "micronaut-inbound-handler";
    /** The kernel send buffer of an event stream's connection (Linux doubles it for its own bookkeeping): an event or two. */
    static final int SEND_BUFFER = 32 * 1024;
    /** Netty stops taking pieces once this much is queued above the socket, and takes them again below the low mark. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024, 16 * 1024);

    private final ChartBoard board;
    private final Runnable connected;
    private final Runnable gone;
    private final String chartId;
    private final int limit;
    private final boolean gzip;
    private final Piece piece = new Piece(this);
    private final AtomicReference<ServedChart> newest = new AtomicReference<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CRC32 crc = new CRC32();
    private volatile Subscriber<? super Piece> subscriber;
    private volatile Channel channel;
    private volatile boolean pieceOut;
    private volatile boolean heartbeatDue;
    private volatile boolean ending;
    private volatile boolean cancelled;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean started;
    private boolean headerWritten;
    private boolean trailerWritten;
    private boolean done;
    private long length;

    /**
     * A stream of {@code chartId} cut to {@code limit}, starting with {@code first} (none: the listener has it already);
     * {@code connected} and {@code gone} run when its listener subscribes and when it leaves.
     */
    ChartStream(ChartBoard board, String chartId, int limit, boolean gzip, ServedChart first, Runnable connected, Runnable gone) {
        this.board = board;
        this.connected = connected;
        this.gone = gone;
        this.chartId = chartId;
        this.limit = limit;
        this.gzip = gzip;
        this.newest.set(first);
    }

    String chartId() {
        return chartId;
    }

    @Override
    public void subscribe(Subscriber<? super Piece> s) {
        if (!subscribed.compareAndSet(false, true)) {
            s.onSubscribe(this);
            s.onError(new IllegalStateException("a chart stream has one subscriber"));
            return;
        }
        subscriber = s;
        connected.run();
        board.open(this);
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            subscriber.onError(new IllegalArgumentException("request must be positive (Reactive Streams 3.9)"));
            return;
        }
        requested.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        leave();
    }

    private void leave() {
        if (closed.compareAndSet(false, true)) {
            board.close(this);
            gone.run();
        }
    }

    /** A new version: it replaces any the listener has not been written yet. */
    void offer(ServedChart chart) {
        newest.set(chart);
        drain();
    }

    /** A heartbeat comment, unless something was written within {@code idleNanos}. */
    void heartbeat(long idleNanos) {
        if (System.nanoTime() - lastWriteNanos >= idleNanos) {
            heartbeatDue = true;
            drain();
        }
    }

    /** Ends the stream (shutdown): a gzip stream gets its trailer first, if the listener is still reading. */
    void end() {
        ending = true;
        drain();
    }

    private ByteBuf take() {
        ByteBuf bytes;
        boolean first = !started;
        started = true;
        if (ending) {
            bytes = gzip && headerWritten ? SseFrame.gzipTrailer(crc, length) : Unpooled.EMPTY_BUFFER;
            trailerWritten = true;
        } else {
            ServedChart chart = newest.getAndSet(null);
            SseFrame frame = chart != null ? chart.frame(limit) : heartbeatDue ? SseFrame.HEARTBEAT : null;
            heartbeatDue = false;
            bytes = frame != null ? (gzip ? gzipped(frame) : frame.identity())
                    : first && gzip ? header() : Unpooled.EMPTY_BUFFER; // the first piece sends the response head, even with nothing to say
        }
        lastWriteNanos = System.nanoTime();
        pieceOut = false;
        drain();
        return bytes;
    }

    private ByteBuf gzipped(SseFrame frame) {
        crc.update(frame.bytes());
        length += frame.length();
        return headerWritten ? frame.gzip() : Unpooled.wrappedBuffer(header(), frame.gzip());
    }

    private ByteBuf header() {
        headerWritten = true;
        return Unpooled.wrappedBuffer(SseFrame.GZIP_HEADER);
    }

    /**
     * Writes only while {@code channel} takes them without queueing past its high water mark: a listener that cannot
     * keep up is written nothing until its connection drains, and then the newest version. Without a channel (not
     * on Netty's HTTP/1.1 pipeline), every piece asked for is written.
     */
    void gateOn(Channel connection) {
        this.channel = connection;
        // what a slow listener has not read yet, kept small so that the newest version is soon next: in the kernel, a fixed
        // send buffer instead of one that grows to megabytes (tcp_wmem); in Netty, about one event before it stops writing
        connection.config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
        connection.config().setWriteBufferWaterMark(WATER_MARK);
        if (connection.pipeline().get(MICRONAUT_HANDLER) != null) {
            connection.pipeline().addBefore(MICRONAUT_HANDLER, null, new Relay(this));
        }
    }

    private boolean writable() {
        Channel connection = channel;
        return connection == null || connection.isWritable();
    }

    /** Wakes the stream when its connection has drained. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final ChartStream stream;

        Relay(ChartStream stream) {
            this.stream = stream;
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                stream.drain();
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    /** Emits a piece when one is wanted, asked for, and none is out; completes once ending. Serialized (one thread at a time). */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (cancelled || done) {
                return;
            }
            if (!pieceOut) {
                boolean ended = ending && (trailerWritten || !gzip || !headerWritten || requested.get() == 0);
                if (ended) {
                    done = true;
                    leave();
                    subscriber.onComplete();
                    return;
                }
                if (requested.get() > 0 && (ending || !started || heartbeatDue || newest.get() != null) && writable()) {
                    pieceOut = true;
                    requested.decrementAndGet();
                    subscriber.onNext(piece);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
