package com.ostcharts.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many server-sent event listeners on a few threads: plain non-blocking sockets, each thread a selector over its share
 * of the connections, one read buffer per thread. Each listener notes, for every event, its id and when its last
 * byte was read (wall-clock microseconds, the clock the documents' {@code asOf} is written in). A listener may be
 * slow (reads at most so many bytes a second through a small receive buffer), and any listener can be made to
 * reconnect with {@code Last-Event-ID}, as a browser's {@code EventSource} does; like one, a listener whose connection
 * failed or was closed by the server connects again a second later (counted).
 */
final class SseListeners implements AutoCloseable {

    /** What kind of listener: the measured ones, the deliberately slow ones, and those that reconnect now and then. */
    enum Kind { NORMAL, SLOW, RECONNECTING }

    /** One reconnect: the id it sent, when it connected, and the first event after (-1 if none came). */
    record Reconnect(long lastEventId, long newestAtConnectId, long connectMicros, long firstId, long firstMicros) {
    }

    /** The clock: wall-clock microseconds, from {@code nanoTime} after one reading of the wall clock. */
    static final class Clock {
        private final long wallMicros = System.currentTimeMillis() * 1_000;
        private final long nanos = System.nanoTime();

        long nowMicros() {
            return wallMicros + (System.nanoTime() - nanos) / 1_000;
        }
    }

    private final InetSocketAddress address;
    private final String host;
    private final String path;
    private final boolean gzip;
    private final int slowBytesPerSecond;
    private final Clock clock;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final Map<Long, Long> asOfMicros = new ConcurrentHashMap<>();
    private final AtomicLong newestId = new AtomicLong(-1);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Queue<Reconnect> reconnects = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sse-listener-retries");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    SseListeners(URI stream, int threads, boolean gzip, int slowBytesPerSecond, Clock clock) {
        this.address = new InetSocketAddress(stream.getHost(), stream.getPort() > 0 ? stream.getPort() : 80);
        this.host = stream.getHost() + (stream.getPort() > 0 ? ":" + stream.getPort() : "");
        this.path = stream.getRawPath() + (stream.getRawQuery() == null ? "" : "?" + stream.getRawQuery());
        this.gzip = gzip;
        this.slowBytesPerSecond = slowBytesPerSecond;
        this.clock = clock;
        for (int i = 0; i < threads; i++) {
            Loop loop = new Loop(i);
            loops.add(loop);
            loop.thread.start();
        }
    }

    /** Opens one more listener of {@code kind}; it connects on its thread. */
    Listener open(Kind kind) {
        Listener listener;
        synchronized (listeners) {
            listener = new Listener(listeners.size(), kind, loops.get(listeners.size() % loops.size()));
            listeners.add(listener);
        }
        listener.loop.submit(() -> listener.connect(-1));
        return listener;
    }

    List<Listener> listeners() {
        synchronized (listeners) {
            return List.copyOf(listeners);
        }
    }

    /** Each version's {@code asOf} as the first listener to receive it read it from the document. */
    Map<Long, Long> asOfMicros() {
        return Map.copyOf(asOfMicros);
    }

    /** The newest event id any listener has received. */
    long newestId() {
        return newestId.get();
    }

    List<Reconnect> reconnects() {
        return List.copyOf(reconnects);
    }

    long refused() {
        return refused.get();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    /** CPU time of the listener threads, nanoseconds, each. */
    long[] threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return loops.stream().mapToLong(loop -> threads.getThreadCpuTime(loop.thread.threadId())).toArray();
    }

    /** Listeners whose stream is open and has sent its headers. */
    long streaming() {
        synchronized (listeners) {
            return listeners.stream().filter(l -> l.status == 200 && l.channel != null).count();
        }
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        for (Loop loop : loops) {
            loop.selector.wakeup();
        }
        for (Loop loop : loops) {
            try {
                loop.thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One selector thread and the connections it serves. */
    private final class Loop implements Runnable {
        private final Selector selector;
        private final Thread thread;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private final List<Listener> paused = new ArrayList<>();

        Loop(int index) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            thread = new Thread(this, "sse-listeners-" + index);
            thread.setDaemon(true);
        }

        void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    selector.select(paused.isEmpty() ? 1_000 : 10);
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        task.run();
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Listener listener = (Listener) key.attachment();
                        listener.ready(key);
                    }
                    selector.selectedKeys().clear();
                    resumePaused();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    ((Listener) key.attachment()).closeChannel();
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        private void resumePaused() {
            if (paused.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            paused.removeIf(listener -> {
                if (now >= listener.resumeAtNanos) {
                    listener.resumeReading();
                    return true;
                }
                return false;
            });
        }
    }

    /** One listener: its connection, its parser, and what it has received. */
    final class Listener implements SseStreamParser.Events {
        final int index;
        final Kind kind;
        private final Loop loop;
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer request;
        private SseStreamParser parser;
        private volatile int status;
        private long lastId = -1;
        private long readMicros;
        private long bytesRead;
        private long[] ids = new long[64];
        private long[] micros = new long[64];
        private int events;
        private long heartbeats;
        private long resumeAtNanos;
        private long budgetBytes;
        private long budgetSinceNanos;
        private Reconnect pending;

        Listener(int index, Kind kind, Loop loop) {
            this.index = index;
            this.kind = kind;
            this.loop = loop;
        }

        /** Events received: their ids and when (wall-clock microseconds), in order, copied. */
        synchronized long[] ids() {
            return Arrays.copyOf(ids, events);
        }

        synchronized long[] micros() {
            return Arrays.copyOf(micros, events);
        }

        synchronized long lastId() {
            return lastId;
        }

        synchronized long bytesRead() {
            return bytesRead;
        }

        synchronized long heartbeats() {
            return heartbeats;
        }

        /** Closes this listener's connection and opens another with {@code Last-Event-ID}, as a browser would. */
        void reconnect() {
            loop.submit(() -> {
                long last;
                synchronized (this) {
                    last = lastId;
                }
                closeChannel();
                connect(last);
            });
        }

        private void connect(long lastEventId) {
            if (closed) {
                return;
            }
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (kind == Kind.SLOW) {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                    budgetSinceNanos = System.nanoTime();
                }
                String text = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n"
                        + (gzip ? "Accept-Encoding: gzip\r\n" : "")
                        + (lastEventId >= 0 ? "Last-Event-ID: " + lastEventId + "\r\n" : "") + "\r\n";
                request = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                parser = new SseStreamParser(this);
                status = 0;
                if (lastEventId >= 0 || kind == Kind.RECONNECTING && lastId >= 0) {
                    pending = new Reconnect(lastEventId, newestId.get(), clock.nowMicros(), -1, -1);
                }
                boolean connected = channel.connect(address);
                key = channel.register(loop.selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
            } catch (IOException e) {
                failed.incrementAndGet();
                retryLater();
            }
        }

        /** As {@code EventSource} does after a failure: closes, and connects again a second later with its last id. */
        private void retryLater() {
            closeChannel();
            long last = lastId;
            retries.schedule(() -> loop.submit(() -> {
                if (channel == null) {
                    connect(last);
                }
            }), 1, TimeUnit.SECONDS);
        }

        private void ready(SelectionKey readyKey) {
            try {
                if (!readyKey.isValid()) {
                    return;
                }
                if (readyKey.isConnectable()) {
                    channel.finishConnect();
                    readyKey.interestOps(SelectionKey.OP_WRITE);
                }
                if (readyKey.isValid() && readyKey.isWritable()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        readyKey.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (readyKey.isValid() && readyKey.isReadable()) {
                    read();
                }
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
                retryLater();
            }
        }

        private void read() throws IOException {
            ByteBuffer buffer = loop.buffer;
            for (int reads = 0; reads < 4; reads++) {
                buffer.clear();
                if (kind == Kind.SLOW) {
                    long allowed = slowAllowance();
                    if (allowed <= 0) {
                        pauseReading();
                        return;
                    }
                    buffer.limit((int) Math.min(buffer.capacity(), allowed));
                }
                int n = channel.read(buffer);
                if (n < 0) {
                    if (!parser.ended() && !closed) {
                        dropped.incrementAndGet();
                        retryLater();
                    } else {
                        closeChannel();
                    }
                    return;
                }
                if (n == 0) {
                    return;
                }
                readMicros = clock.nowMicros();
                synchronized (this) {
                    bytesRead += n;
                }
                budgetBytes += n;
                parser.feed(buffer.array(), 0, n);
                if (channel == null || n < buffer.limit()) {
                    return;
                }
            }
        }

        private long slowAllowance() {
            long elapsed = System.nanoTime() - budgetSinceNanos;
            return elapsed * slowBytesPerSecond / 1_000_000_000L - budgetBytes;
        }

        private void pauseReading() {
            key.interestOps(0);
            long wait = (1 - slowAllowance()) * 1_000_000_000L / slowBytesPerSecond;
            resumeAtNanos = System.nanoTime() + Math.max(wait, TimeUnit.MILLISECONDS.toNanos(20));
            loop.paused.add(this);
        }

        private void resumeReading() {
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void closeChannel() {
            if (parser != null) {
                parser.close();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closed anyway
                }
                channel = null;
            }
            key = null;
        }

        @Override
        public void headers(int code, boolean gzipped) {
            status = code;
            if (code != 200) {
                refused.incrementAndGet();
                closeChannel();
            }
        }

        @Override
        public void event(long id) {
            long at = readMicros;
            synchronized (this) {
                if (events == ids.length) {
                    ids = Arrays.copyOf(ids, events * 2);
                    micros = Arrays.copyOf(micros, events * 2);
                }
                ids[events] = id;
                micros[events] = at;
                events++;
                lastId = id;
            }
            newestId.accumulateAndGet(id, Math::max);
            if (pending != null) {
                reconnects.add(new Reconnect(pending.lastEventId(), pending.newestAtConnectId(), pending.connectMicros(), id, at));
                pending = null;
            }
        }

        @Override
        public void comment() {
            synchronized (this) {
                heartbeats++;
            }
        }

        @Override
        public void ended() {
            closeChannel();
        }

        @Override
        public boolean wantsAsOf(long id) {
            return !asOfMicros.containsKey(id);
        }

        @Override
        public void asOf(long id, long epochMicros) {
            asOfMicros.putIfAbsent(id, epochMicros);
        }
    }
}
